// The official holiday schedule in AWS: the schedules the function was deployed with (chinese-days, then
// policy/holidays.yaml, compiled into the bundle: domain/policy/compiled.ts), then the stage's SSM parameter
// (`/rightsflow/<stage>/holidays`, JSON of holidays.yaml's shape: `rightsflow holidays-json` writes it), later
// sources winning per year. Operations load a newly published 国务院办公厅 notice with one `aws ssm put-parameter`
// (docs/deploy.md), no redeploy: functions read the parameter at cold start and the sweep re-reads it every run, so
// every provisional deadline is recomputed within the hour. A missing parameter means "bundled schedules only"; an
// invalid one (YAML included: the functions carry no YAML parser) is reported and skipped (the last good calendar
// stays), never silently treated as an ordinary year.
import type { SSMClient } from '@aws-sdk/client-ssm';
import { parseScheduleJson, WorkingCalendar, type YearSchedule } from '../../../domain/calendar/index.ts';
import type { StepLogger } from '../deps.ts';
import { type ClientSource, clientOf } from './lazy.ts';

export interface HolidaySource {
  /** The calendar as it stands now (reads the parameter again). */
  current(): Promise<WorkingCalendar>;
}

/** The bundled schedules and the parameter's JSON text (each later one wins for the years it lists). */
export function calendarOf(bundled: readonly YearSchedule[], parameter?: { text: string; name: string }) {
  return new WorkingCalendar([
    ...bundled,
    ...(parameter ? parseScheduleJson(parameter.text, `ssm:${parameter.name}`) : []),
  ]);
}

/** A stage without a parameter: the bundled schedules, built once. */
export function fixedHolidaySource(bundled: readonly YearSchedule[]): HolidaySource {
  const calendar = new WorkingCalendar(bundled);
  return { current: async () => calendar };
}

export function createSsmHolidaySource(
  ssm: ClientSource<SSMClient>,
  options: { parameterName: string; bundled: readonly YearSchedule[]; logger?: StepLogger },
): HolidaySource {
  let last: WorkingCalendar | undefined;
  return {
    async current() {
      const { GetParameterCommand } = await import('@aws-sdk/client-ssm');
      let text: string | undefined;
      try {
        const res = await (await clientOf(ssm)).send(new GetParameterCommand({ Name: options.parameterName }));
        text = res.Parameter?.Value;
      } catch (err) {
        if ((err as { name?: string }).name !== 'ParameterNotFound') throw err;
      }
      try {
        last = calendarOf(options.bundled, text ? { text, name: options.parameterName } : undefined);
      } catch (err) {
        // An invalid edit must not stop deadlines: keep the last good calendar (or the bundled one) and say why.
        options.logger?.error('holiday schedule parameter unusable, keeping the last good calendar', {
          parameter: options.parameterName,
          detail: (err as Error).message,
        });
        last ??= calendarOf(options.bundled);
      }
      return last;
    },
  };
}
