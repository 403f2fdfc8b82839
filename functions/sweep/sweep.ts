// The hourly deadline sweep (AWS: EventBridge schedule → this Lambda; locally the runtime's timer loop may call it):
//  - open requests by deadline (GSI1 OPEN): escalation mail to the privacy officer when the working days elapsed
//    reach a policy threshold (10 and 13 by default), once each; past the deadline, a breach (event, metric, mail);
//  - due timers of waiting steps (GSI1 TIMER): fail with Task.Expired or succeed with {expired: true}.
import { isOverdue, workingDaysElapsed, workingDaysLeft } from '../../domain/calendar/index.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import { REPLY_PENDING_STATUSES, type RightsRequest } from '../../domain/request/model.ts';
import type { StepDeps } from '../shared/deps.ts';
import { completeWaitingTask, sendOnce } from '../shared/step.ts';

export interface SweepResult {
  checked: number;
  escalated: number;
  breached: number;
  timersFired: number;
}

async function escalate(
  deps: StepDeps,
  r: RightsRequest,
  key: string,
  reason: 'deadline_near' | 'deadline_missed',
  left: number,
) {
  const letter = renderLetter(
    'escalation',
    'zh',
    {
      requestId: r.id,
      reason,
      deadline: r.deadline.deadline,
      workingDaysLeft: left,
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

async function sweepRequest(deps: StepDeps, r: RightsRequest, now: Date, out: SweepResult) {
  if (!REPLY_PENDING_STATUSES.has(r.status)) return;
  out.checked++;
  const left = workingDaysLeft(r.deadline, now, deps.calendar);
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
    if ((await escalate(deps, r, `escalation:${r.id}:missed`, 'deadline_missed', left)).sent) out.escalated++;
    return;
  }
  const elapsed = workingDaysElapsed(r.receivedAt, now, deps.calendar);
  // Only the highest threshold reached: a sweep that ran late sends one mail, not a burst.
  const reached = deps.policy.settings.deadline.escalationWorkingDays
    .filter((d) => elapsed >= d)
    .sort((a, b) => b - a)[0];
  if (reached === undefined) return;
  const sent = await escalate(deps, r, `escalation:${r.id}:day${reached}`, 'deadline_near', left);
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
        ? await completeWaitingTask(deps, t.requestId, t.kind, { status: 'succeeded', result: { expired: true } })
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

export async function runSweep(deps: StepDeps): Promise<SweepResult> {
  const now = deps.clock.now();
  const out: SweepResult = { checked: 0, escalated: 0, breached: 0, timersFired: 0 };
  let cursor: string | undefined;
  do {
    const page = await deps.store.listRequests({ limit: 200, ...(cursor ? { cursor } : {}) });
    for (const r of page.items) {
      try {
        await sweepRequest(deps, r, now, out);
      } catch (err) {
        // One bad request must not stop the sweep for the others.
        deps.logger.error('sweep failed for a request', { requestId: r.id, errorName: (err as Error).name });
      }
    }
    cursor = page.cursor;
  } while (cursor);
  out.timersFired = await fireDueTimers(deps, now);
  deps.logger.info('sweep done', { ...out });
  return out;
}
