// `rightsflow holidays-json [file]`: a holiday schedule in YAML (default policy/holidays.yaml) checked, with file and
// line for every problem, and printed as the JSON the stage's SSM parameter holds (docs/deploy.md): the functions
// read the parameter with JSON.parse and the same rules (domain/calendar/schedule-data.ts), no YAML parser.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { DEFAULT_SCHEDULE_FILE } from '../../domain/calendar/files.ts';
import { parseScheduleFile, ScheduleFileError } from '../../domain/calendar/schedule-file.ts';

export const summary = 'a holiday schedule (YAML) as the JSON of the SSM parameter';

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h') || args.length > 1) {
    process.stdout.write('usage: rightsflow holidays-json [schedule.yaml]   (default policy/holidays.yaml)\n');
    return args.length > 1 ? 2 : 0;
  }
  const file = resolve(args[0] ?? DEFAULT_SCHEDULE_FILE);
  const text = readFileSync(file, 'utf8');
  try {
    parseScheduleFile(text, args[0] ?? 'policy/holidays.yaml');
  } catch (e) {
    if (!(e instanceof ScheduleFileError)) throw e;
    process.stderr.write(`${e.message}\n`); // file:line: field: problem, for each one
    return 1;
  }
  process.stdout.write(`${JSON.stringify(parseDocument(text).toJS() ?? {})}\n`);
  return 0;
}
