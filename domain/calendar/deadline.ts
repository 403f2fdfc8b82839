// Reply deadlines in Chinese working days (docs/design.md §2). The day the clock starts is not counted (民法典
// art. 201: 按照年、月、日计算期间的，开始的当日不计入); the deadline is the end of the N-th working day after it.
// The 15 working days are the privacy policy's promise (§3(4), §4(4), §8(2)); it has no pause and no extension.
import type { Deadline } from '../request/model.ts';
import type { WorkingCalendar } from './calendar.ts';
import { endOfShanghaiDay, fromDayNumber, InvalidDateError, shanghaiDate, toDayNumber } from './dates.ts';

export const DEFAULT_WORKING_DAYS = 15;
/** Far beyond any legal period; bounds the loops against nonsense input. */
export const MAX_WORKING_DAYS = 1000;

export type ClockStart = Deadline['clockStart'];

export interface DeadlineInput {
  receivedAt: string | Date;
  verifiedAt?: string | Date;
  workingDays?: number;
  /** Policy: 'receipt' (default, the safer reading) or 'verification'. */
  clockStart?: ClockStart;
}

function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || Math.abs(n) > MAX_WORKING_DAYS) {
    throw new RangeError(`${what} must be a whole number of working days up to ${MAX_WORKING_DAYS}, got ${n}`);
  }
}

/**
 * The n-th working day strictly after `date` (n > 0) or strictly before it (n < 0); `date` itself for n = 0.
 */
export function addWorkingDays(date: string, n: number, cal: WorkingCalendar): string {
  checkCount(n, 'n');
  let day = toDayNumber(date);
  const step = Math.sign(n);
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (cal.dayByNumber(day).working) left--;
  }
  return fromDayNumber(day);
}

/**
 * Working days in (fromExclusive, toInclusive]; negative (minus the working days in (to, from]) when `to` is
 * before `from`. So addWorkingDays(d, workingDaysBetween(d, x)) = x for any working day x after d.
 */
export function workingDaysBetween(fromExclusive: string, toInclusive: string, cal: WorkingCalendar): number {
  const from = toDayNumber(fromExclusive);
  const to = toDayNumber(toInclusive);
  const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let d = lo + 1; d <= hi; d++) if (cal.dayByNumber(d).working) count++;
  return count === 0 ? 0 : sign * count; // never -0
}

function deadlineFrom(startOn: string, workingDays: number, clockStart: ClockStart, cal: WorkingCalendar): Deadline {
  if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > MAX_WORKING_DAYS) {
    throw new RangeError(`workingDays must be a whole number from 1 to ${MAX_WORKING_DAYS}, got ${workingDays}`);
  }
  const start = toDayNumber(startOn);
  let day = start;
  let provisional = false;
  for (let left = workingDays; left > 0; ) {
    day++;
    const info = cal.dayByNumber(day);
    if (info.provisional) provisional = true;
    if (info.working) left--;
  }
  const deadline = fromDayNumber(day);
  return {
    receivedOn: startOn,
    deadline,
    deadlineAt: endOfShanghaiDay(deadline),
    workingDays,
    provisional,
    clockStart,
  };
}

/**
 * The reply deadline. `receivedOn` is the Shanghai day the clock started: the receipt day, or the verification
 * day when policy says clockStart 'verification'. With that policy but no verification yet, the clock is taken
 * from receipt (the earliest possible deadline, marked clockStart 'receipt'): recompute once verified.
 */
export function computeDeadline(input: DeadlineInput, calendar: WorkingCalendar): Deadline {
  const workingDays = input.workingDays ?? DEFAULT_WORKING_DAYS;
  const receivedOn = shanghaiDate(input.receivedAt);
  if (input.clockStart === 'verification' && input.verifiedAt !== undefined) {
    const verifiedOn = shanghaiDate(input.verifiedAt);
    if (verifiedOn < receivedOn) {
      throw new InvalidDateError(`verified on ${verifiedOn}, before the request was received on ${receivedOn}`);
    }
    return deadlineFrom(verifiedOn, workingDays, 'verification', calendar);
  }
  return deadlineFrom(receivedOn, workingDays, 'receipt', calendar);
}

/** The same deadline on a newer calendar (after an official schedule was loaded); provisional false once known. */
export function recomputeDeadline(d: Deadline, calendar: WorkingCalendar): Deadline {
  return deadlineFrom(d.receivedOn, d.workingDays, d.clockStart, calendar);
}

/** Working days elapsed since receipt at `now` (0 on the receipt day; the deadline sweep escalates at 10 and 13). */
export function workingDaysElapsed(receivedAt: string | Date, now: string | Date, cal: WorkingCalendar): number {
  return workingDaysBetween(shanghaiDate(receivedAt), shanghaiDate(now), cal);
}

/**
 * Working days left at `now` until the deadline: 0 on the deadline day itself (and on days off right after it),
 * negative once working days have passed since. Use isOverdue() to know whether it has passed.
 */
export function workingDaysLeft(deadline: Deadline | string, now: string | Date, cal: WorkingCalendar): number {
  const due = typeof deadline === 'string' ? shanghaiDate(deadline) : deadline.deadline;
  return workingDaysBetween(shanghaiDate(now), due, cal);
}

/** Whether a deadline has passed at `now` (its Shanghai day is after the deadline day). */
export function isOverdue(deadline: Deadline, now: string | Date): boolean {
  return shanghaiDate(now) > deadline.deadline;
}
