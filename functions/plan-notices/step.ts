// PlanRecipientNotices: which partners must hear of what the request did — erased categories, held categories at the
// processors acting for us, ended quick-pay agreements, a closed account (domain planNotices over the registry in
// policy/), from the recorded erasing results. Recorded once: the Map of notices follows this plan.
import * as z from 'zod';
import { shanghaiDate } from '../../domain/identity/shanghai-date.ts';
import { type DataCategory, RequestId } from '../../domain/request/model.ts';
import { governingHold, type Hold, type NoticeExtras, type NoticePlan, planNotices } from '../../domain/rules/index.ts';
import { CORRECTION_KEY, type RecordedCorrection } from '../fulfil-right/correction-record.ts';
import { erasedCategories, erasureResults, type FulfilResult } from '../fulfil-right/results.ts';
import type { StepDeps } from '../shared/deps.ts';
import { defineStep, fulfilKey } from '../shared/step.ts';

export const PLAN_KEY = 'plan';
export interface RecordedPlan {
  notices: NoticePlan[];
}

/** Held categories (the governing hold each), ended quick-pay agreements and an account closure, from the results. */
export function noticeExtras(results: readonly FulfilResult[]): NoticeExtras {
  const held = new Map<Hold['category'], Hold>();
  for (const h of results.flatMap((x) => x.held ?? [])) {
    const cur = held.get(h.category);
    held.set(h.category, cur ? governingHold(cur, h) : h);
  }
  const cancellations = results
    .flatMap((x) => x.bindingsEnded ?? [])
    .flatMap((b) =>
      [b.issuingBank, ...b.clearing].map((partnerId) => ({
        partnerId,
        cardLast4: b.cardLast4,
        endedOn: shanghaiDate(new Date(b.endedAt)),
      })),
    );
  const closedAt = results.find((x) => x.accountClosedAt)?.accountClosedAt;
  // A cancellation holds only its cards' records; anything else held covers the whole category.
  const holding = results.filter((x) => (x.held?.length ?? 0) > 0);
  const onlyCards = holding.length > 0 && holding.every((x) => x.right === 'cancel_quickpay');
  return {
    ...(onlyCards ? { heldCards: holding.flatMap((x) => (x.bindingsEnded ?? []).map((b) => b.cardLast4)) } : {}),
    held: [...held.values()].map((h) => ({ category: h.category, until: h.until })),
    cancellations,
    ...(closedAt ? { accountClosedOn: shanghaiDate(new Date(closedAt)) } : {}),
  };
}

/**
 * A correction applied before the reply (AwaitFollowUps waited for it): its categories and every partner the
 * company's records show received this person's data (the plan keeps those whose registry entry has the category).
 */
async function correctedFor(
  deps: StepDeps,
  requestId: string,
): Promise<{ categories: DataCategory[]; recipients: string[] }> {
  const settled = await deps.store.getStepResult<RecordedCorrection>(requestId, CORRECTION_KEY);
  if (settled?.outcome !== 'applied' || settled.categories.length === 0) return { categories: [], recipients: [] };
  // Read by the API when the correction was applied (this step never calls the company: grant-by-use).
  return { categories: settled.categories, recipients: settled.recipients ?? [] };
}

/** Consents withdrawn where the person's data was in the processing, as notices name them. */
async function withdrawnFor(deps: StepDeps, requestId: string) {
  const res = await deps.store.getStepResult<FulfilResult>(requestId, fulfilKey('withdraw_consent'));
  return (res?.withdrawn ?? [])
    .filter((w) => w.active)
    .flatMap((w) => {
      const def = deps.policy.processing.consentProcessings.find((d) => d.code === w.scope);
      if (!def) return [];
      return [
        {
          scope: w.scope,
          zh: def.zh,
          en: def.en,
          categories: def.categories,
          deletes: w.erased > 0 || w.scope !== 'marketing_messages' ? { zh: def.deletes.zh, en: def.deletes.en } : null,
        },
      ];
    });
}

/** Processings restricted where the person's data was in them, as notices name them (processors acting for us). */
async function restrictedFor(deps: StepDeps, requestId: string) {
  const res = await deps.store.getStepResult<FulfilResult>(requestId, fulfilKey('restrict'));
  const restrictions = (res?.restrictions ?? []).filter((x) => x.active && x.liftedAt === null);
  return {
    recipients: res?.recipients ?? [],
    notices: restrictions.flatMap((x) => {
      const def = deps.policy.processing.restrictableProcessings.find((d) => d.code === x.scope);
      if (!def || def.categories.length === 0) return [];
      const since = shanghaiDate(new Date(x.since));
      // The policy names the processing to the person ("您的个人信息"); the partner reads about "该个人".
      const zh = def.zh.replace('您的', '该个人的');
      const en = def.en.replace('your ', "the person's ");
      return [{ scope: x.scope, zh, en, since, categories: def.categories }];
    }),
  };
}

export const step = defineStep({
  name: 'PlanRecipientNotices',
  input: z.object({ requestId: RequestId }),
  async run({ requestId }, deps) {
    let plan = await deps.store.getStepResult<RecordedPlan>(requestId, PLAN_KEY);
    if (!plan) {
      const results = await erasureResults(deps.store, requestId, { all: true });
      const erased = erasedCategories(results);
      const correction = await correctedFor(deps, requestId);
      const restriction = await restrictedFor(deps, requestId);
      // A withdrawal or a restriction records its recipients itself (FulfilRight read them), like erasures do.
      const recipients = [
        ...new Set([
          ...results.flatMap((x) => x.recipients ?? []),
          ...correction.recipients,
          ...restriction.recipients,
        ]),
      ];
      const notices = planNotices(
        recipients,
        erased,
        deps.policy.recipients,
        {
          now: deps.clock.now(),
          calendar: deps.calendar,
          defaultEscalationContact: deps.config.privacyOfficerEmail,
        },
        {
          ...noticeExtras(results),
          corrected: correction.categories,
          consentWithdrawn: await withdrawnFor(deps, requestId),
          processingRestricted: restriction.notices,
        },
      );
      if (await deps.store.putStepResult(requestId, PLAN_KEY, { notices }))
        await deps.store.appendEvent(requestId, {
          type: 'notices_planned',
          actor: 'workflow:PlanRecipientNotices',
          data: { partners: notices.map((n) => n.partnerId), erased, corrected: correction.categories },
        });
      plan = (await deps.store.getStepResult<RecordedPlan>(requestId, PLAN_KEY)) ?? { notices };
    }
    return { notices: plan.notices.map((n) => ({ requestId, partnerId: n.partnerId })) };
  },
});
