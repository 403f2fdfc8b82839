// The verification window, one computation for the durable timer (AwaitIdentityVerification's dueAt) and for the
// workflow's backstop (the Task's TimeoutSeconds): the end of the Shanghai day of the N-th working day after
// receipt (policy: 10). Across Spring Festival or National Day that is up to 21.6 calendar days, so the fixed
// backstop of 20 days fired first (M4). The backstop is now the longest window the calendar gives for any receipt
// day of the years it knows, plus a day: the timer always fires first.
import {
  addDays,
  addWorkingDays,
  endOfShanghaiDay,
  shanghaiDate,
  type WorkingCalendar,
} from '../../domain/calendar/index.ts';
import type { Policy } from '../../domain/policy/schema.ts';

/** The backstop fires this long after the longest window: the timer (and its sweep catch-up) go first. */
export const BACKSTOP_MARGIN_SECONDS = 86_400;

export function verificationDueAt(receivedAt: string, policy: Policy, calendar: WorkingCalendar): string {
  const days = policy.settings.verification.windowWorkingDays;
  return endOfShanghaiDay(addWorkingDays(shanghaiDate(receivedAt), days, calendar));
}

/** Years before the last official one that count: requests are received now, not in 2020 (its extended holiday). */
const YEARS_BACK = 2;

/**
 * The longest verification window, in seconds, for a receipt at the first instant of any Shanghai day from the
 * last official year minus two to the year after it (a provisional year). A receipt later in a day has a shorter
 * window. Deterministic for a given calendar: the ASL changes only when a schedule is added.
 */
export function longestVerificationWindowSeconds(policy: Policy, calendar: WorkingCalendar): number {
  const lastOfficial = calendar.officialYears().at(-1) ?? new Date().getUTCFullYear();
  const first = `${lastOfficial - YEARS_BACK}-01-01`;
  const last = `${lastOfficial + 1}-12-31`;
  let longest = 0;
  for (let day = first; day <= last; day = addDays(day, 1)) {
    const start = Date.parse(`${day}T00:00:00+08:00`);
    const due = Date.parse(verificationDueAt(new Date(start).toISOString(), policy, calendar));
    longest = Math.max(longest, Math.ceil((due - start) / 1000));
  }
  return longest;
}

export function verificationBackstopSeconds(policy: Policy, calendar: WorkingCalendar): number {
  return longestVerificationWindowSeconds(policy, calendar) + BACKSTOP_MARGIN_SECONDS;
}
