// The outcome and the reply letter, decided from what the store recorded (never from the state JSON).

import type { ExceptionCode, LetterKind } from '../../domain/policy/schema.ts';
import { neutralLetterData } from '../../domain/replies/confidential.ts';
import { erasureNotes, heldForLetter, type LetterData, noticeNotes } from '../../domain/replies/index.ts';
import type { Outcome, RightsRequest } from '../../domain/request/model.ts';
import { decideOutcome, type RightResultStatus, resolveBases } from '../../domain/rules/index.ts';
import { CHECKS_KEY, type RecordedChecks } from '../check-exceptions/step.ts';
import { ANSWER_KEY, answeredResult } from '../fulfil-right/answer-explanation.ts';
import { CORRECTION_KEY, settledResult } from '../fulfil-right/correction-record.ts';
import { DECISION_KEY, transferredResult } from '../fulfil-right/decide-transfer.ts';
import { type FulfilResult, TRANSFER_REFUSED_CODE, UNVERIFIED_CODE, WITHHELD_CODE } from '../fulfil-right/results.ts';
import type { RecordedPlan } from '../plan-notices/step.ts';
import { PLAN_KEY } from '../plan-notices/step.ts';
import type { RecordedReview } from '../request-review/operations.ts';
import { isVerified } from '../request-verification/operations.ts';
import type { StepDeps } from '../shared/deps.ts';
import { onBehalfOf } from '../shared/on-behalf.ts';
import { fulfilKey } from '../shared/step.ts';
import { disclosureOf, replyNotes } from './content.ts';
import { prepareDownloads } from './downloads.ts';
import { generalNotes } from './general-notes.ts';

/** How each recorded result counts towards the outcome (domain/rules/outcome.ts). */
function rightStatus(res: FulfilResult): RightResultStatus {
  switch (res.status) {
    case 'done':
    // Nothing held about the person: the answer to the right is complete.
    case 'no_data':
      return 'done';
    case 'refused':
      return 'refused';
    // Everything asked to be erased is held: nothing was done for this right.
    case 'held':
      return 'held';
    case 'pending_staff':
    case 'partial':
      return 'partial';
  }
}

export type Letter = {
  [K in LetterKind]: { kind: K; data: LetterData<K> };
}[LetterKind];

const text = (zh: string, en: string) => ({ zh, en });

export async function decideReply(
  deps: StepDeps,
  r: RightsRequest,
): Promise<{ outcome: Outcome; letter: Letter; confidential?: true }> {
  const results = new Map<string, FulfilResult>();
  for (const right of r.rights) {
    const res = await deps.store.getStepResult<FulfilResult>(r.id, fulfilKey(right));
    if (res) results.set(right, res);
  }
  // A correction staff settled while the reply waited (AwaitFollowUps) is reported as settled, not as pending.
  const correction = results.get('correct');
  if (correction)
    results.set('correct', settledResult(correction, await deps.store.getStepResult(r.id, CORRECTION_KEY)));
  // Likewise the privacy officer's answer to the person's question (still pending when the cut-off came first).
  const explanation = results.get('explain');
  if (explanation)
    results.set('explain', answeredResult(explanation, await deps.store.getStepResult(r.id, ANSWER_KEY)));
  // A transfer to the company the person named: refused by the officer, or still being checked at the cut-off.
  const portability = results.get('portability');
  if (portability)
    results.set('portability', transferredResult(portability, await deps.store.getStepResult(r.id, DECISION_KEY)));
  const decided = await decideLetter(deps, r, results);
  // Under a legal hold nothing the person reads may hint at it — not even the policy's own words (AML Law art. 7).
  const checks = await deps.store.getStepResult<RecordedChecks>(r.id, CHECKS_KEY);
  const heldLegally = [...results.values()].some((res) => (res.held ?? []).some((h) => h.kind === 'legal_hold'));
  if ((checks?.legalHolds?.length ?? 0) === 0 && !heldLegally) return decided;
  // The data now, the rendered lines (templates' own words too) when it is rendered.
  return { outcome: decided.outcome, letter: neutralLetterData(decided.letter), confidential: true };
}

/** The outcome and the letter from the recorded results of each right (read once by decideReply). */
async function decideLetter(
  deps: StepDeps,
  r: RightsRequest,
  results: ReadonlyMap<string, FulfilResult>,
): Promise<{ outcome: Outcome; letter: Letter }> {
  // A guardian or a relative is spoken to as such; the child or the deceased is named only once verified.
  const base = {
    requestId: r.id,
    rights: r.rights,
    receivedOn: r.deadline.receivedOn,
    ...onBehalfOf(r, isVerified(r)),
  };
  const verification = await deps.store.getTask(r.id, 'verification');
  const verifiedBefore = isVerified(r) && verification?.status !== 'failed';
  const review = (await deps.store.getTask(r.id, 'review'))?.result as RecordedReview | undefined;
  const feeTask = await deps.store.getTask(r.id, 'fee_acceptance');
  const fee = feeTask?.result as { accepted?: boolean; expired?: boolean } | undefined;
  // FulfilRight refuses to act for an unverified person: such a request is answered "unable to verify", nothing else.
  const verified = verifiedBefore && ![...results.values()].some((res) => res.reason?.code === UNVERIFIED_CODE);
  const held = [...results.values()].flatMap((res) => res.held ?? []);
  const refused = review?.decision === 'refuse';
  const feeDeclined = review?.decision === 'fee_quote' && fee?.accepted !== true;
  const outcome = decideOutcome({
    verified,
    refused,
    feeDeclined,
    rights: r.rights.map((right) => {
      const res = results.get(right);
      return { right, status: res ? rightStatus(res) : ('not_applicable' as const) };
    }),
  });
  const partialByOfficer = review?.decision === 'partial';
  const finalOutcome: Outcome = partialByOfficer && outcome === 'completed' ? 'partially_completed' : outcome;

  if (finalOutcome === 'unable_to_verify')
    return {
      outcome: finalOutcome,
      letter: {
        kind: 'unable_to_verify',
        data: { ...base, windowWorkingDays: deps.policy.settings.verification.windowWorkingDays },
      },
    };
  // What the officer's refusal rests on, in the letter's words (bases as data; exception codes of older reviews too).
  const officerReasons = review
    ? [
        ...(review.bases ?? resolveBases([], review.exceptionCodes as ExceptionCode[], deps.policy)),
        ...(review.reasons ? [text(review.reasons, review.reasons)] : []),
      ].map((b) => text(b.zh, b.en))
    : [];
  // A quote not accepted: the request counts as withdrawn (the quote said so), not refused: no refusal, no lawsuit line.
  if (finalOutcome === 'fee_declined') {
    if (!review?.fee) throw new Error(`request ${r.id}: a declined fee without a recorded quote`);
    return {
      outcome: finalOutcome,
      letter: {
        kind: 'withdrawn',
        data: {
          ...base,
          cause: fee?.expired ? 'fee_lapsed' : 'fee_declined',
          amount: review.fee.amount,
          acceptBy: String(feeTask?.context?.['acceptBy'] ?? r.deadline.deadline),
        },
      },
    };
  }
  if (finalOutcome === 'refused') {
    const reasons = [...officerReasons];
    for (const res of results.values())
      if (res.status === 'refused' && res.reason) reasons.push(text(res.reason.zh, res.reason.en));
    return {
      outcome: finalOutcome,
      letter: {
        kind: 'refused',
        data: {
          ...base,
          reasons: uniqueTexts(reasons),
          // 未成年人网络保护条例 art. 34 covers a minor's guardian as well as a child under 14.
          minor: r.minor || r.requester.type === 'guardian',
        },
      },
    };
  }
  const plan = await deps.store.getStepResult<RecordedPlan>(r.id, PLAN_KEY);
  const erased = [...new Set([...results.values()].flatMap((x) => x.erased ?? []))];
  const backupPurgeBy = [...results.values()].find((x) => x.backupPurgeBy)?.backupPurgeBy ?? null;
  // Rights answered in general terms (below strong verification) get lines that do not depend on what was found.
  const general = [...results.values()].filter((res) => res.disclosure === 'general');
  const specific = new Map([...results].filter(([, res]) => res.disclosure !== 'general'));
  const notes = [
    ...general.flatMap((res) => generalNotes(res, deps.policy)),
    ...replyNotes(specific, deps.policy),
    ...[...specific.values()].flatMap((res) => erasureNotes(res, deps.policy)),
    ...noticeNotes(plan?.notices ?? []),
  ];
  const recipientsNotified = plan?.notices.length ?? 0;
  if (finalOutcome === 'held')
    return {
      outcome: finalOutcome,
      letter: { kind: 'held', data: { ...base, held: heldForLetter(held, deps.policy), recipientsNotified, notes } },
    };
  const common = {
    ...base,
    erased,
    backupPurgeBy,
    recipientsNotified,
    notes,
    disclosure: disclosureOf(deps, results),
    downloads: await prepareDownloads(deps, r, results),
  };
  if (finalOutcome === 'partially_completed') {
    const refusedReasons = [];
    // A refused transfer leaves the package delivered to the person (partial), its reason listed with the others.
    for (const res of results.values())
      if (
        (res.status === 'refused' || res.reason?.code === TRANSFER_REFUSED_CODE) &&
        res.reason &&
        res.reason.code !== WITHHELD_CODE
      )
        refusedReasons.push(text(res.reason.zh, res.reason.en));
    if (review?.decision === 'partial') refusedReasons.push(...officerReasons);
    // Exactly what the officer withheld and FulfilRight honoured (recorded per right), listed with the reasons.
    const withheldRights = [...results.values()]
      .filter((res) => res.reason?.code === WITHHELD_CODE)
      .map((res) => res.right);
    const withheldCategories = [...new Set([...results.values()].flatMap((res) => res.withheld ?? []))];
    return {
      outcome: finalOutcome,
      letter: {
        kind: 'partially_completed',
        data: {
          ...common,
          held: heldForLetter(held, deps.policy),
          refusedReasons: uniqueTexts(refusedReasons),
          withheldRights,
          withheldCategories,
        },
      },
    };
  }
  return { outcome: finalOutcome, letter: { kind: 'completed', data: common } };
}

/** Each reason once (a basis the officer chose may repeat what fulfilment refused on). */
function uniqueTexts(texts: readonly { zh: string; en: string }[]) {
  return texts.filter((t, i) => texts.findIndex((x) => x.zh === t.zh) === i);
}
