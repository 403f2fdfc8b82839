// The deadline sweep (AWS: EventBridge every 15 minutes → this Lambda; locally the runtime's timer loop calls it).
// It scales with what changed, not with everything open (M5):
//  - windows over GSI1 OPEN, which is sorted by deadline: a request reaches an escalation threshold (10 and 13
//    working days by default, i.e. 5 and 2 left) or its breach when its deadline enters a window that only moves
//    forward; each run reads the deadlines between where the last run stopped and the new bound, never the rest;
//  - a checkpoint in the store (phase, cursor, the windows' bounds, the digest so far) after every page: a run that
//    runs out of time stops and the next invocation continues where it left off;
//  - the requests of a page are handled in parallel (bounded);
//  - escalations and breaches of a run go to the privacy officer in one digest (M6), not one mail per request;
//  - requests left `received` (intake or API crashed before starting the workflow) are started: only the last
//    receipt days are read, filtered to `received` by DynamoDB;
//  - provisional deadlines are recomputed on the current calendar when it changed (a schedule was loaded), and an
//    alert goes out while a schedule they depend on is missing (schedule-alert.ts);
//  - backup expiry evidence: isolation entries past their purge-by date (backup-expiry.ts), once per entry;
//  - due timers of waiting steps that their own schedule did not fire (functions/shared/timers.ts) are fired as a
//    catch-up, counted as TimersFiredBySweep;
//  - the records of answered requests past their retention (GSI1 PURGE, policy/request-records.yaml) are purged;
//  - partners that take one mail a day get their daily list of notices once its cutoff passed (partner-batches.ts).
import { createHash } from 'node:crypto';
import {
  addDays,
  addWorkingDays,
  daysBetween,
  endOfShanghaiDay,
  isOverdue,
  shanghaiDate,
  type WorkingCalendar,
  workingDaysLeft,
} from '../../domain/calendar/index.ts';
import { enDate, zhDate } from '../../domain/calendar/letter-dates.ts';
import { REPLY_PENDING_STATUSES, type RightsRequest } from '../../domain/request/model.ts';
import { STARTED_STEP } from '../intake/keys.ts';
import { purgeDueRecords } from '../retention/purge.ts';
import type { StepDeps } from '../shared/deps.ts';
import { METRIC } from '../shared/metrics.ts';
import { fireTask, sendOnce } from '../shared/step.ts';
import type { WorkflowStore } from '../shared/store/workflow-store.ts';
import { recordBackupExpiries } from './backup-expiry.ts';
import { sendPartnerBatches } from './partner-batches.ts';
import { recomputeProvisionalDeadlines, recomputeRequestDeadline } from './recompute.ts';
import { alertMissingSchedules } from './schedule-alert.ts';

/** A request `replying` for longer than this is stuck (its SendReply failed): escalate it like any other. */
export const REPLYING_GRACE_MS = 60 * 60 * 1000;

/** A request still `received` this long after it came in was never started (intake or API crash): start it. */
export const START_STALLED_AFTER_MS = 15 * 60 * 1000;
/** A timer this late was not fired by its own schedule: the sweep fires it and counts it. */
export const TIMER_GRACE_MS = 5 * 60 * 1000;
export const CHECKPOINT_NAME = 'deadline-sweep';
const PAGE = 200;
const PARALLEL = 8;
/** Digest lines kept in the checkpoint (the rest are counted): one mail must stay readable. */
const DIGEST_MAX = 500;

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
  /** Isolation entries whose last backup expired, recorded in their request's evidence. */
  backupsExpired: number;
  /** False when the run stopped for time: the next invocation continues it from the checkpoint. */
  complete: boolean;
  /** Digest mails sent (one per recipient per finished run). */
  digests: number;
  /** Answered requests whose records had a retention stage due (functions/retention/purge.ts). */
  recordsPurged: number;
  /** Partners' daily lists of notices sent (partner-batches.ts). */
  noticeLists: number;
  /** Partners' daily lists that failed this run (retried next run; METRIC.partnerListFailed). */
  noticeListsFailed: number;
}

export interface SweepOptions {
  /** The calendar to work on; default deps.calendar. The sweep step passes the freshly loaded one. */
  calendar?: WorkingCalendar;
  /** Wall-clock budget of this invocation (ms); the Lambda gives 300 s. */
  budgetMs?: number;
}

export interface DigestLine {
  id: string;
  deadline: string;
  /** Working days left (negative: working days overdue). */
  left: number;
  /** Missed: calendar days since the deadline day (a weekend after a Friday deadline counts no working day). */
  daysOverdue: number;
  status: string;
  reason: 'missed' | `day${number}`;
  provisional: boolean;
}

type Phase = 'breach' | `day${number}` | 'stalled';

interface Run {
  id: string;
  startedAt: string;
  phases: { name: Phase; after?: string; through: string }[];
  index: number;
  cursor?: string;
  digest: DigestLine[];
  more: number;
  /** Requests skipped for the replying grace: the next run looks at them again. */
  replying: string[];
  counts: Pick<SweepResult, 'started' | 'checked' | 'escalated' | 'breached' | 'recomputed'>;
}

export interface SweepCheckpoint {
  /** Per window: deadlines up to this instant are done. */
  through: Partial<Record<Phase, string>>;
  /** Fingerprint of the calendar the provisional deadlines were last recomputed on. */
  calendar?: string;
  provisional?: number;
  /** Requests the last finished run skipped because their reply was going out (REPLYING_GRACE_MS). */
  replying?: string[];
  run?: Run;
}

/** Changes when an official schedule is added or edited. */
export function calendarFingerprint(cal: WorkingCalendar): string {
  const schedules = cal.officialYears().map((y) => cal.scheduleFor(y));
  return createHash('sha256').update(JSON.stringify(schedules)).digest('hex').slice(0, 16);
}

/** `<deadlineAt>#\uffff`: the key bound that includes every request due at `at` (sk = `<deadlineAt>#<id>`). */
const upTo = (at: string) => `${at}#\uffff`;

/** The windows of a new run: breach (deadline before today), each threshold (that many working days left). */
function plan(deps: StepDeps, cal: WorkingCalendar, now: Date, cp: SweepCheckpoint): Run['phases'] {
  const today = shanghaiDate(now);
  const n = deps.policy.settings.deadline.replyWorkingDays;
  const phases: Run['phases'] = [{ name: 'breach', through: endOfShanghaiDay(addDays(today, -1)) }];
  for (const t of [...deps.policy.settings.deadline.escalationWorkingDays].sort((a, b) => b - a)) {
    if (t >= n) continue;
    phases.push({ name: `day${t}`, through: endOfShanghaiDay(addWorkingDays(today, n - t, cal)) });
  }
  for (const p of phases) {
    const after = cp.through[p.name];
    if (after) p.after = after;
  }
  // Received today or yesterday (a Shanghai day has passed since anything older): their deadlines are a narrow band.
  phases.push({
    name: 'stalled',
    after: endOfShanghaiDay(addWorkingDays(addDays(today, -2), n, cal)),
    through: endOfShanghaiDay(addWorkingDays(today, n, cal)),
  });
  return phases;
}

async function startStalled(deps: StepDeps, r: RightsRequest, now: Date, run: Run) {
  if (r.status !== 'received') return;
  if (now.getTime() - new Date(r.createdAt).getTime() < START_STALLED_AFTER_MS) return;
  // Started once already and moving: the workflow's first step takes it out of `received` soon; an execution that
  // exists is not started again (the name is the request id), so starting twice is harmless anyway.
  if (await deps.store.getStepResult(r.id, STARTED_STEP)) return;
  await deps.starter.start(r.id);
  await deps.store.putStepResult(r.id, STARTED_STEP, { at: now.toISOString(), by: 'sweep' });
  await deps.store.appendEvent(r.id, { type: 'workflow.started_by_sweep', actor: 'system', data: {} });
  deps.metrics.count(METRIC.workflowStartedBySweep);
  run.counts.started++;
}

function addToDigest(run: Run, line: DigestLine) {
  const i = run.digest.findIndex((d) => d.id === line.id);
  if (i >= 0)
    run.digest[i] = line; // the latest (most urgent) reason for a request
  else if (run.digest.length < DIGEST_MAX) run.digest.push(line);
  else run.more++;
}

async function handle(deps: StepDeps, cal: WorkingCalendar, phase: Phase, read: RightsRequest, now: Date, run: Run) {
  if (phase === 'stalled') return startStalled(deps, read, now, run);
  let r = read;
  try {
    const done = await recomputeRequestDeadline(deps, read, cal);
    r = done.request;
    if (done.changed) run.counts.recomputed++;
  } catch (err) {
    // Escalate on the deadline as stored; the next run recomputes again.
    deps.logger.error('deadline recompute failed', { requestId: r.id, errorName: (err as Error).name });
  }
  if (!REPLY_PENDING_STATUSES.has(r.status)) return;
  run.counts.checked++;
  const left = workingDaysLeft(r.deadline, now, cal);
  const line = {
    id: r.id,
    deadline: r.deadline.deadline,
    left,
    daysOverdue: Math.max(0, daysBetween(r.deadline.deadline, shanghaiDate(now))),
    status: r.status,
    provisional: r.deadline.provisional,
  };
  if (phase === 'breach') {
    if (!isOverdue(r.deadline, now)) return;
    if (!(await deps.store.putStepResult(r.id, 'breach', { at: now.toISOString(), status: r.status }))) return;
    await deps.store.appendEvent(r.id, {
      type: 'deadline_breached',
      actor: 'system',
      data: { deadline: r.deadline.deadline, status: r.status },
    });
    deps.metrics.count(METRIC.deadlineMissed);
    run.counts.breached++;
    addToDigest(run, { ...line, reason: 'missed' });
    return;
  }
  const threshold = Number(phase.slice(3));
  const n = deps.policy.settings.deadline.replyWorkingDays;
  if (isOverdue(r.deadline, now) || left > n - threshold) return;
  await escalate(deps, r, threshold, line, now, run);
}

/**
 * Escalation at a threshold, once per request and threshold. The reply going out right now is not escalated: "deadline
 * near" would reach the officer after the person has their answer; the next run looks again (a stuck one is escalated).
 */
async function escalate(
  deps: StepDeps,
  r: RightsRequest,
  threshold: number,
  line: Omit<DigestLine, 'reason'>,
  now: Date,
  run: Run,
) {
  const phase = `day${threshold}` as const;
  const { left } = line;
  if (r.status === 'replying' && now.getTime() - Date.parse(r.updatedAt) < REPLYING_GRACE_MS) {
    if (!run.replying.includes(r.id)) run.replying.push(r.id);
    return;
  }
  if (!(await deps.store.putStepResult(r.id, `escalation:${phase}`, { at: now.toISOString(), left }))) return;
  await deps.store.appendEvent(r.id, {
    type: 'deadline_escalated',
    actor: 'system',
    data: { threshold, workingDaysLeft: left },
  });
  deps.metrics.count(METRIC.deadlineEscalated);
  run.counts.escalated++;
  addToDigest(run, { ...line, reason: phase });
}

/** Requests the previous run skipped while their reply was going out: the highest threshold reached, if still open. */
async function recheckReplying(deps: StepDeps, cal: WorkingCalendar, ids: string[], now: Date, run: Run) {
  const n = deps.policy.settings.deadline.replyWorkingDays;
  for (const id of ids) {
    const r = await deps.store.getRequest(id);
    if (!r || !REPLY_PENDING_STATUSES.has(r.status) || isOverdue(r.deadline, now)) continue;
    const left = workingDaysLeft(r.deadline, now, cal);
    const reached = deps.policy.settings.deadline.escalationWorkingDays
      .filter((t) => t < n && left <= n - t)
      .sort((a, b) => b - a)[0];
    if (reached === undefined) continue;
    const line = {
      id,
      deadline: r.deadline.deadline,
      left,
      daysOverdue: 0,
      status: r.status,
      provisional: r.deadline.provisional,
    };
    await escalate(deps, r, reached, line, now, run);
  }
}

/** One line per request, in the words of the single escalation letter (policy/templates/escalation.*.liquid). */
function digestRow(l: DigestLine, zh: boolean): string {
  if (l.reason === 'missed') {
    const overdue = l.left < 0;
    return zh
      ? `${l.id}  答复期限（${zhDate(l.deadline)}）已过${l.daysOverdue}天${overdue ? `，超期${-l.left}个工作日` : '（其间没有工作日）'}  状态：${l.status}`
      : `${l.id}  the reply deadline (${enDate(l.deadline)}) passed ${l.daysOverdue} day(s) ago${overdue ? `, ${-l.left} working day(s) overdue` : ' (no working day since)'}  status: ${l.status}`;
  }
  const provisional = l.provisional ? (zh ? '（期限按临时日历计算）' : ' (deadline on a provisional calendar)') : '';
  return zh
    ? `${l.id}  距答复期限（${zhDate(l.deadline)}）还剩${l.left}个工作日${provisional}  状态：${l.status}`
    : `${l.id}  ${l.left} working day(s) left until the reply deadline (${enDate(l.deadline)})${provisional}  status: ${l.status}`;
}

/** One digest per recipient per run: every request that reached a threshold or its deadline, most urgent first. */
export function composeDigest(lines: DigestLine[], more: number, runId: string, consoleUrl?: string) {
  const sorted = [...lines].sort((a, b) => a.left - b.left || a.deadline.localeCompare(b.deadline));
  const missed = sorted.filter((l) => l.reason === 'missed').length;
  const total = lines.length + more;
  const tail = (zh: boolean) =>
    more ? [zh ? `……另有 ${more} 件，请在控制台查看。` : `…and ${more} more: see the console.`] : [];
  const text = [
    '个人信息保护负责人：',
    '',
    `本次期限巡检（${runId}）：${total} 件请求需要您关注，其中 ${missed} 件已超过答复期限。`,
    '',
    ...sorted.map((l) => digestRow(l, true)),
    ...tail(true),
    '',
    ...(consoleUrl ? [`处理入口：${consoleUrl}`, ''] : []),
    '十五个工作日的答复期限是我们在隐私政策中向用户作出的承诺（第三条第（四）项、第四条第（四）项、第八条第（二）项），不因核验、审核或等待而暂停或延长。',
    '',
    '---- English version ----',
    '',
    'To the privacy officer,',
    '',
    `Deadline sweep ${runId}: ${total} request(s) need your attention, ${missed} past their reply deadline.`,
    '',
    ...sorted.map((l) => digestRow(l, false)),
    ...tail(false),
    '',
    ...(consoleUrl ? [`Open: ${consoleUrl}`, ''] : []),
    'The 15 working days are the reply period our privacy policy promises (§3(4), §4(4), §8(2)); verification, review or waiting neither pauses nor extends it.',
    '',
  ].join('\n');
  return {
    subject: `【期限提醒】${total} 件请求需要关注（${missed} 件已超过答复期限）/ [Deadlines] ${total} request(s), ${missed} past the deadline`,
    text,
  };
}

async function sendDigest(deps: StepDeps, run: Run): Promise<number> {
  if (run.digest.length === 0 && run.more === 0) return 0;
  const { subject, text } = composeDigest(run.digest, run.more, run.id, deps.config.consoleUrl);
  const res = await sendOnce(deps, {
    key: `escalation-digest:${run.id}:${deps.config.privacyOfficerEmail}`,
    kind: 'escalation_digest',
    from: deps.config.senderAddress,
    to: [deps.config.privacyOfficerEmail],
    subject,
    text,
  });
  if (res.sent) deps.metrics.count(METRIC.escalationDigestSent);
  return res.sent ? 1 : 0;
}

/** Fires every due timer (GSI1 TIMER): the local timer loop, and the sweep as a catch-up of missed schedules. */
export async function fireDueTimers(deps: StepDeps, now: Date = deps.clock.now()): Promise<number> {
  let fired = 0;
  for (const t of await deps.store.listDueTasks(now.toISOString())) if (await fireTask(deps, t, now)) fired++;
  return fired;
}

async function inParallel<T>(items: T[], limit: number, f: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await f(items[next++]!);
    }),
  );
}

function checkpointStore(deps: StepDeps): Pick<WorkflowStore, 'getCheckpoint' | 'putCheckpoint'> {
  return deps.store as WorkflowStore;
}

export async function runSweep(deps: StepDeps, options: SweepOptions = {}): Promise<SweepResult> {
  const started = performance.now();
  const budget = options.budgetMs ?? 200_000;
  const now = deps.clock.now();
  const cal = options.calendar ?? deps.calendar;
  const store = checkpointStore(deps);
  const loaded = await store.getCheckpoint<SweepCheckpoint>(CHECKPOINT_NAME);
  let version: number | 'absent' = loaded?.version ?? 'absent';
  const cp: SweepCheckpoint = loaded?.value ?? { through: {} };
  const save = async () => {
    if (!(await store.putCheckpoint(CHECKPOINT_NAME, cp, version)))
      throw Object.assign(new Error('another sweep moved the checkpoint'), { name: 'VersionConflict' });
    version = version === 'absent' ? 1 : version + 1;
  };
  const out: SweepResult = {
    started: 0,
    checked: 0,
    escalated: 0,
    breached: 0,
    timersFired: 0,
    recomputed: 0,
    provisional: cp.provisional ?? 0,
    scheduleMissing: [],
    backupsExpired: 0,
    complete: true,
    digests: 0,
    recordsPurged: 0,
    noticeLists: 0,
    noticeListsFailed: 0,
  };

  // The calendar changed (a schedule was loaded): every provisional deadline is recomputed, once.
  const fingerprint = calendarFingerprint(cal);
  if (cp.calendar !== fingerprint) {
    const res = await recomputeProvisionalDeadlines(deps, { calendar: cal });
    out.recomputed += res.recomputed;
    cp.calendar = fingerprint;
    cp.provisional = res.stillProvisional;
    out.provisional = res.stillProvisional;
    await save();
  }

  let run = cp.run;
  if (!run) {
    run = {
      id: now.toISOString().slice(0, 16),
      startedAt: now.toISOString(),
      phases: plan(deps, cal, now, cp),
      index: 0,
      digest: [],
      more: 0,
      replying: [],
      counts: { started: 0, checked: 0, escalated: 0, breached: 0, recomputed: 0 },
    };
    await recheckReplying(deps, cal, cp.replying ?? [], now, run);
    cp.run = run;
    await save();
  }
  while (run.index < run.phases.length) {
    const phase = run.phases[run.index]!;
    if (!phase.after || phase.after < phase.through) {
      const page = await deps.store.listRequests({
        dueBefore: upTo(phase.through),
        ...(phase.after ? { dueAfter: phase.after } : {}),
        ...(phase.name === 'stalled' ? { status: 'received' as const } : {}),
        limit: PAGE,
        ...(run.cursor ? { cursor: run.cursor } : {}),
      });
      await inParallel(page.items, PARALLEL, async (r) => {
        try {
          await handle(deps, cal, phase.name, r, now, run);
        } catch (err) {
          // One bad request must not stop the sweep for the others; its once-keys let the next run retry it.
          deps.logger.error('sweep failed for a request', { requestId: r.id, errorName: (err as Error).name });
        }
      });
      if (page.cursor) {
        run.cursor = page.cursor;
        await save();
        if (performance.now() - started > budget) {
          out.complete = false;
          break;
        }
        continue;
      }
    }
    if (phase.name !== 'stalled') cp.through[phase.name] = phase.through;
    delete run.cursor;
    run.index++;
    await save();
  }
  Object.assign(out, run.counts, { recomputed: out.recomputed + run.counts.recomputed });
  if (out.complete) {
    out.digests = await sendDigest(deps, run);
    cp.replying = run.replying;
    delete cp.run;
    await save();
  }

  try {
    out.scheduleMissing = await alertMissingSchedules(deps, { now, calendar: cal, provisionalOpen: out.provisional });
  } catch (err) {
    deps.logger.error('schedule alert failed', { errorName: (err as Error).name });
  }
  if (out.complete) {
    try {
      out.backupsExpired = await recordBackupExpiries(deps, now);
    } catch (err) {
      // Retried by the next sweep: each expiry is recorded once whenever it gets through.
      deps.logger.error('backup expiry evidence failed', { errorName: (err as Error).name });
    }
  }
  // Catch-up of timers their own schedule should have fired (counted: it should stay 0).
  out.timersFired = await fireDueTimers(deps, new Date(now.getTime() - TIMER_GRACE_MS));
  if (out.timersFired > 0) deps.metrics.count(METRIC.timersFiredBySweep, out.timersFired);
  try {
    const batches = await sendPartnerBatches(deps, now);
    out.noticeLists = batches.lists;
    out.noticeListsFailed = batches.failed;
  } catch (err) {
    // Not even the queue could be read: every list due waits; counted like one failed list so the alarm sees it.
    out.noticeListsFailed = 1;
    deps.metrics.count(METRIC.partnerListFailed);
    deps.logger.error('partner daily lists failed', { errorName: (err as Error).name });
  }
  try {
    out.recordsPurged = (await purgeDueRecords(deps, now)).requests;
  } catch (err) {
    deps.logger.error('records purge failed', { errorName: (err as Error).name });
  }
  deps.logger.info('sweep done', { ...out });
  return out;
}
