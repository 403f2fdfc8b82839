// What the API asks of the workflow's waiting steps. The router only sees this interface; `wiring.ts` binds it
// to the handlers' exported operations (verification, review, fee acceptance, partner acknowledgement).
import type { RightsRequest } from '../../domain/request/model.ts';
import type { PartnerNoticeView } from '../await-acknowledgements/notice-view.ts';
import type { PartnerAnswer } from '../await-acknowledgements/operations.ts';
import type { AnsweredExplanation } from '../fulfil-right/answer-explanation.ts';
import type { DecidedTransfer } from '../fulfil-right/decide-transfer.ts';
import type { LiftedRestrictions } from '../fulfil-right/lift-restriction.ts';
import type { SettledCorrection } from '../fulfil-right/settle-correction.ts';
import type { IdentifierChange } from '../request-verification/identifiers.ts';
import type { DocumentReview, ResendResult, VerifyCodeResult } from '../request-verification/operations.ts';
import type { InboundSms, SmsReplyResult } from '../request-verification/sms-reply.ts';
import type {
  CorrectionBody,
  ExplanationAnswerBody,
  HotlineChecks,
  RestrictionLiftBody,
  ReviewBody,
  TransferDecisionBody,
} from './schemas.ts';

export type { PartnerNoticeView } from '../await-acknowledgements/notice-view.ts';
export type { PartnerAnswer } from '../await-acknowledgements/operations.ts';
export type { ResendResult, VerifyCodeResult } from '../request-verification/operations.ts';

export interface PartnerAckResult {
  requestId: string;
  partnerId: string;
  /** The same link clicked twice: still a success. */
  alreadyAcknowledged: boolean;
}

export interface ApiOperations {
  /** The one-time code the person received, typed in or read out to staff (`staffUser`: who entered it). */
  verifyCode(requestId: string, code: string, staffUser?: string): Promise<VerifyCodeResult>;
  /** Staff checked name, ID number, card and phone on the call. */
  recordStaffVerification(requestId: string, staffUser: string, checks: HotlineChecks): Promise<void>;
  /** The privacy officer reviewed the requester's documents (guardian, relative of a deceased person, agent). */
  recordDocumentReview(requestId: string, officer: string, review: DocumentReview): Promise<void>;
  /** Staff add or correct identifiers before verification (audited); a live code is retired and a new one sent. */
  updateIdentifiers(
    requestId: string,
    staffUser: string,
    change: IdentifierChange,
  ): Promise<{ request: RightsRequest; codeSent: boolean; verificationReset: boolean }>;
  decideReview(requestId: string, officer: string, decision: ReviewBody): Promise<void>;
  /** The person's answer to a fee quote, recorded by staff. */
  acceptFee(requestId: string, accepted: boolean, staffUser: string, paymentReference?: string): Promise<void>;
  /** A new code when the last one expired or was used up; not while it is live, too soon, or beyond the limits. */
  resendVerificationCode(requestId: string): Promise<ResendResult>;
  /** An SMS reply the company's gateway forwarded (signature already checked by the route). */
  receiveSmsReply(sms: InboundSms): Promise<SmsReplyResult>;
  /** undefined when the token's signature or content is not valid. */
  recordPartnerAck(token: string, answer?: PartnerAnswer): Promise<PartnerAckResult | undefined>;
  /** The notice behind a partner's link, for the page (undefined when the token is not ours). */
  readPartnerNotice(token: string): Promise<PartnerNoticeView | undefined>;
  /** A new download link (and code) for an export package whose link lapsed or whose code entries ran out. */
  /**
   * Staff settle a correction (applied through the connector or by hand, or not made with a reason): recorded once,
   * the correction task closes and the waiting reply resumes (or, after the cut-off, a letter of its own goes).
   */
  settleCorrection(requestId: string, decision: CorrectionBody, staffUser: string): Promise<SettledCorrection>;
  /** The privacy officer answers the person's question: recorded once, the reply that waits for it resumes. */
  answerExplanation(requestId: string, body: ExplanationAnswerBody, officer: string): Promise<AnsweredExplanation>;
  /** The privacy officer confirms or refuses a transfer to the company the person named: sent or refused once. */
  decideTransfer(requestId: string, body: TransferDecisionBody, officer: string): Promise<DecidedTransfer>;
  /** Staff lift restrictions the person asked to lift: the processing resumes, the person and partners are told. */
  liftRestrictions(requestId: string, ask: RestrictionLiftBody, staffUser: string): Promise<LiftedRestrictions>;
  reissueDownload(
    requestId: string,
    right: 'access' | 'copy' | 'portability',
    staffUser: string,
  ): Promise<{ round: number; expiresAt: string; mailed: boolean }>;
}
