// AwaitAcknowledgements (.waitForTaskToken): waits for partners to acknowledge their deletion notices, with a timer
// at the next reminder or escalation moment ({expired: true} → ChaseAcknowledgements). Each chase round re-opens it.
import * as z from 'zod';
import { RequestId } from '../../domain/request/model.ts';
import { PLAN_KEY, type RecordedPlan } from '../plan-notices/step.ts';
import { completeWaitingTask, defineStep, openWaitingTask } from '../shared/step.ts';
import { earliestChaseAt } from './schedule.ts';

export const chaseKey = (round: number) => `chase:${round}`;

/** Chase rounds recorded so far: the round this wait belongs to. */
export async function chaseRounds(store: { getStepResult(id: string, key: string): Promise<unknown> }, id: string) {
  let n = 0;
  while ((await store.getStepResult(id, chaseKey(n + 1))) !== undefined) n++;
  return n;
}

export const step = defineStep({
  name: 'AwaitAcknowledgements',
  input: z.object({ requestId: RequestId, taskToken: z.string().min(1) }),
  async run({ requestId, taskToken }, deps) {
    const round = await chaseRounds(deps.store, requestId);
    const notices = await deps.store.listNotices(requestId);
    const plans = (await deps.store.getStepResult<RecordedPlan>(requestId, PLAN_KEY))?.notices ?? [];
    const pending = notices.filter((n) => n.status !== 'acknowledged');
    const dueAt = earliestChaseAt(pending, plans) ?? deps.clock.now().toISOString();
    const { handedBack } = await openWaitingTask(
      deps,
      {
        requestId,
        kind: 'acknowledgements',
        taskToken,
        dueAt,
        onDue: 'succeed',
        assignee: 'partner',
        context: { round, pending: pending.map((n) => n.partnerId) },
      },
      { reopen: (t) => t.context?.['round'] !== round },
    );
    if (!handedBack && pending.length === 0)
      await completeWaitingTask(deps, requestId, 'acknowledgements', {
        status: 'succeeded',
        result: { allAcknowledged: true },
      });
    return { waiting: !handedBack && pending.length > 0 };
  },
});
