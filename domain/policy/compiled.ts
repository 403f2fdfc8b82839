// The policy as a Lambda bundle carries it: policy/*.yaml, the templates and the holiday schedules, parsed and
// checked at build time (compile.ts, with each problem's line) and written as one JSON file next to the bundle. At
// cold start the function validates that data again with the same schemas and cross-checks (validate.ts) and the
// holiday rules (calendar/schedule-data.ts), but needs no YAML parser, no template engine and no chinese-days data
// file: that is what keeps the step bundles small. `npm start`, the CLI and the tests read the YAML (load.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { YearSchedule } from '../calendar/official.ts';
import { validateSchedules } from '../calendar/schedule-data.ts';
import {
  LANGUAGE_CODES,
  LETTER_KINDS,
  type LetterTemplate,
  POLICY_FILES,
  type Policy,
  TemplateFrontMatter,
} from './schema.ts';
import {
  assemblePolicy,
  collectIssues,
  crossReferences,
  PolicyError,
  type PolicyIssue,
  validatePolicyData,
} from './validate.ts';

/** The file name in the bundle's policy dir (RIGHTSFLOW_POLICY_DIR). */
export const COMPILED_POLICY_FILE = 'compiled.json';
export const COMPILED_POLICY_FORMAT = 'rightsflow-compiled-policy/1';

export interface CompiledPolicy {
  format: typeof COMPILED_POLICY_FORMAT;
  /** Each policy file's data as parsed from its YAML, keyed by file name (recipients.yaml …); validated at load. */
  files: Record<string, unknown>;
  /** Each letter template (`deletion.zh` …) split into subject and body; the liquid syntax was checked at build. */
  templates: Record<string, LetterTemplate>;
  /** The official schedules chinese-days ships (calendar/official.ts), oldest first. */
  chineseDays: YearSchedule[];
  /** policy/holidays.yaml as parsed (`{ years: … }`); it wins over chinese-days for the years it lists. */
  holidays: unknown;
  /** Where the holidays came from (for messages): policy/holidays.yaml. */
  holidaysFile: string;
}

const ChineseDaysSchedule = z.object({
  year: z.number().int(),
  source: z.string(),
  holidays: z.array(z.string()),
  workdays: z.array(z.string()),
});

const Template = z.object({ file: z.string(), subject: z.string(), body: z.string() });

/** The policy and the bundled schedules from compiled data; throws PolicyError / ScheduleFileError like load.ts. */
export function policyFromCompiled(
  compiled: CompiledPolicy,
  label = COMPILED_POLICY_FILE,
): { policy: Policy; schedules: YearSchedule[] } {
  if (compiled.format !== COMPILED_POLICY_FORMAT)
    throw new PolicyError([
      {
        file: label,
        line: 1,
        field: 'format',
        message: `expected ${COMPILED_POLICY_FORMAT}, got ${JSON.stringify(compiled.format)}`,
      },
    ]);
  const issues: PolicyIssue[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, [name, schema]] of Object.entries(POLICY_FILES)) {
    const file = `${label}:${name}`;
    if (!(name in compiled.files)) issues.push({ file, line: 1, field: '', message: 'file missing' });
    else out[key] = collectIssues(issues, () => validatePolicyData(file, compiled.files[name], schema as z.ZodType));
  }
  const templates: Record<string, LetterTemplate> = {};
  for (const kind of LETTER_KINDS)
    for (const lang of LANGUAGE_CODES) {
      const key = `${kind}.${lang}`;
      const file = `${label}:templates/${key}.liquid`;
      const t = compiled.templates[key];
      if (t === undefined) {
        issues.push({ file, line: 1, field: '', message: 'template missing' });
        continue;
      }
      const template = collectIssues(issues, () => validatePolicyData(file, t, Template));
      if (
        template &&
        collectIssues(issues, () => validatePolicyData(file, { subject: t.subject }, TemplateFrontMatter))
      )
        templates[key] = template;
    }
  if (issues.length > 0) throw new PolicyError(issues);
  const policy = assemblePolicy(out as Record<keyof typeof POLICY_FILES, unknown>, templates);
  const cross = crossReferences(policy, `${label}:${POLICY_FILES.processing[0]}`);
  if (cross.length > 0) throw new PolicyError(cross);
  const official = validatePolicyData(`${label}:chineseDays`, compiled.chineseDays, z.array(ChineseDaysSchedule));
  return {
    policy,
    schedules: [...official, ...validateSchedules(compiled.holidays ?? {}, `${label}:${compiled.holidaysFile}`)],
  };
}

const cache = new Map<string, { policy: Policy; schedules: YearSchedule[] }>();

/** Reads `<dir>/compiled.json` once per dir (a cold start); throws PolicyError listing every problem. */
export function loadCompiledPolicy(dir: string): { policy: Policy; schedules: YearSchedule[] } {
  const hit = cache.get(dir);
  if (hit) return hit;
  const file = join(dir, COMPILED_POLICY_FILE);
  const loaded = policyFromCompiled(JSON.parse(readFileSync(file, 'utf8')) as CompiledPolicy, file);
  cache.set(dir, loaded);
  return loaded;
}
