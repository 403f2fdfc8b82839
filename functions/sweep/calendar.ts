// The calendar the sweep works on: the stage's holiday source when it has one (AWS: the SSM parameter, read again
// every run), else policy/holidays.yaml (RIGHTSFLOW_HOLIDAYS_FILE) rebuilt when that file changed since the
// container or runtime started. Either way a schedule operations load is used within the hour.
import { calendarFor, type WorkingCalendar } from '../../domain/calendar/index.ts';
import type { StepDeps } from '../shared/deps.ts';

export async function currentCalendar(
  deps: Pick<StepDeps, 'calendar' | 'logger' | 'holidays'>,
): Promise<WorkingCalendar> {
  try {
    return deps.holidays ? await deps.holidays.current() : calendarFor();
  } catch (err) {
    // An invalid edit or an unreachable store must not stop the sweep: keep the calendar loaded at start, say why.
    deps.logger.error('holiday schedule unusable, keeping the calendar loaded at start', {
      errorName: (err as Error).name,
      detail: (err as Error).message,
    });
    return deps.calendar;
  }
}
