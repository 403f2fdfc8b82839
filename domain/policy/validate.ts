// The policy's checks on parsed data, shared by the YAML loader (load.ts, with each field's line) and the compiled
// policy a Lambda bundle reads (compiled.ts, JSON: no lines, no YAML parser, no template engine). Every problem is
// reported as `<file>:<line>: <field>: <what is wrong>` so that a privacy officer editing the files can fix them.
import type * as z from 'zod';
import { formatSourceIssue, type SourceIssue } from '../source-issue.ts';
import type { LetterTemplate, POLICY_FILES, Policy } from './schema.ts';

export type PolicyIssue = SourceIssue;

export class PolicyError extends Error {
  override name = 'PolicyError';
  constructor(readonly issues: PolicyIssue[]) {
    super(`the policy has ${issues.length} problem(s):\n${issues.map(formatIssue).join('\n')}`);
  }
}

export const formatIssue = formatSourceIssue;

/** Line of the field at `path` in its source file; 1 when the source has no lines (JSON). */
export type LineOf = (path: readonly PropertyKey[]) => number;

/** `recipients[2].ackWindowWorkingDays` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur = data;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const got = valueAt(data, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (got === undefined) return `required, but missing`;
      return `expected ${issue.expected === 'array' || issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}, got ${JSON.stringify(got)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(got)}`;
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.join(', ')}`;
    default:
      return got === undefined || typeof got === 'object'
        ? issue.message
        : `${issue.message}, got ${JSON.stringify(got)}`;
  }
}

/** Validates one file's parsed data with its schema; throws PolicyError naming file, line and field. */
export function validatePolicyData<S extends z.ZodType>(
  file: string,
  data: unknown,
  schema: S,
  lineOf: LineOf = () => 1,
): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new PolicyError(
    parsed.error.issues.map((issue) => ({
      file,
      line: lineOf(issue.path),
      field: formatPath(issue.path),
      message: describeIssue(issue, data),
    })),
  );
}

/** Runs `check`, collecting its PolicyError's issues into `issues` (other errors propagate). */
export function collectIssues<T>(issues: PolicyIssue[], check: () => T): T | undefined {
  try {
    return check();
  } catch (e) {
    if (e instanceof PolicyError) issues.push(...e.issues);
    else throw e;
    return undefined;
  }
}

/** Ids one file uses that another file must define: recipients and retention rules named by processing.yaml. */
export function crossReferences(p: Policy, processingFile: string, lineOf: LineOf = () => 1): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const recipients = new Set(p.recipients.recipients.map((r) => r.id));
  const rules = new Set(p.retention.rules.map((r) => r.id));
  for (const [category, c] of Object.entries(p.processing.categories)) {
    c.recipients.forEach((id, i) => {
      if (!recipients.has(id))
        issues.push({
          file: processingFile,
          line: lineOf(['categories', category, 'recipients', i]),
          field: `categories.${category}.recipients[${i}]`,
          message: `"${id}" is not a recipient of recipients.yaml`,
        });
    });
    c.retention.rules.forEach((id, i) => {
      if (!rules.has(id))
        issues.push({
          file: processingFile,
          line: lineOf(['categories', category, 'retention', 'rules', i]),
          field: `categories.${category}.retention.rules[${i}]`,
          message: `"${id}" is not a rule of retention.yaml`,
        });
    });
  }
  return issues;
}

/** The Policy from each file's validated data (keys of POLICY_FILES) and the checked templates. */
export function assemblePolicy(
  files: Record<keyof typeof POLICY_FILES, unknown>,
  templates: Record<string, LetterTemplate>,
): Policy {
  const categories = (files.categories as { categories: Policy['categories'] }).categories;
  return { ...(files as unknown as Omit<Policy, 'templates' | 'categories'>), categories, templates } as Policy;
}
