// How close a request is to its reply deadline, as staff see it in the queue: working days elapsed since receipt
// and left until the deadline, and a level from the policy's escalation days (by default working day 10 amber,
// 13 red; past the deadline breached). Only requests still owing a reply are urgent.
import type { WorkingCalendar } from '../calendar/calendar.ts';
import { isOverdue, workingDaysElapsed, workingDaysLeft } from '../calendar/deadline.ts';
import { type Deadline, REPLY_PENDING_STATUSES, type Status } from './model.ts';

export type UrgencyLevel = 'normal' | 'amber' | 'red' | 'breached' | 'answered';

export interface Urgency {
  workingDaysElapsed: number;
  workingDaysLeft: number;
  level: UrgencyLevel;
}

export function urgencyOf(
  r: { status: Status; receivedAt: string; deadline: Deadline },
  now: Date,
  calendar: WorkingCalendar,
  escalationWorkingDays: readonly number[],
): Urgency {
  const elapsed = workingDaysElapsed(r.receivedAt, now, calendar);
  const left = workingDaysLeft(r.deadline, now, calendar);
  if (!REPLY_PENDING_STATUSES.has(r.status))
    return { workingDaysElapsed: elapsed, workingDaysLeft: left, level: 'answered' };
  const [amberAt, redAt] = [...escalationWorkingDays].sort((a, b) => a - b);
  const level: UrgencyLevel = isOverdue(r.deadline, now)
    ? 'breached'
    : redAt !== undefined && elapsed >= redAt
      ? 'red'
      : amberAt !== undefined && elapsed >= amberAt
        ? 'amber'
        : 'normal';
  return { workingDaysElapsed: elapsed, workingDaysLeft: left, level };
}

/** Who an open request waits on, by status (the queue's filter). */
export const WAITING_ON_STATUSES: Record<'person' | 'officer' | 'partner' | 'staff', readonly Status[]> = {
  person: ['awaiting_verification', 'awaiting_fee'],
  officer: ['under_review'],
  partner: ['replied'],
  staff: ['triage', 'failed'],
};
