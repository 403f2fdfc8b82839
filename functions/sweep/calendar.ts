// The calendar the sweep works on: rebuilt from policy/holidays.yaml (RIGHTSFLOW_HOLIDAYS_FILE) when that file
// changed since the container or runtime started, so a schedule operations load is used within the hour.
import { calendarFor, type WorkingCalendar } from '../../domain/calendar/index.ts';
import type { StepDeps } from '../shared/deps.ts';

export function currentCalendar(deps: Pick<StepDeps, 'calendar' | 'logger'>): WorkingCalendar {
  try {
    return calendarFor();
  } catch (err) {
    // An invalid edit must not stop the sweep: keep the calendar loaded at start and say why.
    deps.logger.error('schedule file unusable, keeping the calendar loaded at start', {
      errorName: (err as Error).name,
      detail: (err as Error).message,
    });
    return deps.calendar;
  }
}
