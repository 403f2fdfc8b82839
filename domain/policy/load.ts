// Loads policy/*.yaml and policy/templates/*.liquid, validates them with zod and reports every problem as
// `<file>:<line>: <field>: <what is wrong>` so that a privacy officer editing the files can fix them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Liquid } from 'liquidjs';
import { isMap, isNode, LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod';
import { createLiquid } from '../replies/engine.ts';
import { formatSourceIssue, type SourceIssue } from '../source-issue.ts';
import {
  LANGUAGE_CODES,
  LETTER_KINDS,
  type LetterTemplate,
  POLICY_FILES,
  type Policy,
  TemplateFrontMatter,
} from './schema.ts';

export type PolicyIssue = SourceIssue;

export class PolicyError extends Error {
  override name = 'PolicyError';
  constructor(readonly issues: PolicyIssue[]) {
    super(`the policy has ${issues.length} problem(s):\n${issues.map(formatIssue).join('\n')}`);
  }
}

export const formatIssue = formatSourceIssue;

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

/** Parses and validates one YAML text; throws PolicyError naming file and line. */
export function parsePolicyYaml<S extends z.ZodType>(file: string, text: string, schema: S): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new PolicyError(
      doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0].line ?? lineCounter.linePos(e.pos[0]).line,
        field: '',
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  const data: unknown = doc.toJS();
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new PolicyError(
    parsed.error.issues.map((issue) => {
      // The node of the field, or of its nearest existing parent when the field is missing.
      let line = 1;
      for (let n = issue.path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(issue.path.slice(0, n) as (string | number)[], true);
        if (isNode(node) && node.range) {
          line = lineCounter.linePos(node.range[0]).line;
          // A missing key inside a map: point at the map's line (its first key).
          if (n < issue.path.length && isMap(node) && node.items[0]?.key && isNode(node.items[0].key))
            line = lineCounter.linePos(node.items[0].key.range?.[0] ?? node.range[0]).line;
          break;
        }
      }
      return { file, line, field: formatPath(issue.path), message: describeIssue(issue, data) };
    }),
  );
}

/** Splits a template file into its front matter subject and liquid body; checks the liquid syntax. */
export function parseTemplate(file: string, text: string, liquid: Liquid = createLiquid()): LetterTemplate {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) throw new PolicyError([{ file, line: 1, field: '', message: 'expected front matter: ---, subject: …, ---' }]);
  const front = parsePolicyYaml(file, m[1]!, TemplateFrontMatter);
  const body = text.slice(m[0].length);
  const bodyStartLine = m[0].split('\n').length;
  for (const [part, src, offset] of [
    ['subject', front.subject, 2],
    ['body', body, bodyStartLine],
  ] as const) {
    try {
      liquid.parse(src);
    } catch (e) {
      const err = e as { message: string; token?: { getPosition?: () => number[] } };
      const pos = err.token?.getPosition?.()[0] ?? 1;
      throw new PolicyError([
        {
          file,
          line: offset + pos - 1,
          field: part,
          message: `template: ${err.message.replace(/, line:\d+, col:\d+/, '')}`,
        },
      ]);
    }
  }
  return { file, subject: front.subject, body };
}

/** Builds the Policy from file texts keyed by their path under the policy dir (e.g. bundled as strings). */
export function parsePolicy(files: Record<string, string>, label = 'policy'): Policy {
  const issues: PolicyIssue[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, [name, schema]] of Object.entries(POLICY_FILES)) {
    const file = `${label}/${name}`;
    const text = files[name];
    if (text === undefined) {
      issues.push({ file, line: 1, field: '', message: 'file missing' });
      continue;
    }
    try {
      out[key] = parsePolicyYaml(file, text, schema as z.ZodType);
    } catch (e) {
      if (e instanceof PolicyError) issues.push(...e.issues);
      else throw e;
    }
  }
  const templates: Record<string, LetterTemplate> = {};
  const liquid = createLiquid();
  for (const kind of LETTER_KINDS)
    for (const lang of LANGUAGE_CODES) {
      const name = `templates/${kind}.${lang}.liquid`;
      const text = files[name];
      if (text === undefined) {
        issues.push({ file: `${label}/${name}`, line: 1, field: '', message: 'template missing' });
        continue;
      }
      try {
        templates[`${kind}.${lang}`] = parseTemplate(`${label}/${name}`, text, liquid);
      } catch (e) {
        if (e instanceof PolicyError) issues.push(...e.issues);
        else throw e;
      }
    }
  if (issues.length === 0) issues.push(...crossReferences(out as unknown as Policy, files, label));
  if (issues.length > 0) throw new PolicyError(issues);
  const categories = (out['categories'] as { categories: Policy['categories'] }).categories;
  return { ...(out as Omit<Policy, 'templates' | 'categories'>), categories, templates } as Policy;
}

/** The line of the node at `path` in a YAML text (1 when not found). */
function lineAt(text: string, path: (string | number)[]): number {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const node = doc.getIn(path, true);
  return isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : 1;
}

/** Ids one file uses that another file must define: recipients and retention rules named by processing.yaml. */
function crossReferences(p: Policy, files: Record<string, string>, label: string): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const name = POLICY_FILES.processing[0];
  const text = files[name] ?? '';
  const recipients = new Set(p.recipients.recipients.map((r) => r.id));
  const rules = new Set(p.retention.rules.map((r) => r.id));
  for (const [category, c] of Object.entries(p.processing.categories)) {
    c.recipients.forEach((id, i) => {
      if (!recipients.has(id))
        issues.push({
          file: `${label}/${name}`,
          line: lineAt(text, ['categories', category, 'recipients', i]),
          field: `categories.${category}.recipients[${i}]`,
          message: `"${id}" is not a recipient of recipients.yaml`,
        });
    });
    c.retention.rules.forEach((id, i) => {
      if (!rules.has(id))
        issues.push({
          file: `${label}/${name}`,
          line: lineAt(text, ['categories', category, 'retention', 'rules', i]),
          field: `categories.${category}.retention.rules[${i}]`,
          message: `"${id}" is not a rule of retention.yaml`,
        });
    });
  }
  return issues;
}

/** Reads every policy file under `dir` (YAML at the top, templates under templates/). */
export function readPolicyFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) if (name.endsWith('.yaml')) files[name] = readFileSync(join(dir, name), 'utf8');
  const tdir = join(dir, 'templates');
  for (const name of readdirSync(tdir))
    if (name.endsWith('.liquid')) files[`templates/${name}`] = readFileSync(join(tdir, name), 'utf8');
  return files;
}

/**
 * The repository's policy dir, wherever the process was started. In a bundle (no module URL, or one that points
 * into the bundle) set RIGHTSFLOW_POLICY_DIR, or build the policy from bundled texts with parsePolicy().
 */
export const DEFAULT_POLICY_DIR =
  typeof import.meta.url === 'string' ? fileURLToPath(new URL('../../policy/', import.meta.url)) : resolve('policy');

const cache = new Map<string, Policy>();

/** Loads and validates the policy once per dir (cached). Throws PolicyError listing every problem. */
export function loadPolicy(dir: string = process.env['RIGHTSFLOW_POLICY_DIR'] ?? DEFAULT_POLICY_DIR): Policy {
  const abs = resolve(dir);
  const hit = cache.get(abs);
  if (hit) return hit;
  const label = relative(process.cwd(), abs) || '.';
  const policy = parsePolicy(readPolicyFiles(abs), label.startsWith('..') ? abs : label);
  cache.set(abs, policy);
  return policy;
}

/** Forgets cached policies (tests, or after operations edited the files). */
export function clearPolicyCache(): void {
  cache.clear();
}
