// Binds the API's operations to the waiting steps' handlers over the full step deps that the local runtime or
// the Lambda entry built (both spread StepDeps into ApiDeps). Static imports only, so that esbuild bundles them.
import { readPartnerNotice } from '../await-acknowledgements/notice-view.ts';
import { answerExplanation } from '../fulfil-right/answer-explanation.ts';
import { decideTransfer } from '../fulfil-right/decide-transfer.ts';
import { liftRestrictions } from '../fulfil-right/lift-restriction.ts';
import { settleCorrection } from '../fulfil-right/settle-correction.ts';
import { acceptFee } from '../request-fee-acceptance/operations.ts';
import { decideReview } from '../request-review/operations.ts';
import { updateIdentifiers } from '../request-verification/identifiers.ts';
import {
  recordDocumentReview,
  recordStaffVerification,
  resendVerificationCode,
  verifyCode,
} from '../request-verification/operations.ts';
import { receiveSmsReply } from '../request-verification/sms-reply.ts';
import { recordPartnerAck } from '../send-recipient-notice/operations.ts';
import { reissueDownload } from '../send-reply/reissue.ts';
import type { StepDeps } from '../shared/deps.ts';
import type { ApiDeps } from './deps.ts';
import type { ApiOperations } from './operations.ts';

const NEEDED = ['mailer', 'callbacks', 'company', 'cipher', 'blobs', 'scheduler', 'metrics'] as const;

export async function handlerOperations(deps: ApiDeps): Promise<ApiOperations> {
  const missing = NEEDED.filter((k) => deps[k] === undefined);
  if (missing.length > 0)
    throw new Error(`the API's step operations need the full step deps; missing ${missing.join(', ')}`);
  const steps = deps as unknown as StepDeps;
  return {
    verifyCode: (id, code, user) => verifyCode(steps, id, code, user ? `staff:${user}` : 'requester'),
    recordStaffVerification: (id, user, checks) => recordStaffVerification(steps, id, user, checks),
    recordDocumentReview: (id, officer, review) => recordDocumentReview(steps, id, officer, review),
    updateIdentifiers: (id, user, change) => updateIdentifiers(steps, id, user, change),
    receiveSmsReply: (sms) => receiveSmsReply(steps, sms),
    decideReview: (id, officer, decision) => decideReview(steps, id, officer, decision),
    acceptFee: (id, accepted, user, paymentReference) =>
      acceptFee(steps, id, accepted, `staff:${user}`, paymentReference),
    resendVerificationCode: (id) => resendVerificationCode(steps, id),
    // Marks the notice acknowledged and, with the last one, resumes AwaitAcknowledgements through the callbacks.
    recordPartnerAck: (token, answer) => recordPartnerAck(steps, token, answer),
    readPartnerNotice: (token) => readPartnerNotice(steps, token),
    settleCorrection: (id, decision, user) => settleCorrection(steps, id, decision, user),
    liftRestrictions: (id, ask, user) => liftRestrictions(steps, id, ask, user),
    answerExplanation: (id, body, officer) => answerExplanation(steps, id, body.answer, officer),
    decideTransfer: (id, body, officer) => decideTransfer(steps, id, body, officer),
    reissueDownload: (id, right, user) => reissueDownload(steps, id, right, user),
  };
}
