// Blind held-out corpus (test/fixtures/mail/holdout): the honest measure of the rights classifier. dev/ may be tuned
// on; test/ is only ever scored. The figures are printed; the floors below guard against regressions.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyMail, toParsedEmail } from '../../../domain/intake/index.ts';
import { RIGHTS, type Right } from '../../../domain/request/model.ts';
import { parseMail } from '../../../functions/shared/mail/parse.ts';
import type { HoldoutLabel } from '../../fixtures/mail/holdout/generate.ts';
import { gbCheck } from '../../fixtures/mail/holdout/spec.ts';
import { type Score, scoreRights } from './corpus.ts';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/mail/holdout');
const RECEIVED = new Date('2026-11-25T02:41:00Z');
const labels = JSON.parse(readFileSync(join(DIR, 'labels.json'), 'utf8')) as Record<string, HoldoutLabel>;

interface Mail {
  key: string;
  raw: Buffer;
  label: HoldoutLabel;
}

function load(set: 'dev' | 'test'): Mail[] {
  return readdirSync(join(DIR, set))
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => {
      const key = `${set}/${f}`;
      const label = labels[key];
      if (!label) throw new Error(`no label for ${key}`);
      return { key, raw: readFileSync(join(DIR, set, f)), label };
    });
}

interface Outcome {
  key: string;
  expected: Right[];
  actual: Right[];
  triage: [boolean, boolean];
  isReply: [boolean, boolean];
}

async function classify(mail: Mail): Promise<Outcome> {
  const parsed = await parseMail(mail.raw);
  // Every held-out message is well-formed MIME: a rejection is a parser bug, not a classifier miss.
  expect(parsed.ok ? 'parsed' : parsed.rejection.code, mail.key).toBe('parsed');
  const out = parsed.ok ? toParsedEmail(parsed.mail, classifyMail(parsed.mail, RECEIVED)) : undefined;
  return {
    key: mail.key,
    expected: mail.label.rights,
    actual: out?.rights ?? [],
    triage: [mail.label.triage, out?.triage ?? true],
    isReply: [mail.label.isReply, out?.isReply ?? false],
  };
}

const f1 = (s: Score): number =>
  s.precision + s.recall === 0 ? 0 : (2 * s.precision * s.recall) / (s.precision + s.recall);
const fmt = (n: number): string => n.toFixed(2);
const sameSet = (a: readonly Right[], b: readonly Right[]): boolean =>
  a.length === b.length && a.every((r) => b.includes(r));

function report(title: string, outcomes: Outcome[]) {
  const s = scoreRights(outcomes);
  const row = (name: string, x: Score) =>
    `  ${name.padEnd(17)} P=${fmt(x.precision)} R=${fmt(x.recall)} F1=${fmt(f1(x))} (tp ${x.tp}, fp ${x.fp}, fn ${x.fn})`;
  const exact = outcomes.filter((o) => sameSet(o.expected, o.actual)).length;
  const triageOk = outcomes.filter((o) => o.triage[0] === o.triage[1]).length;
  const replyOk = outcomes.filter((o) => o.isReply[0] === o.isReply[1]).length;
  const misses = outcomes
    .filter((o) => !sameSet(o.expected, o.actual) || o.triage[0] !== o.triage[1])
    .map(
      (o) =>
        `  ${o.key}: expected [${o.expected.join(',')}] got [${o.actual.join(',')}]` +
        (o.triage[0] === o.triage[1] ? '' : ` triage expected ${o.triage[0]} got ${o.triage[1]}`),
    );
  console.log(
    [
      `${title}: ${outcomes.length} messages`,
      ...RIGHTS.map((r) => row(r, s.perRight[r])),
      row('overall (micro)', s.overall),
      `  exact rights set ${exact}/${outcomes.length}, triage agrees ${triageOk}/${outcomes.length}, isReply agrees ${replyOk}/${outcomes.length}`,
      `  misses (${misses.length}):`,
      ...misses,
    ].join('\n'),
  );
  return s;
}

const sets = { dev: load('dev'), test: load('test') };

describe('held-out intake corpus (blind)', () => {
  it('has the promised shape: 60 dev + 41 test, both languages, every right, hard cases, legacy charsets', () => {
    expect(sets.dev).toHaveLength(60);
    expect(sets.test).toHaveLength(41);
    for (const mails of [sets.dev, sets.test]) {
      const ls = mails.map((m) => m.label);
      const en = ls.filter((l) => l.language === 'en').length / ls.length;
      expect(en).toBeGreaterThanOrEqual(0.2);
      expect(en).toBeLessThanOrEqual(0.3);
      expect(new Set(ls.flatMap((l) => l.rights))).toEqual(new Set(RIGHTS));
      expect(ls.filter((l) => l.rights.length === 0 && l.triage).length).toBeGreaterThanOrEqual(6);
      expect(ls.filter((l) => l.rights.length > 1).length).toBeGreaterThanOrEqual(4);
      expect(ls.filter((l) => l.guardian).length).toBeGreaterThanOrEqual(1);
      expect(ls.filter((l) => l.isReply).length).toBeGreaterThanOrEqual(2);
      expect(new Set(ls.map((l) => l.charset))).toEqual(new Set(['utf-8', 'gbk', 'gb2312', 'gb18030', 'big5']));
    }
  });

  it('labels ID validity by the GB 11643 check character', () => {
    const ids = Object.values(labels).flatMap((l) => (l.subject?.idNumber ? [l.subject] : []));
    expect(ids.length).toBeGreaterThanOrEqual(8);
    for (const s of ids) {
      const id = s.idNumber ?? '';
      expect(gbCheck(id.slice(0, 17)) === id.at(-1), id.slice(0, 6)).toBe(s.idNumberValid);
    }
  });

  // Floors a little below the figures after tuning on dev (issue 3: dev P 1.00 R 1.00, test P 0.97 R 0.89), so a
  // regression fails; test/ was scored once, never tuned on.
  const floors = { dev: { precision: 0.95, recall: 0.95 }, test: { precision: 0.9, recall: 0.85 } } as const;

  it.each(['dev', 'test'] as const)(
    '%s: prints precision/recall/F1 per right; overall precision and recall above the floors',
    async (set) => {
      const outcomes: Outcome[] = [];
      for (const mail of sets[set]) outcomes.push(await classify(mail));
      const s = report(`held-out ${set}`, outcomes);
      expect(s.overall.precision).toBeGreaterThanOrEqual(floors[set].precision);
      expect(s.overall.recall).toBeGreaterThanOrEqual(floors[set].recall);
    },
  );
});
