// withdraw_consent (PIPL art. 15; policy §1(1)5, §4(3)): the scope is read from the person's words (domain/scopes),
// never "everything": each named consent-based processing stops (the connector's withdrawConsent), and the data that
// rested only on that consent (profile tags and survey answers, call recordings) is erased through the erasure guard
// with the ground "consent withdrawn" (PIPL art. 47 ¶1(3)) — holds win, what a duty keeps stays storage only. Recorded
// per scope so the letter says exactly what stopped, what was erased and what was kept, and the entrusted processor
// is told (PlanRecipientNotices). Words that name no known processing stop nothing: the letter lists what can be
// withdrawn and asks.
import type { ConsentScope } from '../../../domain/policy/schema.ts';
import type { RightsRequest } from '../../../domain/request/model.ts';
import { readConsentScopes } from '../../../domain/scopes/index.ts';
import type { StepDeps } from '../../shared/deps.ts';
import { eraseGuarded } from '../../shared/erasure.ts';
import type { FulfilResult } from '../results.ts';

export const SCOPE_UNCLEAR_CODE = 'consent_scope_unclear';

/** What the request's words are: the mail's subject line and body, or the hotline notes. */
export function requestWords(r: RightsRequest): string {
  return [r.source.subjectLine, r.details].filter(Boolean).join('\n');
}

export async function withdrawConsent(
  deps: StepDeps,
  r: RightsRequest,
  customerId: string,
  now: Date,
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const processing = deps.policy.processing;
  const scopes = readConsentScopes(requestWords(r), processing);
  if (scopes.length === 0) {
    const list = processing.consentProcessings;
    return {
      status: 'refused',
      customerId,
      scope: [],
      reason: {
        code: SCOPE_UNCLEAR_CODE,
        zh: `我们未能从您的请求中确定您要撤回哪一项同意，因此尚未停止任何处理。基于您同意的处理有：${list.map((p) => p.zh).join('；')}。请回复本函或致电客服说明要撤回的项目，我们将立即办理。`,
        en: `We could not tell from your request which consent you withdraw, so nothing has been stopped yet. The processing based on your consent is: ${list.map((p) => p.en).join('; ')}. Reply to this letter or call us naming what you withdraw and we will act at once.`,
      },
    };
  }
  const present = (await deps.company.describe(customerId)).map((d) => d.category);
  const withdrawn: NonNullable<FulfilResult['withdrawn']> = [];
  for (const scope of scopes) {
    const { active } = await deps.company.withdrawConsent(customerId, scope);
    withdrawn.push({ scope, active, ...(await eraseRestingOn(deps, r, customerId, scope, present, now)) });
  }
  const kept = withdrawn.some((w) => w.held.length > 0);
  // Who must hear of it (the entrusted processor doing that processing): read now, recorded with the result.
  const recipients = withdrawn.some((w) => w.active) ? await deps.company.recipientsOf(customerId) : [];
  return { status: kept ? 'partial' : 'done', customerId, scope: scopes, withdrawn, recipients };
}

/** Erases, through the guard, the data that rested only on this consent; what a hold keeps is storage only. */
async function eraseRestingOn(
  deps: StepDeps,
  r: RightsRequest,
  customerId: string,
  scope: ConsentScope,
  present: readonly string[],
  now: Date,
) {
  const def = deps.policy.processing.consentProcessings.find((p) => p.code === scope);
  // Marketing messages: the opt-out itself is kept (so that nothing is sent again); nothing else rests on it.
  const categories = scope === 'marketing_messages' ? [] : (def?.categories ?? []).filter((c) => present.includes(c));
  if (categories.length === 0) return { erased: 0, held: [] };
  const { plan, counts } = await eraseGuarded(deps, {
    customerId,
    present: categories,
    requested: categories,
    assertedGround: 'consent_withdrawn',
    consentScope: scope,
    minor: r.minor,
    now,
  });
  const erased = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  return { erased, held: plan.hold.map((h) => ({ category: h.category, until: h.until })) };
}
