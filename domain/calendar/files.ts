// The working calendar from files: chinese-days plus policy/holidays.yaml (or RIGHTSFLOW_HOLIDAYS_FILE), as `npm
// start`, the CLI, the tests and the build's policy compiler (domain/policy/compile.ts) read them. Lambda functions
// do not import this module: their calendar comes from the compiled policy (no YAML parser in a bundle).
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkingCalendar } from './calendar.ts';
import { chineseDaysSchedules, type YearSchedule } from './official.ts';
import { parseScheduleFile } from './schedule-file.ts';

export { chineseDaysSchedules } from './official.ts';
export { parseScheduleFile } from './schedule-file.ts';

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

/** The schedules of chinese-days then of the schedule file (later wins per year): what a deployment ships. */
export function bundledSchedules(
  file: string = process.env['RIGHTSFLOW_HOLIDAYS_FILE'] ?? DEFAULT_SCHEDULE_FILE,
): YearSchedule[] {
  return [...chineseDaysSchedules(), ...parseScheduleFile(readFileSync(file, 'utf8'), file)];
}
