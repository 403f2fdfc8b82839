// Build step: the policy dir and the holiday schedule file compiled into the one JSON file a Lambda bundle reads
// (compiled.ts). Everything load.ts checks is checked here first, with file and line, so a bad edit fails the build
// (cdk synth / deploy) rather than a cold start.
import { readFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { DEFAULT_SCHEDULE_FILE } from '../calendar/files.ts';
import { chineseDaysSchedules } from '../calendar/official.ts';
import { parseScheduleFile } from '../calendar/schedule-file.ts';
import { COMPILED_POLICY_FORMAT, type CompiledPolicy } from './compiled.ts';
import { DEFAULT_POLICY_DIR, parsePolicy, readPolicyFiles } from './load.ts';
import { POLICY_FILES } from './schema.ts';

export function compilePolicy(
  dir: string = DEFAULT_POLICY_DIR,
  scheduleFile: string = DEFAULT_SCHEDULE_FILE,
): CompiledPolicy {
  const texts = readPolicyFiles(dir);
  // Throws PolicyError (file:line: field: problem) for any invalid file, template or cross-reference. Labelled by
  // the dir's own name (policy/…), as the files sit in the repository and in the bundle, wherever the build runs.
  const policy = parsePolicy(texts, basename(resolve(dir)));
  const scheduleText = readFileSync(scheduleFile, 'utf8');
  parseScheduleFile(scheduleText, relative(process.cwd(), resolve(scheduleFile))); // throws ScheduleFileError
  const files: Record<string, unknown> = {};
  for (const [name] of Object.values(POLICY_FILES)) files[name] = parseDocument(texts[name]!).toJS();
  return {
    format: COMPILED_POLICY_FORMAT,
    files,
    templates: policy.templates,
    chineseDays: chineseDaysSchedules().map((s) => ({ ...s, holidays: [...s.holidays], workdays: [...s.workdays] })),
    holidays: parseDocument(scheduleText).toJS() ?? {},
    holidaysFile: 'holidays.yaml',
  };
}
