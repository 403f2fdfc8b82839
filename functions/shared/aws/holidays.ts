// The official holiday schedule in AWS: chinese-days, then the bundled policy/holidays.yaml, then the stage's SSM
// parameter (`/rightsflow/<stage>/holidays`, the same YAML format), later sources winning per year. Operations load
// a newly published 国务院办公厅 notice with one `aws ssm put-parameter` (docs/deploy.md), no redeploy: functions
// read the parameter at cold start and the sweep re-reads it every run, so every provisional deadline is
// recomputed within the hour. A missing parameter means "bundled file only"; an invalid one is reported and skipped
// (the last good calendar stays), never silently treated as an ordinary year.
import { readFileSync } from 'node:fs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import {
  chineseDaysSchedules,
  DEFAULT_SCHEDULE_FILE,
  parseScheduleFile,
  WorkingCalendar,
} from '../../../domain/calendar/index.ts';
import type { StepLogger } from '../deps.ts';
import { type ClientSource, clientOf } from './lazy.ts';

export interface HolidaySource {
  /** The calendar as it stands now (reads the parameter again). */
  current(): Promise<WorkingCalendar>;
}

export function bundledScheduleText(file = process.env['RIGHTSFLOW_HOLIDAYS_FILE'] ?? DEFAULT_SCHEDULE_FILE): {
  text: string;
  file: string;
} {
  return { text: readFileSync(file, 'utf8'), file };
}

/** chinese-days, the bundled file and the parameter's text (each later one wins for the years it lists). */
export function calendarOf(bundled: { text: string; file: string }, parameter?: { text: string; name: string }) {
  return new WorkingCalendar([
    ...chineseDaysSchedules(),
    ...parseScheduleFile(bundled.text, bundled.file),
    ...(parameter ? parseScheduleFile(parameter.text, `ssm:${parameter.name}`) : []),
  ]);
}

export function createSsmHolidaySource(
  ssm: ClientSource<SSMClient>,
  options: { parameterName: string; logger?: StepLogger },
): HolidaySource {
  const bundled = bundledScheduleText();
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
        last = calendarOf(bundled, text ? { text, name: options.parameterName } : undefined);
      } catch (err) {
        // An invalid edit must not stop deadlines: keep the last good calendar (or the bundled one) and say why.
        options.logger?.error('holiday schedule parameter unusable, keeping the last good calendar', {
          parameter: options.parameterName,
          detail: (err as Error).message,
        });
        last ??= calendarOf(bundled);
      }
      return last;
    },
  };
}
