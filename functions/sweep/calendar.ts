// The calendar the sweep works on: the stage's holiday source when it has one (AWS: the SSM parameter, read again
// every run), else policy/holidays.yaml (RIGHTSFLOW_HOLIDAYS_FILE) rebuilt when that file changed since the
// container or runtime started. Either way a schedule operations load is used within the hour.
import type { WorkingCalendar } from '../../domain/calendar/index.ts';
import type { StepDeps } from '../shared/deps.ts';

/** Set in a Lambda bundle (infra/aws/constructs/bundling.ts): awsDeps() always gives a holiday source there. */
declare const __RIGHTSFLOW_COMPILED_POLICY__: boolean | undefined;
export async function currentCalendar(
  deps: Pick<StepDeps, 'calendar' | 'logger' | 'holidays'>,
): Promise<WorkingCalendar> {
  try {
    // Folded by esbuild in a bundle, so the YAML schedule reader (files.ts) is imported only outside one.
    return deps.holidays
      ? await deps.holidays.current()
      : typeof __RIGHTSFLOW_COMPILED_POLICY__ !== 'undefined' && __RIGHTSFLOW_COMPILED_POLICY__
        ? deps.calendar
        : (await import('../../domain/calendar/files.ts')).calendarFor();
  } catch (err) {
    // An invalid edit or an unreachable store must not stop the sweep: keep the calendar loaded at start, say why.
    deps.logger.error('holiday schedule unusable, keeping the calendar loaded at start', {
      errorName: (err as Error).name,
      detail: (err as Error).message,
    });
    return deps.calendar;
  }
}
