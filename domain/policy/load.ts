// Loads policy/*.yaml and policy/templates/*.liquid, validates them with zod and reports every problem as
// `<file>:<line>: <field>: <what is wrong>` so that a privacy officer editing the files can fix them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Liquid } from 'liquidjs';
import { isMap, isNode, LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod';
import { createLiquid } from '../replies/engine.ts';
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

export { formatIssue, formatPath, PolicyError, type PolicyIssue } from './validate.ts';

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
  // The node of the field, or of its nearest existing parent when the field is missing.
  const lineOf = (path: readonly PropertyKey[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as (string | number)[], true);
      if (isNode(node) && node.range) {
        // A missing key inside a map: point at the map's line (its first key).
        if (n < path.length && isMap(node) && node.items[0]?.key && isNode(node.items[0].key))
          return lineCounter.linePos(node.items[0].key.range?.[0] ?? node.range[0]).line;
        return lineCounter.linePos(node.range[0]).line;
      }
    }
    return 1;
  };
  return validatePolicyData(file, doc.toJS(), schema, lineOf);
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
    if (text === undefined) issues.push({ file, line: 1, field: '', message: 'file missing' });
    else out[key] = collectIssues(issues, () => parsePolicyYaml(file, text, schema as z.ZodType));
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
      const template = collectIssues(issues, () => parseTemplate(`${label}/${name}`, text, liquid));
      if (template) templates[`${kind}.${lang}`] = template;
    }
  if (issues.length > 0) throw new PolicyError(issues);
  const policy = assemblePolicy(out as Record<keyof typeof POLICY_FILES, unknown>, templates);
  const name = POLICY_FILES.processing[0];
  const text = files[name] ?? '';
  issues.push(...crossReferences(policy, `${label}/${name}`, (path) => lineAt(text, path as (string | number)[])));
  if (issues.length > 0) throw new PolicyError(issues);
  return policy;
}

/** The line of the node at `path` in a YAML text (1 when not found). */
function lineAt(text: string, path: (string | number)[]): number {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const node = doc.getIn(path, true);
  return isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : 1;
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
