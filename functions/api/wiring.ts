// Binds the API's operations to the waiting steps' handlers over the full step deps that the local runtime or
// the Lambda entry built (both spread StepDeps into ApiDeps).
import { acceptFee } from '../request-fee-acceptance/operations.ts';
import { decideReview } from '../request-review/operations.ts';
import { recordStaffVerification, resendVerificationCode, verifyCode } from '../request-verification/operations.ts';
import type { StepDeps } from '../shared/deps.ts';
import type { ApiDeps } from './deps.ts';
import type { ApiOperations, PartnerAckResult } from './operations.ts';
import { recordPartnerAckFallback } from './partner-ack-fallback.ts';

type PartnerModule = {
  recordPartnerAck?: (deps: StepDeps, token: string) => Promise<PartnerAckResult | undefined>;
};

const NEEDED = ['mailer', 'callbacks', 'company', 'cipher', 'blobs', 'scheduler', 'metrics'] as const;

export async function handlerOperations(deps: ApiDeps): Promise<ApiOperations> {
  const missing = NEEDED.filter((k) => deps[k] === undefined);
  if (missing.length > 0)
    throw new Error(`the API's step operations need the full step deps; missing ${missing.join(', ')}`);
  const steps = deps as unknown as StepDeps;
  // The notice step's own operation when it exists (it may also resume AwaitAcknowledgements), else the fallback.
  const path = '../send-recipient-notice/operations.ts';
  const partner = (await import(path).catch(() => undefined)) as PartnerModule | undefined;
  const recordPartnerAck = partner?.recordPartnerAck ?? recordPartnerAckFallback;
  return {
    verifyCode: (id, code) => verifyCode(steps, id, code),
    recordStaffVerification: (id, user, checks) => recordStaffVerification(steps, id, user, checks),
    decideReview: (id, officer, decision) => decideReview(steps, id, officer, decision),
    acceptFee: (id, accepted, user) => acceptFee(steps, id, accepted, `staff:${user}`),
    resendVerificationCode: (id) => resendVerificationCode(steps, id),
    recordPartnerAck: (token) => recordPartnerAck(steps, token),
  };
}
