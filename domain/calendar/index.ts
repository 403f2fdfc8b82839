// The calendar's public face: build the working calendar from chinese-days + policy/holidays.yaml, once.
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkingCalendar } from './calendar.ts';
import { shanghaiDate as shanghaiDateOf } from './dates.ts';
import { chineseDaysSchedules } from './official.ts';
import { parseScheduleFile } from './schedule-file.ts';

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
export { chineseDaysSchedules, type YearSchedule } from './official.ts';
export { possibleMakeupDays } from './provisional.ts';
export { formatScheduleIssue, parseScheduleFile, ScheduleFileError, type ScheduleIssue } from './schedule-file.ts';
export { FESTIVALS, type Festival, type StatutoryHoliday, statutoryHolidays } from './statutory.ts';

/** The operations-editable schedule file of this checkout; RIGHTSFLOW_HOLIDAYS_FILE points elsewhere (Lambda). */
export const DEFAULT_SCHEDULE_FILE = fileURLToPath(new URL('../../policy/holidays.yaml', import.meta.url));

/** A calendar from chinese-days plus a schedule file's text (the file wins for the years it lists). */
export function calendarFromSchedule(text: string, file = 'holidays.yaml'): WorkingCalendar {
  return new WorkingCalendar([...chineseDaysSchedules(), ...parseScheduleFile(text, file)]);
}

const cache = new Map<string, { stamp: string; calendar: WorkingCalendar }>();

/**
 * The working calendar: chinese-days plus the schedule file (default policy/holidays.yaml). Cached per file and
 * rebuilt when the file changes, so a schedule operations add is picked up without a restart. `scheduleFile:
 * null` uses chinese-days alone. Throws ScheduleFileError (file, line, field) when the file is invalid.
 */
export function calendarFor(opts: { scheduleFile?: string | null } = {}): WorkingCalendar {
  const chosen =
    opts.scheduleFile === undefined
      ? (process.env['RIGHTSFLOW_HOLIDAYS_FILE'] ?? DEFAULT_SCHEDULE_FILE)
      : opts.scheduleFile;
  if (chosen === null) {
    const hit = cache.get('');
    if (hit) return hit.calendar;
    const calendar = new WorkingCalendar(chineseDaysSchedules());
    cache.set('', { stamp: '', calendar });
    return calendar;
  }
  const path = resolve(chosen);
  const st = statSync(path);
  const stamp = `${st.mtimeMs}:${st.size}`;
  const hit = cache.get(path);
  if (hit && hit.stamp === stamp) return hit.calendar;
  const label = relative(process.cwd(), path);
  const calendar = calendarFromSchedule(readFileSync(path, 'utf8'), label.startsWith('..') ? path : label);
  cache.set(path, { stamp, calendar });
  return calendar;
}

/** Years from `fromYear` to `toYear` still without an official schedule: alert operations to load them. */
export function provisionalYears(fromYear: number, toYear: number, cal: WorkingCalendar = calendarFor()): number[] {
  return cal.provisionalYears(fromYear, toYear);
}

/**
 * The schedules operations should load now: this year and next (a deadline computed in December reaches into
 * January), when either has no official schedule. Empty when all is loaded.
 */
export function missingSchedules(now: string | Date = new Date(), cal: WorkingCalendar = calendarFor()): number[] {
  const year = Number(shanghaiDateOf(now).slice(0, 4));
  return cal.provisionalYears(year, year + 1);
}
