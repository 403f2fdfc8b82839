// Durable timers of waiting steps (PendingTask.dueAt): each fires on its own. In AWS every timer is a one-time
// EventBridge Scheduler schedule (payload kind `timer`) that invokes fire-timer at dueAt; locally the runtime's
// scheduler does the same. The sweep still fires any due timer it finds (GSI1 `TIMER`) as a catch-up, counted as
// TimersFiredBySweep, which should stay 0.
//
// Why schedules and not an SQS fan-out: a timer is a point in time days or weeks ahead; SQS delays stop at 15
// minutes, so a queue would still need something that scans for what is due. A schedule per timer fires within a
// minute of its time whatever else is running, costs nothing while waiting, deletes itself after firing, and its
// name (request, kind, due time) makes creating it twice harmless.
import type { StepDeps } from './deps.ts';
import type { PendingTask } from './store/store.ts';

export const TIMER_KIND = 'timer';

/** Schedule name: request, kind and due minute; a re-armed timer with a new due time gets a new schedule. */
export function timerScheduleName(task: Pick<PendingTask, 'requestId' | 'kind' | 'dueAt'>): string {
  return `t-${task.requestId}-${task.kind}-${(task.dueAt ?? '').replace(/[^0-9]/g, '').slice(0, 12)}`;
}

/** Creates the timer's schedule. A failure is logged, not thrown: the sweep's catch-up fires the timer anyway. */
export async function scheduleTimer(deps: Pick<StepDeps, 'scheduler' | 'logger'>, task: PendingTask): Promise<void> {
  if (!task.dueAt) return;
  try {
    await deps.scheduler.scheduleAt(timerScheduleName(task), new Date(task.dueAt), {
      kind: TIMER_KIND,
      requestId: task.requestId,
      task: task.kind,
    });
  } catch (err) {
    deps.logger.warn('timer schedule not created; the sweep will fire it', {
      requestId: task.requestId,
      kind: task.kind,
      errorName: (err as Error).name,
    });
  }
}
