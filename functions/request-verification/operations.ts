// What completes identity verification from outside the workflow: the code the person received (typed in, read out to
// hotline staff, or sent back by SMS or mail), staff's hotline check, and a new code when the last one lapsed.
import { allMatched, HotlineChecks, hotlineCheckGaps } from '../../domain/request/hotline-checks.ts';
import {
  type Art49Conditions,
  type DocumentKind,
  meetsVerification,
  type Relation,
  type RequesterType,
  type RightsRequest,
  type Verification,
  type VerificationMethod,
} from '../../domain/request/model.ts';
import { verifiableOnCall } from '../../domain/request/on-call.ts';
import type { StepDeps } from '../shared/deps.ts';
import { completeWaitingTask, lookupCustomer, mustGetRequest, patchRequest, stepError } from '../shared/step.ts';
import { codeMatches } from './code.ts';
import { type NotSentReason, sendCode } from './send-code.ts';

export function isVerified(r: RightsRequest): boolean {
  return meetsVerification(r.verification.level, r.rights);
}

export type VerifyCodeResult =
  | { verified: true; method?: VerificationMethod }
  | { verified: false; reason: 'wrong_code' | 'expired' | 'too_many_attempts'; attemptsLeft?: number };

/** Who entered the code: the person (console, mail reply), the person by SMS reply, or staff who heard it on a call. */
export type CodeEnteredBy = 'requester' | 'sms_reply' | `staff:${string}`;

async function markVerified(
  deps: StepDeps,
  requestId: string,
  method: VerificationMethod,
  actor: string,
  verifiedBy?: string,
  level: 'strong' | 'contact' = 'strong',
  data: Record<string, unknown> = {},
  extra: Pick<Verification, 'documents' | 'art49'> = {},
): Promise<void> {
  const at = deps.clock.now().toISOString();
  await patchRequest(
    deps,
    requestId,
    (r) =>
      isVerified(r)
        ? undefined
        : {
            verification: { level, method, verifiedAt: at, ...(verifiedBy ? { verifiedBy } : {}), ...extra },
            verifiedAt: at,
          },
    { type: 'identity_verified', actor, data: { method, level, ...data } },
  );
  await completeWaitingTask(deps, requestId, 'verification', {
    status: 'succeeded',
    result: { verified: true, level, method },
  });
}

/** Checks the code the person received; on a match the request is verified and the workflow resumes. */
export async function verifyCode(
  deps: StepDeps,
  requestId: string,
  code: string,
  enteredBy: CodeEnteredBy = 'requester',
): Promise<VerifyCodeResult> {
  const r = await mustGetRequest(deps, requestId);
  if (isVerified(r)) return { verified: true, ...(r.verification.method ? { method: r.verification.method } : {}) };
  const rec = await deps.store.getVerificationCode(requestId);
  const task = await deps.store.getTask(requestId, 'verification');
  if (!rec || task?.status !== 'open') return { verified: false, reason: 'expired' };
  if (rec.expiresAt <= deps.clock.now().toISOString()) return { verified: false, reason: 'expired' };
  const n = await deps.store.countVerificationAttempt(requestId);
  if (n === undefined) return { verified: false, reason: 'too_many_attempts', attemptsLeft: 0 };
  const actor = enteredBy === 'sms_reply' ? 'requester' : enteredBy;
  if (!/^\d{4,10}$/.test(code.trim()) || !codeMatches(deps.config.subjectHashSalt, requestId, code, rec.codeHash)) {
    const attemptsLeft = Math.max(rec.maxAttempts - n, 0);
    await deps.store.appendEvent(requestId, {
      type: 'verification_code_rejected',
      actor,
      data: { attempt: n, attemptsLeft, via: enteredBy === 'sms_reply' ? 'sms_reply' : 'code' },
    });
    return attemptsLeft === 0
      ? { verified: false, reason: 'too_many_attempts', attemptsLeft: 0 }
      : { verified: false, reason: 'wrong_code', attemptsLeft };
  }
  // A code read out on a call proves the same as one typed in: it reached the phone or mailbox on file.
  await markVerified(deps, requestId, rec.method, actor, undefined, rec.level, {
    via: enteredBy === 'sms_reply' ? 'sms_reply' : enteredBy.startsWith('staff:') ? 'read_to_staff' : 'code',
  });
  return { verified: true, method: rec.method };
}

/**
 * Staff verified name, ID number, bank card and phone on a call: every check must have matched, against identifiers
 * the request actually carries (D10: "all four matched" on a request with none is no check at all), and never for a
 * relative of a deceased person (the deceased's details prove nothing about the caller: document review).
 */
export async function recordStaffVerification(
  deps: StepDeps,
  requestId: string,
  staffUser: string,
  checks: HotlineChecks,
): Promise<void> {
  const c = HotlineChecks.parse(checks);
  if (!allMatched(c))
    throw stepError('InvalidInput', 'hotline verification needs name, ID number, bank card and phone all matched');
  const r = await mustGetRequest(deps, requestId);
  if (!verifiableOnCall(r.requester.type))
    throw stepError(
      'Verification.DocumentReviewRequired',
      "a guardian, an agent or a relative of a deceased person is verified by the privacy officer's review of documents, not on a call",
    );
  if (hotlineCheckGaps(r.subject).length > 0)
    throw stepError(
      'Verification.NothingToVerify',
      'the request lacks the name or a valid ID number the checks are made against: add them first (POST /api/requests/{id}/identifiers)',
    );
  await refuseOnConflict(deps, r);
  await markVerified(deps, requestId, 'hotline_staff', `staff:${staffUser}`, staffUser);
}

/**
 * Staff cannot verify a request whose ID number and phone point to two different customers: whose records were the
 * answers (or the documents) compared with? The identifiers are corrected first (POST /api/requests/{id}/identifiers).
 */
async function refuseOnConflict(deps: StepDeps, r: RightsRequest): Promise<void> {
  if ((await lookupCustomer(deps, r)).kind === 'conflict')
    throw stepError(
      'Verification.IdentifierConflict',
      `${r.id}: the ID number and the phone point to different customers: correct the identifiers first`,
    );
}

/** What a privacy officer must have seen before verifying by documents, by who is asking. */
export const REQUIRED_DOCUMENTS: Record<RequesterType, DocumentKind[]> = {
  self: ['subject_identity'],
  guardian: ['requester_identity', 'guardianship'],
  relative_of_deceased: ['requester_identity', 'death_certificate', 'kinship'],
  agent: ['requester_identity', 'authorisation'],
};

/** The close relatives of Civil Code art. 1045 ¶2 (PIPL art. 49 "近亲属"); a guardian is not one by that title. */
const CLOSE_RELATIVES: ReadonlySet<Relation> = new Set([
  'parent',
  'child',
  'spouse',
  'sibling',
  'grandparent',
  'grandchild',
]);

export interface DocumentReview {
  documents: DocumentKind[];
  /** A relative of a deceased person: both art. 49 conditions, confirmed by the officer. */
  art49?: Art49Conditions;
  /** The requester's relation as the documents prove it (sets or corrects what intake read). */
  relation?: Relation;
}

/**
 * The privacy officer reviewed documents (PIPL arts. 31, 49): the requester's identity and authority — for a relative
 * of a deceased person, the proof of death and of close kinship, and the two conditions of art. 49.
 */
export async function recordDocumentReview(
  deps: StepDeps,
  requestId: string,
  officer: string,
  review: DocumentReview,
): Promise<void> {
  const r = await mustGetRequest(deps, requestId);
  const missing = REQUIRED_DOCUMENTS[r.requester.type].filter((d) => !review.documents.includes(d));
  if (missing.length > 0)
    throw stepError('Verification.DocumentsIncomplete', `documents still to be seen: ${missing.join(', ')}`);
  await refuseOnConflict(deps, r);
  const extra: Pick<Verification, 'documents' | 'art49'> = { documents: [...new Set(review.documents)] };
  if (r.requester.type === 'relative_of_deceased') {
    const relation = review.relation ?? r.requester.relation;
    if (!relation || !CLOSE_RELATIVES.has(relation))
      throw stepError(
        'Verification.NotCloseRelative',
        'PIPL art. 49 gives these rights to close relatives (spouse, parents, children, siblings, grandparents, grandchildren)',
      );
    if (!review.art49?.ownLawfulInterest || !review.art49.noContraryArrangement)
      throw stepError(
        'Verification.Art49',
        "PIPL art. 49: confirm the relative's own lawful interest and that the deceased made no contrary arrangement",
      );
    extra.art49 = { ownLawfulInterest: true, noContraryArrangement: true };
    if (relation !== r.requester.relation)
      await patchRequest(deps, requestId, (cur) => ({ requester: { ...cur.requester, relation } }));
  } else if (review.relation && review.relation !== r.requester.relation)
    await patchRequest(deps, requestId, (cur) => ({ requester: { ...cur.requester, relation: review.relation } }));
  await markVerified(
    deps,
    requestId,
    'document_review',
    `staff:${officer}`,
    officer,
    'strong',
    { documents: extra.documents, requesterType: r.requester.type, ...(extra.art49 ? { art49: extra.art49 } : {}) },
    extra,
  );
}

export type ResendResult =
  | { sent: true }
  | { sent: false; reason: NotSentReason | 'live_code' | 'not_waiting'; retryAfterSeconds?: number };

/**
 * A new code when the last one expired or its attempts are used up (the person asks again). Not while the current
 * one is live, not sooner than `resendAfterSeconds` after the last, and not beyond the codes allowed per request or
 * per phone per day (sendCode).
 */
export async function resendVerificationCode(deps: StepDeps, requestId: string): Promise<ResendResult> {
  const r = await mustGetRequest(deps, requestId);
  const task = await deps.store.getTask(requestId, 'verification');
  if (isVerified(r) || task?.status !== 'open') return { sent: false, reason: 'not_waiting' };
  const now = deps.clock.now();
  const current = await deps.store.getVerificationCode(requestId);
  if (current && current.expiresAt > now.toISOString() && current.attempts < current.maxAttempts)
    return { sent: false, reason: 'live_code' };
  if (current) {
    const wait = Date.parse(current.createdAt) + deps.policy.settings.verification.resendAfterSeconds * 1000;
    if (wait > now.getTime())
      return { sent: false, reason: 'too_soon', retryAfterSeconds: Math.ceil((wait - now.getTime()) / 1000) };
  }
  const res = await sendCode(deps, r, (current?.round ?? 0) + 1);
  return res.sent ? { sent: true } : { sent: false, reason: res.reason ?? 'no_contact_on_file' };
}
