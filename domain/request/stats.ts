// The dashboard's figures, computed from requests (pure): open, due this week, breached, on-time rate and median
// working days to reply, by right, channel and month of receipt. "On time" means the reply went out by the end of
// the deadline day (the policy's fifteen working days, §3(4), §4(4), §8(2)).
import type { WorkingCalendar } from '../calendar/calendar.ts';
import { addDays, shanghaiDate, toDayNumber, weekdayOf } from '../calendar/dates.ts';
import { isOverdue, workingDaysBetween } from '../calendar/deadline.ts';
import { type Channel, REPLY_PENDING_STATUSES, type Right, type RightsRequest } from './model.ts';

export interface Tally {
  received: number;
  replied: number;
  onTime: number;
}

export interface Stats {
  /** Requests still owing a reply. */
  open: number;
  /** Of those, due by the end of this week (Sunday, Shanghai). */
  dueThisWeek: number;
  /** Of those, past their deadline. */
  breached: number;
  /** Replies sent in the period that went out by the deadline (0–1), null when none was sent. */
  onTimeRate: number | null;
  medianWorkingDays: number | null;
  byRight: Record<string, Tally>;
  byChannel: Record<string, Tally>;
  /** `YYYY-MM` of receipt, oldest first, every month of the period present. */
  byMonth: { month: string; received: number; replied: number; onTime: number }[];
  since: string;
}

type Req = Pick<RightsRequest, 'status' | 'rights' | 'channel' | 'receivedAt' | 'repliedAt' | 'deadline'>;

const tally = (): Tally => ({ received: 0, replied: 0, onTime: 0 });

function slot(map: Record<string, Tally>, key: Right | Channel): Tally {
  map[key] ??= tally();
  return map[key];
}

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The first day (`YYYY-MM-01`) of the month `months - 1` before `now`'s month, in Shanghai. */
export function periodStart(now: Date, months: number): string {
  const [y, m] = shanghaiDate(now).split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - (months - 1);
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

export function computeStats(requests: readonly Req[], now: Date, calendar: WorkingCalendar, months: number): Stats {
  const today = shanghaiDate(now);
  // Monday = 1 … Sunday = 7 (weekdayOf: 0 = Sunday).
  const weekday = weekdayOf(toDayNumber(today)) || 7;
  const endOfWeek = addDays(today, 7 - weekday);
  const since = periodStart(now, months);
  const byRight: Record<string, Tally> = {};
  const byChannel: Record<string, Tally> = {};
  const byMonth = new Map<string, Tally>();
  for (let i = 0; i < months; i++) {
    const [y, m] = since.split('-').map(Number) as [number, number];
    const idx = y * 12 + (m - 1) + i;
    byMonth.set(`${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`, tally());
  }
  let open = 0;
  let dueThisWeek = 0;
  let breached = 0;
  const days: number[] = [];
  let replied = 0;
  let onTime = 0;

  for (const r of requests) {
    // Triage counts too: unread mail owes an answer if it turns out to be a request.
    if (REPLY_PENDING_STATUSES.has(r.status)) {
      open++;
      if (r.deadline.deadline <= endOfWeek) dueThisWeek++;
      if (isOverdue(r.deadline, now)) breached++;
    }
    const receivedOn = shanghaiDate(r.receivedAt);
    if (receivedOn < since) continue;
    const wasReplied = r.repliedAt !== undefined;
    const inTime = wasReplied && shanghaiDate(r.repliedAt!) <= r.deadline.deadline;
    const add = (t: Tally) => {
      t.received++;
      if (wasReplied) t.replied++;
      if (inTime) t.onTime++;
    };
    for (const right of r.rights) add(slot(byRight, right));
    add(slot(byChannel, r.channel));
    const month = byMonth.get(receivedOn.slice(0, 7));
    if (month) add(month);
    if (wasReplied) {
      replied++;
      if (inTime) onTime++;
      days.push(workingDaysBetween(receivedOn, shanghaiDate(r.repliedAt!), calendar));
    }
  }
  return {
    open,
    dueThisWeek,
    breached,
    onTimeRate: replied ? onTime / replied : null,
    medianWorkingDays: median(days),
    byRight,
    byChannel,
    byMonth: [...byMonth].map(([month, t]) => ({ month, ...t })),
    since,
  };
}
