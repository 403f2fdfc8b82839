// The hourly deadline sweep (AWS: EventBridge schedule → this Lambda; locally the runtime's timer loop may call it):
//  - open requests by deadline (GSI1 OPEN): escalation mail to the privacy officer when the working days elapsed
//    reach a policy threshold (10 and 13 by default), once each; past the deadline, a breach (event, metric, mail);
//  - provisional deadlines recomputed on the current calendar (recompute.ts), and an alert while an official
//    schedule they depend on is missing (schedule-alert.ts);
//  - due timers of waiting steps (GSI1 TIMER): fail with Task.Expired or succeed with the task's dueResult.
import {
  daysBetween,
  isOverdue,
  shanghaiDate,
  type WorkingCalendar,
  workingDaysElapsed,
  workingDaysLeft,
} from '../../domain/calendar/index.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import { REPLY_PENDING_STATUSES, type RightsRequest } from '../../domain/request/model.ts';
import { STARTED_STEP } from '../intake/keys.ts';
import type { StepDeps } from '../shared/deps.ts';
import { completeWaitingTask, sendOnce } from '../shared/step.ts';
import { recomputeRequestDeadline } from './recompute.ts';
import { alertMissingSchedules } from './schedule-alert.ts';

/** A request `replying` for longer than this is stuck (its SendReply failed): escalate it like any other. */
export const REPLYING_GRACE_MS = 60 * 60 * 1000;

/** A request still `received` this long after it came in was never started (intake or API crash): start it. */
export const START_STALLED_AFTER_MS = 15 * 60 * 1000;

export interface SweepResult {
  /** Requests still `received` whose workflow the sweep started (StartExecution is idempotent by name). */
  started: number;
  checked: number;
  escalated: number;
  breached: number;
  timersFired: number;
  /** Provisional deadlines recomputed on the current calendar. */
  recomputed: number;
  /** Open requests whose deadline is still provisional. */
  provisional: number;
  /** Years whose official schedule is missing and was alerted on (empty: none). */
  scheduleMissing: number[];
}

export interface SweepOptions {
  /** The calendar to work on; default deps.calendar. The sweep step passes the freshly loaded one. */
  calendar?: WorkingCalendar;
}

async function escalate(
  deps: StepDeps,
  r: RightsRequest,
  key: string,
  reason: 'deadline_near' | 'deadline_missed',
  left: number,
  now: Date,
) {
  const letter = renderLetter(
    'escalation',
    'zh',
    {
      requestId: r.id,
      reason,
      deadline: r.deadline.deadline,
      workingDaysLeft: left,
      daysOverdue: Math.max(0, daysBetween(r.deadline.deadline, shanghaiDate(now))),
      status: r.status,
      detail: r.deadline.provisional ? '期限按临时日历计算 / deadline on a provisional calendar' : '',
      consoleUrl: deps.config.consoleUrl ?? null,
    },
    deps.policy,
  );
  return sendOnce(deps, {
    key,
    kind: 'escalation',
    requestId: r.id,
    from: deps.config.senderAddress,
    to: [deps.config.privacyOfficerEmail],
    subject: letter.subject,
    text: letter.text,
    html: letter.html,
  });
}

async function startStalled(deps: StepDeps, r: RightsRequest, now: Date, out: SweepResult) {
  if (r.status !== 'received') return;
  if (now.getTime() - new Date(r.createdAt).getTime() < START_STALLED_AFTER_MS) return;
  // Started once already and moving: the workflow's first step takes it out of `received` soon; an execution that
  // exists is not started again (the name is the request id), so starting twice is harmless anyway.
  if (await deps.store.getStepResult(r.id, STARTED_STEP)) return;
  await deps.starter.start(r.id);
  await deps.store.putStepResult(r.id, STARTED_STEP, { at: now.toISOString(), by: 'sweep' });
  await deps.store.appendEvent(r.id, { type: 'workflow.started_by_sweep', actor: 'system', data: {} });
  deps.metrics.count('workflow_started_by_sweep');
  out.started++;
}

async function sweepRequest(
  deps: StepDeps,
  calendar: WorkingCalendar,
  read: RightsRequest,
  now: Date,
  out: SweepResult,
) {
  let r = read;
  try {
    const done = await recomputeRequestDeadline(deps, read, calendar);
    r = done.request;
    if (done.changed) out.recomputed++;
  } catch (err) {
    // Escalate on the deadline as stored; the next sweep recomputes again.
    deps.logger.error('deadline recompute failed', { requestId: r.id, errorName: (err as Error).name });
  }
  if (r.deadline.provisional) out.provisional++;
  await startStalled(deps, r, now, out);
  if (!REPLY_PENDING_STATUSES.has(r.status)) return;
  out.checked++;
  const left = workingDaysLeft(r.deadline, now, calendar);
  if (isOverdue(r.deadline, now)) {
    if (await deps.store.putStepResult(r.id, 'breach', { at: now.toISOString(), status: r.status })) {
      await deps.store.appendEvent(r.id, {
        type: 'deadline_breached',
        actor: 'system',
        data: { deadline: r.deadline.deadline, status: r.status },
      });
      deps.metrics.count('deadline_breached');
      out.breached++;
    }
    if ((await escalate(deps, r, `escalation:${r.id}:missed`, 'deadline_missed', left, now)).sent) out.escalated++;
    return;
  }
  // The reply is going out right now: "deadline near" would reach the officer after the person has their answer.
  if (r.status === 'replying' && now.getTime() - Date.parse(r.updatedAt) < REPLYING_GRACE_MS) return;
  const elapsed = workingDaysElapsed(r.receivedAt, now, calendar);
  // Only the highest threshold reached: a sweep that ran late sends one mail, not a burst.
  const reached = deps.policy.settings.deadline.escalationWorkingDays
    .filter((d) => elapsed >= d)
    .sort((a, b) => b - a)[0];
  if (reached === undefined) return;
  const sent = await escalate(deps, r, `escalation:${r.id}:day${reached}`, 'deadline_near', left, now);
  if (sent.sent) {
    out.escalated++;
    deps.metrics.count('deadline_escalated');
    await deps.store.appendEvent(r.id, {
      type: 'deadline_escalated',
      actor: 'system',
      data: { workingDaysElapsed: elapsed, threshold: reached, workingDaysLeft: left },
    });
  }
}

/** Fires due timers: the local timer loop and the sweep share this. */
export async function fireDueTimers(deps: StepDeps, now: Date = deps.clock.now()): Promise<number> {
  let fired = 0;
  for (const t of await deps.store.listDueTasks(now.toISOString())) {
    const done =
      t.onDue === 'succeed'
        ? await completeWaitingTask(deps, t.requestId, t.kind, {
            status: 'succeeded',
            result: t.dueResult ?? { expired: true },
          })
        : await completeWaitingTask(deps, t.requestId, t.kind, {
            status: 'failed',
            error: 'Task.Expired',
            cause: `${t.kind} timer due at ${t.dueAt}`,
          });
    if (done) {
      fired++;
      await deps.store.appendEvent(t.requestId, {
        type: 'timer_fired',
        actor: 'system',
        data: { kind: t.kind, dueAt: t.dueAt },
      });
    }
  }
  return fired;
}

export async function runSweep(deps: StepDeps, options: SweepOptions = {}): Promise<SweepResult> {
  const now = deps.clock.now();
  const calendar = options.calendar ?? deps.calendar;
  const out: SweepResult = {
    started: 0,
    checked: 0,
    escalated: 0,
    breached: 0,
    timersFired: 0,
    recomputed: 0,
    provisional: 0,
    scheduleMissing: [],
  };
  // A recomputed deadline moves its item later in GSI1 OPEN, so a later page may show it again: once is enough.
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await deps.store.listRequests({ limit: 200, ...(cursor ? { cursor } : {}) });
    for (const r of page.items) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      try {
        await sweepRequest(deps, calendar, r, now, out);
      } catch (err) {
        // One bad request must not stop the sweep for the others.
        deps.logger.error('sweep failed for a request', { requestId: r.id, errorName: (err as Error).name });
      }
    }
    cursor = page.cursor;
  } while (cursor);
  try {
    out.scheduleMissing = await alertMissingSchedules(deps, { now, calendar, provisionalOpen: out.provisional });
  } catch (err) {
    deps.logger.error('schedule alert failed', { errorName: (err as Error).name });
  }
  out.timersFired = await fireDueTimers(deps, now);
  deps.logger.info('sweep done', { ...out });
  return out;
}
