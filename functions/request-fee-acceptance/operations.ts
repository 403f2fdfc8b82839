// The person's answer to a fee quote, as staff record it (from mail or phone, with the payment's reference once
// paid). Accepting resumes the workflow into fulfilment; declining means the request is withdrawn (send-reply).
import type { StepDeps } from '../shared/deps.ts';
import { completeWaitingTask, stepError } from '../shared/step.ts';

export async function acceptFee(
  deps: StepDeps,
  requestId: string,
  accepted: boolean,
  actor: string,
  paymentReference?: string,
): Promise<void> {
  const result = { accepted, ...(accepted && paymentReference ? { paymentReference } : {}) };
  if (!(await completeWaitingTask(deps, requestId, 'fee_acceptance', { status: 'succeeded', result })))
    throw stepError('Task.NotOpen', `no open fee quote for ${requestId}`);
  await deps.store.appendEvent(requestId, {
    type: accepted ? 'fee_accepted' : 'fee_declined',
    actor,
    ...(accepted && paymentReference ? { data: { paymentReference } } : {}),
  });
}
