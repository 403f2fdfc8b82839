// The outcome and the reply letter, decided from what the store recorded (never from the state JSON).

import type { LetterKind, Policy } from '../../domain/policy/schema.ts';
import { erasureNotes, heldForLetter, type LetterData } from '../../domain/replies/index.ts';
import type { Outcome, RightsRequest } from '../../domain/request/model.ts';
import { decideOutcome, type RightResultStatus } from '../../domain/rules/index.ts';
import { type FulfilResult, type FulfilStatus, UNVERIFIED_CODE, WITHHELD_CODE } from '../fulfil-right/results.ts';
import type { RecordedPlan } from '../plan-notices/step.ts';
import { PLAN_KEY } from '../plan-notices/step.ts';
import type { RecordedReview } from '../request-review/operations.ts';
import { isVerified } from '../request-verification/operations.ts';
import type { StepDeps } from '../shared/deps.ts';
import { onBehalfOf } from '../shared/on-behalf.ts';
import { fulfilKey } from '../shared/step.ts';
import { generalNotes } from './general-notes.ts';

const STATUS: Record<FulfilStatus, RightResultStatus> = {
  done: 'done',
  partial: 'partial',
  refused: 'refused',
  // Nothing held about the person: the answer to the right is complete.
  no_data: 'done',
  // Everything asked to be erased is held: reported with the holds (a held outcome of its own is outcome.ts's to add).
  held: 'partial',
  pending_staff: 'partial',
};

export type Letter = {
  [K in LetterKind]: { kind: K; data: LetterData<K> };
}[LetterKind];

const text = (zh: string, en: string) => ({ zh, en });

export async function decideReply(deps: StepDeps, r: RightsRequest): Promise<{ outcome: Outcome; letter: Letter }> {
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
  const fee = (await deps.store.getTask(r.id, 'fee_acceptance'))?.result as { accepted?: boolean } | undefined;
  const results = new Map<string, FulfilResult>();
  for (const right of r.rights) {
    const res = await deps.store.getStepResult<FulfilResult>(r.id, fulfilKey(right));
    if (res) results.set(right, res);
  }
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
      if (!res) return { right, status: 'not_applicable' as const };
      // The export exists but is not delivered yet (signed download comes later): not a completed copy.
      return { right, status: res.exportKey && res.status === 'done' ? ('partial' as const) : STATUS[res.status] };
    }),
    heldCategories: held.length,
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
  if (finalOutcome === 'refused' || finalOutcome === 'fee_declined') {
    const reasons = [];
    if (review?.reasons) reasons.push(text(review.reasons, review.reasons));
    for (const res of results.values())
      if (res.status === 'refused' && res.reason) reasons.push(text(res.reason.zh, res.reason.en));
    if (finalOutcome === 'fee_declined')
      reasons.push(
        text(
          '您未在期限内接受费用报价，我们因此未处理本次重复请求（隐私政策第四条第（四）项）。',
          'The fee quote was not accepted in time, so this repeated request was not processed (privacy policy §4(4)).',
        ),
      );
    return {
      outcome: finalOutcome,
      letter: {
        kind: 'refused',
        data: {
          ...base,
          exceptionCodes: (review?.exceptionCodes ?? []) as never,
          reasons,
          // 未成年人网络保护条例 art. 34 covers a minor's guardian as well as a child under 14.
          minor: r.minor || r.requester.type === 'guardian',
        },
      },
    };
  }
  const plan = await deps.store.getStepResult<RecordedPlan>(r.id, PLAN_KEY);
  const erased = [...new Set([...results.values()].flatMap((x) => x.erased ?? []))];
  const backupPurgeBy = results.get('delete')?.backupPurgeBy ?? null;
  const notes = [
    ...replyNotes(results, r.id, deps.policy),
    ...[...results.values()].flatMap((res) => erasureNotes(res, deps.policy)),
  ];
  const common = { ...base, erased, backupPurgeBy, recipientsNotified: plan?.notices.length ?? 0, notes };
  if (finalOutcome === 'partially_completed') {
    const refusedReasons = [];
    for (const res of results.values())
      if (res.status === 'refused' && res.reason && res.reason.code !== WITHHELD_CODE)
        refusedReasons.push(text(res.reason.zh, res.reason.en));
    if (review?.decision === 'partial' && review.reasons) refusedReasons.push(text(review.reasons, review.reasons));
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
          refusedReasons,
          withheldRights,
          withheldCategories,
        },
      },
    };
  }
  return { outcome: finalOutcome, letter: { kind: 'completed', data: common } };
}

function replyNotes(results: Map<string, FulfilResult>, requestId: string, policy: Policy) {
  const notes: { zh: string; en: string }[] = [];
  for (const res of results.values()) {
    // Answered in general terms: lines that do not depend on whether anything was found (send-reply/general-notes.ts).
    if (res.disclosure === 'general') {
      notes.push(...generalNotes(res, policy));
      continue;
    }
    if (res.status === 'no_data') {
      notes.push(
        text(
          '经核查，我们未找到与您提供的身份信息相符的个人信息。',
          'We hold no personal information matching the identifiers you gave.',
        ),
      );
      // Nothing was found, so nothing was stopped or changed: no other line for this right (D14).
      continue;
    }
    if (res.summary) {
      const total = res.summary.reduce((n, s) => n + s.records, 0);
      notes.push(
        text(
          `我们持有您 ${res.summary.length} 类个人信息，共 ${total} 条记录（详见附后说明）。`,
          `We hold ${res.summary.length} categories of your personal information, ${total} records in all.`,
        ),
      );
    }
    if (res.exportKey)
      notes.push(
        text(
          `导出文件已生成，尚未交付；我们将通过安全方式另行提供（请求编号 ${requestId}）。`,
          `The export file has been prepared but not yet delivered; we will provide it separately by secure means (request ${requestId}).`,
        ),
      );
    if (res.right === 'withdraw_consent')
      notes.push(text('我们已停止基于您同意的营销推送。', 'We have stopped marketing based on your consent.'));
    if (res.right === 'restrict')
      notes.push(
        text(
          '我们已限制对您个人信息的处理，仅保存并采取安全措施。',
          'Processing of your data is restricted to storage and security measures.',
        ),
      );
    if (res.status === 'pending_staff')
      notes.push(
        text(
          '您的更正请求已转交工作人员处理，完成后另行告知。',
          'Your correction is with our staff; we will confirm once it is applied.',
        ),
      );
  }
  return notes;
}
