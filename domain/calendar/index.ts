// The calendar's public face: working-day arithmetic on a WorkingCalendar. Building one from files (chinese-days +
// policy/holidays.yaml) is files.ts, kept apart so that a Lambda bundle (which gets its calendar from the compiled
// policy, domain/policy/compiled.ts) carries neither the YAML parser nor chinese-days' data file.

import type { WorkingCalendar } from './calendar.ts';
import { shanghaiDate as shanghaiDateOf } from './dates.ts';

export { type DayInfo, type DayKind, WorkingCalendar } from './calendar.ts';
export {
  addDays,
  daysBetween,
  endOfShanghaiDay,
  InvalidDateError,
  isDateString,
  shanghaiDate,
} from './dates.ts';
export {
  addWorkingDays,
  type ClockStart,
  computeDeadline,
  DEFAULT_WORKING_DAYS,
  type DeadlineInput,
  isOverdue,
  MAX_WORKING_DAYS,
  recomputeDeadline,
  workingDaysBetween,
  workingDaysElapsed,
  workingDaysLeft,
} from './deadline.ts';
export type { YearSchedule } from './official.ts';
export { possibleMakeupDays } from './provisional.ts';
export {
  formatScheduleIssue,
  parseScheduleJson,
  ScheduleFileError,
  type ScheduleIssue,
  validateSchedules,
} from './schedule-data.ts';
export { FESTIVALS, type Festival, type StatutoryHoliday, statutoryHolidays } from './statutory.ts';

/**
 * The schedules operations should load now: this year and next (a deadline computed in December reaches into
 * January), when either has no official schedule. Empty when all is loaded.
 */
export function missingSchedules(now: string | Date = new Date(), cal: WorkingCalendar): number[] {
  const year = Number(shanghaiDateOf(now).slice(0, 4));
  return cal.provisionalYears(year, year + 1);
}
