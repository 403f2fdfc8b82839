// ScheduleDeferredDeletions: each held category is looked at again the day after its hold ends (or at the re-check of
// a hold without a date), when DeferredDeletion re-checks everything (EventBridge Scheduler in AWS,
// the local scheduler table locally). One schedule per date; schedule names make re-runs harmless.
import * as z from 'zod';
import { type DataCategory, RequestId } from '../../domain/request/model.ts';
import { erasureResults } from '../fulfil-right/results.ts';
import { defineStep } from '../shared/step.ts';

export const DEFERRED_KEY = 'deferred';

export const step = defineStep({
  name: 'ScheduleDeferredDeletions',
  input: z.object({ requestId: RequestId }),
  async run({ requestId }, deps) {
    const recorded = await deps.store.getStepResult<{ scheduled: number }>(requestId, DEFERRED_KEY);
    if (recorded) return recorded;
    // Every erasing right's held categories (deletion, quick-pay cancellation, account closure…), by date.
    const results = await erasureResults(deps.store, requestId, { all: true });
    const customerId = results.find((x) => x.customerId)?.customerId;
    const byDate = new Map<string, DataCategory[]>();
    for (const d of results.flatMap((x) => x.deferred ?? []))
      if (!byDate.get(d.at)?.includes(d.category)) byDate.set(d.at, [...(byDate.get(d.at) ?? []), d.category]);
    for (const [day, categories] of byDate) {
      // Start of that day in Asia/Shanghai.
      const at = new Date(`${day}T00:00:00+08:00`);
      await deps.scheduler.scheduleAt(`rf-${requestId}-deferred-${day}`, at, {
        requestId,
        customerId,
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
