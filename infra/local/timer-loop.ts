// The local timer loop (EventBridge-scheduled Lambdas in AWS): every few seconds it fires the durable timers of
// waiting steps (GSI1 `TIMER`, through the same fireDueTimers the AWS sweep uses), the local scheduler's one-off
// schedules, and once per clock hour the deadline sweep. It reads "now" from the clock port, so tests move time
// and call tick().
import type { Clock } from '../../functions/shared/ports.ts';
import type { DueSchedule, LocalScheduler } from './adapters/local-scheduler.ts';
import type { EngineLogger } from './engine.ts';

export interface TimerLoop {
  /** One pass, queued after any pass in flight (a moved clock counts). Returns what fired. */
  tick(): Promise<{ tasks: number; schedules: number; swept: boolean }>;
  start(): void;
  stop(): Promise<void>;
}

export const HOUR_MS = 3_600_000;

export function createTimerLoop(deps: {
  clock: Clock;
  /** Completes due waiting tasks and settles their tokens; returns how many fired. */
  fireDueTasks(now: Date): Promise<number>;
  scheduler?: LocalScheduler;
  onSchedule?(due: DueSchedule): Promise<void>;
  /** The deadline sweep (escalations at working days 10 and 13, breaches), run once per hour of clock time. */
  sweep?(): Promise<unknown>;
  intervalMs?: number;
  logger?: EngineLogger;
}): TimerLoop {
  let inFlight: Promise<{ tasks: number; schedules: number; swept: boolean }> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastSweep = Number.NEGATIVE_INFINITY;

  async function pass() {
    const now = deps.clock.now();
    const tasks = await deps.fireDueTasks(now);
    let schedules = 0;
    if (deps.scheduler) {
      for (const due of await deps.scheduler.listDue(now)) {
        await deps.onSchedule?.(due);
        // Marked after the handler ran: at-least-once, as EventBridge Scheduler delivers.
        await deps.scheduler.markFired(due.name, now);
        schedules++;
      }
    }
    let swept = false;
    if (deps.sweep && now.getTime() - lastSweep >= HOUR_MS) {
      lastSweep = now.getTime();
      await deps.sweep();
      swept = true;
    }
    return { tasks, schedules, swept };
  }

  function tick() {
    const next = (inFlight ?? Promise.resolve()).catch(() => undefined).then(pass);
    inFlight = next;
    return next;
  }

  return {
    tick,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        tick().catch((error: Error) =>
          deps.logger?.error('timer pass failed', { error: error.name, message: error.message }),
        );
      }, deps.intervalMs ?? 5_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await inFlight?.catch(() => undefined);
    },
  };
}
