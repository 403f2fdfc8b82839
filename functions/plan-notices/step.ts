// PlanRecipientNotices: which partners must hear of what was erased (domain planNotices over the registry in
// policy/), from the recorded delete and quick-pay results. Recorded once: the Map of notices follows this plan.
import * as z from 'zod';
import { RequestId } from '../../domain/request/model.ts';
import { type NoticePlan, planNotices } from '../../domain/rules/index.ts';
import { erasedCategories, erasureResults } from '../fulfil-right/results.ts';
import { defineStep } from '../shared/step.ts';

export const PLAN_KEY = 'plan';
export interface RecordedPlan {
  notices: NoticePlan[];
}

export const step = defineStep({
  name: 'PlanRecipientNotices',
  input: z.object({ requestId: RequestId }),
  async run({ requestId }, deps) {
    let plan = await deps.store.getStepResult<RecordedPlan>(requestId, PLAN_KEY);
    if (!plan) {
      const results = await erasureResults(deps.store, requestId);
      const erased = erasedCategories(results);
      const recipients = [...new Set(results.flatMap((x) => x.recipients ?? []))];
      const notices = planNotices(recipients, erased, deps.policy.recipients, {
        now: deps.clock.now(),
        calendar: deps.calendar,
        defaultEscalationContact: deps.config.privacyOfficerEmail,
      });
      if (await deps.store.putStepResult(requestId, PLAN_KEY, { notices }))
        await deps.store.appendEvent(requestId, {
          type: 'notices_planned',
          actor: 'workflow:PlanRecipientNotices',
          data: { partners: notices.map((n) => n.partnerId), erased },
        });
      plan = (await deps.store.getStepResult<RecordedPlan>(requestId, PLAN_KEY)) ?? { notices };
    }
    return { notices: plan.notices.map((n) => ({ requestId, partnerId: n.partnerId })) };
  },
});
