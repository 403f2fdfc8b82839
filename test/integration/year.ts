// A year of requests on the real local runtime with a movable clock (issue 14, reliability): requests arrive on the
// days of 2026 (the holiday weeks included), the clock moves day by day, the timer loop and the deadline sweep run
// twice a day (09:00 and 18:00 Shanghai), the privacy officer decides the requests that wait for review on the day
// the plan says. What it measures, per request: replied on or before its deadline, or not; the escalations the sweep
// recorded and on which working day of the request they fell; breaches. `test/integration/year.test.ts` runs a short
// variant in CI and the 5,000-request year under `npm run test:long`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calendarFor } from '../../domain/calendar/files.ts';
import { addDays, addWorkingDays, shanghaiDate, workingDaysBetween } from '../../domain/calendar/index.ts';
import { DEMO_HELD } from '../../infra/local/company/demo-customers.ts';
import { makeResidentId, prng } from '../../infra/local/company/fake-identifiers.ts';
import { answeredAlone, generateSampleCompany } from '../../infra/local/company/generate.ts';
import { createMovableClock, startRuntime } from '../../infra/local/runtime.ts';

/**
 * `auto`: a caller verified on the hotline (a customer, or someone the company does not know): answered by the
 * workflow alone. `officer`: a customer under a legal hold, whose deletion waits for the privacy officer's review;
 * the officer decides on working day `decideOn` of the request (after the escalations of days 10 and 13, or late).
 */
export type Plan =
  | { day: string; kind: 'auto'; i: number }
  | { day: string; kind: 'officer'; i: number; decideOn: number };

export interface RequestOutcome {
  id: string;
  kind: Plan['kind'];
  receivedOn: string;
  deadline: string;
  repliedOn?: string;
  onTime: boolean;
  /** Working day of the request (0 = the day it arrived) on which each escalation was recorded, by threshold. */
  escalatedOn: Record<string, number>;
  breached: boolean;
  decideOn?: number;
}

export interface YearResult {
  requests: number;
  simulatedDays: number;
  seconds: number;
  byKind: Record<string, number>;
  /** Answered by the workflow alone, yet replied after the deadline or not at all (target 0). */
  missedDeadlines: RequestOutcome[];
  /** Waiting on the officer: the escalations were not recorded on working days 10 and 13 (target 0). */
  escalationsOffDay: RequestOutcome[];
  /** Waiting on the officer past the deadline: replied late, with both escalations and the breach recorded. */
  lateWhileWaitingOnPerson: RequestOutcome[];
  outcomes: RequestOutcome[];
}

const CAL = calendarFor();
const THRESHOLDS = [10, 13];
const checks = { name: true, idNumber: true, bankCard: true, phone: true };
const REVIEW_REASON = '已核实：依照法律、行政法规规定须继续保存的信息继续保存，其余按请求删除。';

/** `count` requests over `days` (arrival days), a share `officerShare` waiting for the officer; deterministic. */
export function planYear(options: {
  days: string[];
  count: number;
  officerShare: number;
  /** Of the officer's requests, the share decided only after the deadline (working day 16). */
  lateShare: number;
  seed: number;
}): Plan[] {
  const rand = prng(options.seed);
  const plans: Plan[] = [];
  for (let i = 0; i < options.count; i++) {
    // Spread evenly over the arrival days (the i-th request on day ⌊i·days/count⌋), so every day gets its share.
    const day = options.days[Math.floor((i * options.days.length) / options.count)]!;
    if (rand() < options.officerShare)
      plans.push({ day, kind: 'officer', i, decideOn: rand() < options.lateShare ? 16 : 14 });
    else plans.push({ day, kind: 'auto', i });
  }
  return plans;
}

/** Every day of 2026. */
export function daysOf2026(): string[] {
  const out: string[] = [];
  for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) out.push(d);
  return out;
}

/** `HH:MM` on a Shanghai day as an instant. */
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`);

export async function runYear(plans: Plan[], log: (line: string) => void = () => {}): Promise<YearResult> {
  const t0 = performance.now();
  const autoCustomers = plans.filter((p) => p.kind === 'auto' && p.i % 5 === 0).length;
  // Customers asked for once each (a second request within the policy's window is a repeat, for the officer).
  const customers = generateSampleCompany({ customers: autoCustomers + 20, seed: 20261125 }).filter(
    (c) => answeredAlone(c) && c.contact.phone,
  );
  const dataDir = await mkdtemp(join(tmpdir(), 'rf-year-'));
  const clock = createMovableClock(at(plans[0]?.day ?? '2026-01-01', '08:00'));
  const rt = await startRuntime({
    dataDir,
    port: 0,
    smtpPort: 0,
    clock,
    // Only this driver moves time and fires timers (two passes a day), never the wall clock in between.
    timerIntervalMs: 2_000_000_000,
    sampleCustomers: autoCustomers + 20,
  });
  const idle = async () => {
    // A request just created starts its execution before the API answers; wait until nothing moves by itself.
    for (let n = 0; n < 12_000 && !rt.engine.quiescent(); n++) await new Promise((r) => setTimeout(r, 25));
    if (!rt.engine.quiescent()) throw new Error('the engine did not settle within 5 minutes');
  };
  const api = async (role: 'agent' | 'privacy_officer', method: string, path: string, body?: unknown) => {
    const res = await fetch(`${rt.urls.http}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${rt.credentials[role].token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };

  try {
    const byDay = new Map<string, Plan[]>();
    for (const p of plans) byDay.set(p.day, [...(byDay.get(p.day) ?? []), p]);
    const created: { plan: Plan; id: string; receivedOn: string }[] = [];
    /** Officer decisions by the day they fall on. */
    const decisions = new Map<string, string[]>();
    let nextCustomer = 0;
    // Every day from each arrival until its request can have been decided (working day 16) and answered: the whole
    // year when requests arrive every day, a few weeks around each arrival day in the short variant.
    const days = new Set<string>();
    for (const p of new Set(plans.map((x) => x.day)))
      for (let d = p, end = addDays(addWorkingDays(p, 17, CAL), 1); d <= end; d = addDays(d, 1)) days.add(d);
    let simulatedDays = 0;
    for (const day of [...days].sort()) {
      simulatedDays++;
      clock.set(at(day, '09:00'));
      await rt.timers.tick();
      await idle();
      for (const p of byDay.get(day) ?? []) {
        const c = p.kind === 'auto' && p.i % 5 === 0 ? customers[nextCustomer++] : undefined;
        const subject =
          p.kind === 'officer'
            ? { name: DEMO_HELD.name, idNumber: DEMO_HELD.idNumber, phone: DEMO_HELD.phone }
            : c
              ? { name: c.profile.name, idNumber: c.profile.idNumber, phone: c.contact.phone }
              : {
                  name: '测试',
                  idNumber: makeResidentId('440305', `19${60 + (p.i % 40)}0${1 + (p.i % 9)}1${p.i % 10}`, p.i % 1000),
                  phone: `137${String(10_000_000 + p.i).padStart(8, '0')}`,
                };
        const rights =
          p.kind === 'officer' ? ['delete'] : [['access'], ['explain'], ['delete'], ['access', 'delete']][p.i % 4];
        const json = await api('agent', 'POST', '/api/requests', {
          channel: 'hotline',
          rights,
          subject,
          verifiedAtHotline: { checks },
        });
        const r = json['request'] as { id: string; deadline: { receivedOn: string } };
        created.push({ plan: p, id: r.id, receivedOn: r.deadline.receivedOn });
        if (p.kind === 'officer') {
          const on = addWorkingDays(r.deadline.receivedOn, p.decideOn, CAL);
          decisions.set(on, [...(decisions.get(on) ?? []), r.id]);
        }
      }
      await idle();
      clock.set(at(day, '10:00'));
      for (const id of decisions.get(day) ?? []) {
        const task = await rt.system.store.getTask(id, 'review');
        if (task?.status !== 'open') throw new Error(`${id}: no open review on ${day} (${task?.status ?? 'none'})`);
        await api('privacy_officer', 'POST', `/api/requests/${id}/review`, {
          decision: 'proceed',
          reasons: REVIEW_REASON,
        });
      }
      await idle();
      clock.set(at(day, '18:00'));
      await rt.timers.tick();
      await idle();
      if (simulatedDays % 30 === 0) log(`${day}: ${created.length} requests so far`);
    }

    const outcomes: RequestOutcome[] = [];
    for (const { plan, id, receivedOn } of created) {
      const r = (await rt.system.store.getRequest(id))!;
      const events = await rt.system.store.listEvents(id);
      const escalatedOn: Record<string, number> = {};
      for (const e of events.filter((x) => x.type === 'deadline_escalated'))
        escalatedOn[String(e.data?.['threshold'])] = workingDaysBetween(receivedOn, shanghaiDate(e.at), CAL);
      const repliedOn = r.repliedAt ? shanghaiDate(r.repliedAt) : undefined;
      outcomes.push({
        id,
        kind: plan.kind,
        receivedOn,
        deadline: r.deadline.deadline,
        ...(repliedOn ? { repliedOn } : {}),
        onTime: r.repliedAt !== undefined && r.repliedAt <= r.deadline.deadlineAt,
        escalatedOn,
        breached: events.some((x) => x.type === 'deadline_breached'),
        ...(plan.kind === 'officer' ? { decideOn: plan.decideOn } : {}),
      });
    }
    const byKind: Record<string, number> = {};
    for (const o of outcomes) byKind[o.kind] = (byKind[o.kind] ?? 0) + 1;
    const officer = outcomes.filter((o) => o.kind === 'officer');
    return {
      requests: outcomes.length,
      simulatedDays,
      seconds: Math.round((performance.now() - t0) / 1000),
      byKind,
      missedDeadlines: outcomes.filter((o) => o.kind === 'auto' && !o.onTime),
      escalationsOffDay: officer.filter((o) => THRESHOLDS.some((t) => o.escalatedOn[String(t)] !== t)),
      lateWhileWaitingOnPerson: officer.filter((o) => !o.onTime),
      outcomes,
    };
  } finally {
    await rt.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
