// ScheduleDeferredDeletions: each held category is deleted the day after its hold ends (EventBridge Scheduler in AWS,
// the local scheduler table locally). One schedule per date; schedule names make re-runs harmless.
import * as z from 'zod';
import { type DataCategory, RequestId } from '../../domain/request/model.ts';
import type { FulfilResult } from '../fulfil-right/results.ts';
import { defineStep, fulfilKey } from '../shared/step.ts';

export const DEFERRED_KEY = 'deferred';

export const step = defineStep({
  name: 'ScheduleDeferredDeletions',
  input: z.object({ requestId: RequestId }),
  async run({ requestId }, deps) {
    const recorded = await deps.store.getStepResult<{ scheduled: number }>(requestId, DEFERRED_KEY);
    if (recorded) return recorded;
    const del = await deps.store.getStepResult<FulfilResult>(requestId, fulfilKey('delete'));
    const byDate = new Map<string, DataCategory[]>();
    for (const d of del?.deferred ?? []) byDate.set(d.at, [...(byDate.get(d.at) ?? []), d.category]);
    for (const [day, categories] of byDate) {
      // Start of that day in Asia/Shanghai.
      const at = new Date(`${day}T00:00:00+08:00`);
      await deps.scheduler.scheduleAt(`rf-${requestId}-deferred-${day}`, at, {
        requestId,
        customerId: del?.customerId,
        categories,
        kind: 'deferred_deletion',
      });
    }
    if (byDate.size > 0)
      await deps.store.appendEvent(requestId, {
        type: 'deletions_scheduled',
        actor: 'workflow:ScheduleDeferredDeletions',
        data: { dates: [...byDate].map(([day, categories]) => ({ day, categories })) },
      });
    const result = { scheduled: byDate.size };
    await deps.store.putStepResult(requestId, DEFERRED_KEY, result);
    return result;
  },
});
