// The person's answer to a fee quote (staff record it from mail or phone).
import type { StepDeps } from '../shared/deps.ts';
import { completeWaitingTask, stepError } from '../shared/step.ts';

export async function acceptFee(deps: StepDeps, requestId: string, accepted: boolean, actor: string): Promise<void> {
  if (!(await completeWaitingTask(deps, requestId, 'fee_acceptance', { status: 'succeeded', result: { accepted } })))
    throw stepError('Task.NotOpen', `no open fee quote for ${requestId}`);
  await deps.store.appendEvent(requestId, { type: accepted ? 'fee_accepted' : 'fee_declined', actor });
}
