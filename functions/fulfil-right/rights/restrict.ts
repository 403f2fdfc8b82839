// restrict (PIPL art. 44): the processing the person names — marketing use of their data, or providing it to a named
// recipient — is restricted from today until they ask us to lift it (POST /api/requests/{id}/restrictions/lift,
// lift-restriction.ts); never everything by default. The data stays in use for the service, and what a legal duty
// requires continues (policy/processing.yaml `duringRelationship`: AML monitoring, each payment's necessary
// recipients); the letter says both. Words that name no processing we know restrict nothing: the letter lists what
// can be restricted and asks. The processor acting for us that received the restricted processing's data is told
// (PlanRecipientNotices).
import type { RestrictionScope } from '../../../domain/policy/schema.ts';
import type { RightsRequest } from '../../../domain/request/model.ts';
import { readRestriction } from '../../../domain/scopes/index.ts';
import type { StepDeps } from '../../shared/deps.ts';
import type { FulfilResult } from '../results.ts';
import { requestWords } from './consent.ts';

export const RESTRICTION_UNCLEAR_CODE = 'restriction_scope_unclear';

export async function restrictProcessing(
  deps: StepDeps,
  r: RightsRequest,
  customerId: string,
  now: Date,
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const { processing, recipients: registry } = deps.policy;
  const asked = readRestriction(requestWords(r), processing, registry.recipients);
  // Sharing with nobody we know named: that part cannot be done without asking whom.
  const scopes = asked.scopes.filter((s) => s !== 'sharing' || asked.recipients.length > 0);
  if (scopes.length === 0) return unclear(deps, customerId, asked.scopes.includes('sharing'));
  const at = now.toISOString();
  const restrictions: NonNullable<FulfilResult['restrictions']> = [];
  for (const scope of scopes) {
    const named = scope === 'sharing' ? asked.recipients : [];
    const { restriction, active } = await deps.company.restrictProcessing(customerId, scope, named, at);
    restrictions.push({ ...restriction, active });
  }
  // Who must hear of it (the processor acting for us that received the restricted processing's data), read now.
  const recipients = restrictions.some((x) => x.active && x.scope === 'marketing')
    ? await deps.company.recipientsOf(customerId)
    : [];
  return { status: 'done', customerId, scope: scopes, restrictions, recipients };
}

function unclear(
  deps: StepDeps,
  customerId: string,
  sharingWithoutRecipient: boolean,
): Omit<FulfilResult, 'right' | 'at'> {
  const list = deps.policy.processing.restrictableProcessings;
  const which = sharingWithoutRecipient
    ? {
        zh: '我们未能从您的请求中确定您要限制向哪一家机构提供您的个人信息',
        en: 'We could not tell from your request which recipient you want us to stop providing your personal information to',
      }
    : {
        zh: '我们未能从您的请求中确定您要限制哪一项处理',
        en: 'We could not tell from your request which processing you want restricted',
      };
  return {
    status: 'refused',
    customerId,
    scope: [] satisfies RestrictionScope[],
    reason: {
      code: RESTRICTION_UNCLEAR_CODE,
      zh: `${which.zh}，因此尚未限制任何处理（我们不会在您未指明时限制全部处理，以免影响您正常使用支付服务）。您可以要求限制：${list.map((p) => p.zh).join('；')}。请回复本函或致电客服说明，我们将立即办理。`,
      en: `${which.en}, so nothing has been restricted yet (we do not restrict everything unasked, which would stop your payments). You can ask us to restrict: ${list.map((p) => p.en).join('; ')}. Reply to this letter or call us and we will act at once.`,
    },
  };
}
