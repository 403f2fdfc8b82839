// The period report for a compliance audit (PIPL art. 54: "个人信息处理者应当定期对其处理个人信息遵守法律、行政法规的
// 情况进行合规审计"), pure: for the requests received in a date range, how many by right, channel and outcome; how
// many were answered by the deadline (the policy's fifteen working days, §3(4), §4(4), §8(2)); median and p95
// working days to reply; every breach with where it stood; refusals by their basis; how long the recipients took
// to confirm deletions; and the requests about children (under 14, policy §5).
import type { WorkingCalendar } from '../calendar/calendar.ts';
import { shanghaiDate } from '../calendar/dates.ts';
import { isOverdue, workingDaysBetween } from '../calendar/deadline.ts';
import { REPLY_PENDING_STATUSES, type RightsRequest } from './model.ts';
import { median } from './stats.ts';

export type PeriodRequest = Pick<
  RightsRequest,
  'id' | 'status' | 'rights' | 'channel' | 'receivedAt' | 'repliedAt' | 'deadline' | 'outcome' | 'minor' | 'requester'
>;

/** What the report needs of each request beyond the request itself (read only where it matters). */
export interface PeriodFacts {
  /** Refusal bases recorded for the request: exception codes of the officer's decision, reason codes of the rights. */
  refusalBases: string[];
  /** The status or step the request was in when its deadline passed (breaches only). */
  atDeadline?: string;
  /** Recipient notices: who, when sent, when acknowledged (absent: no answer yet). */
  notices: { partnerId: string; sentAt: string; ackedAt?: string; answer?: string }[];
}

export interface Distribution {
  count: number;
  median: number | null;
  p95: number | null;
  max: number | null;
}

export interface Breach {
  requestId: string;
  channel: string;
  rights: string[];
  minor: boolean;
  receivedOn: string;
  deadline: string;
  /** Replied late (working days to reply), or still open past the deadline. */
  kind: 'replied_late' | 'open_past_deadline';
  workingDaysToReply?: number;
  workingDaysLate: number;
  /** Where it stood when the deadline passed: the reason as far as the record shows it. */
  atDeadline: string;
  status: string;
}

export interface PeriodReport {
  from: string;
  to: string;
  generatedAt: string;
  totals: {
    received: number;
    replied: number;
    onTime: number;
    /** onTime / replied (0–1); null when nothing was replied. */
    onTimeRate: number | null;
    open: number;
    breaches: number;
    /** Mail triaged as no rights request (left out of every other figure). */
    notRequests: number;
  };
  workingDaysToReply: Distribution;
  byRight: Record<string, { received: number; replied: number; onTime: number }>;
  byChannel: Record<string, { received: number; replied: number; onTime: number }>;
  byOutcome: Record<string, number>;
  breaches: Breach[];
  refusalsByBasis: Record<string, number>;
  acknowledgements: {
    notices: number;
    acknowledged: number;
    unanswered: number;
    workingDays: Distribution;
    byPartner: Record<string, { notices: number; acknowledged: number; workingDays: Distribution }>;
    byAnswer: Record<string, number>;
  };
  children: {
    received: number;
    replied: number;
    onTime: number;
    byRequester: Record<string, number>;
    byRight: Record<string, number>;
    breaches: number;
  };
}

/** Nearest-rank percentile (p in 0–100) of working-day counts: an actual observed value, as auditors expect. */
export function percentile(xs: readonly number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
}

function distribution(xs: readonly number[]): Distribution {
  return {
    count: xs.length,
    median: median([...xs]),
    p95: percentile(xs, 95),
    max: xs.length ? Math.max(...xs) : null,
  };
}

function slot(m: Record<string, Tally>, k: string): Tally {
  m[k] ??= { received: 0, replied: 0, onTime: 0 };
  return m[k];
}

type Tally = { received: number; replied: number; onTime: number };

const bump = (m: Record<string, number>, k: string, by = 1) => {
  m[k] = (m[k] ?? 0) + by;
};

/** `from` and `to` are days (YYYY-MM-DD, Asia/Shanghai), both included. */
export function computePeriodReport(
  input: {
    from: string;
    to: string;
    requests: readonly PeriodRequest[];
    facts: ReadonlyMap<string, PeriodFacts>;
    now: Date;
  },
  calendar: WorkingCalendar,
): PeriodReport {
  const { from, to, now } = input;
  const received = input.requests.filter((r) => {
    const d = shanghaiDate(r.receivedAt);
    return d >= from && d <= to;
  });
  // Mail that staff triaged as no rights request owes no reply: counted apart, not in the figures.
  const inRange = received.filter((r) => r.outcome !== 'not_a_request');
  const byRight: PeriodReport['byRight'] = {};
  const byChannel: PeriodReport['byChannel'] = {};
  const byOutcome: Record<string, number> = {};
  const refusalsByBasis: Record<string, number> = {};
  const breaches: Breach[] = [];
  const days: number[] = [];
  const ackDays: number[] = [];
  const partners: Record<string, { notices: number; acknowledged: number; days: number[] }> = {};
  const byAnswer: Record<string, number> = {};
  let notices = 0;
  let acknowledged = 0;
  const children = {
    received: 0,
    replied: 0,
    onTime: 0,
    byRequester: {} as Record<string, number>,
    byRight: {} as Record<string, number>,
    breaches: 0,
  };
  let replied = 0;
  let onTime = 0;
  let open = 0;

  for (const r of inRange) {
    const receivedOn = shanghaiDate(r.receivedAt);
    const wasReplied = r.repliedAt !== undefined;
    const repliedOn = wasReplied ? shanghaiDate(r.repliedAt!) : undefined;
    const inTime = repliedOn !== undefined && repliedOn <= r.deadline.deadline;
    const add = (t: { received: number; replied: number; onTime: number }) => {
      t.received++;
      if (wasReplied) t.replied++;
      if (inTime) t.onTime++;
    };
    for (const right of r.rights) add(slot(byRight, right));
    add(slot(byChannel, r.channel));
    bump(byOutcome, r.outcome ?? (REPLY_PENDING_STATUSES.has(r.status) ? 'open' : r.status));
    if (REPLY_PENDING_STATUSES.has(r.status) && !wasReplied) open++;
    const facts = input.facts.get(r.id);

    let toReply: number | undefined;
    if (wasReplied) {
      replied++;
      if (inTime) onTime++;
      toReply = workingDaysBetween(receivedOn, repliedOn!, calendar);
      days.push(toReply);
    }
    const late = wasReplied ? !inTime : REPLY_PENDING_STATUSES.has(r.status) && isOverdue(r.deadline, now);
    if (late) {
      const until = repliedOn ?? shanghaiDate(now);
      breaches.push({
        requestId: r.id,
        channel: r.channel,
        rights: [...r.rights],
        minor: r.minor,
        receivedOn,
        deadline: r.deadline.deadline,
        kind: wasReplied ? 'replied_late' : 'open_past_deadline',
        ...(toReply !== undefined ? { workingDaysToReply: toReply } : {}),
        workingDaysLate: workingDaysBetween(r.deadline.deadline, until, calendar),
        atDeadline: facts?.atDeadline ?? r.status,
        status: r.status,
      });
    }
    for (const basis of new Set(facts?.refusalBases ?? [])) bump(refusalsByBasis, basis);
    for (const n of facts?.notices ?? []) {
      notices++;
      const partner = n.partnerId.split(':')[0] ?? n.partnerId;
      partners[partner] ??= { notices: 0, acknowledged: 0, days: [] };
      const p = partners[partner];
      p.notices++;
      if (n.ackedAt) {
        acknowledged++;
        p.acknowledged++;
        const d = workingDaysBetween(shanghaiDate(n.sentAt), shanghaiDate(n.ackedAt), calendar);
        ackDays.push(d);
        p.days.push(d);
        bump(byAnswer, n.answer ?? 'acknowledged');
      }
    }
    if (r.minor) {
      children.received++;
      if (wasReplied) children.replied++;
      if (inTime) children.onTime++;
      if (late) children.breaches++;
      bump(children.byRequester, r.requester.type);
      for (const right of r.rights) bump(children.byRight, right);
    }
  }

  return {
    from,
    to,
    generatedAt: now.toISOString(),
    totals: {
      received: inRange.length,
      replied,
      onTime,
      onTimeRate: replied ? onTime / replied : null,
      open,
      breaches: breaches.length,
      notRequests: received.length - inRange.length,
    },
    workingDaysToReply: distribution(days),
    byRight,
    byChannel,
    byOutcome,
    breaches: breaches.sort(
      (a, b) => a.receivedOn.localeCompare(b.receivedOn) || a.requestId.localeCompare(b.requestId),
    ),
    refusalsByBasis,
    acknowledgements: {
      notices,
      acknowledged,
      unanswered: notices - acknowledged,
      workingDays: distribution(ackDays),
      byPartner: Object.fromEntries(
        Object.entries(partners).map(([id, p]) => [
          id,
          { notices: p.notices, acknowledged: p.acknowledged, workingDays: distribution(p.days) },
        ]),
      ),
      byAnswer,
    },
    children,
  };
}
