// Shared by the corpus test and the benchmark: the labelled fixture mail and a scorer.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RIGHTS, type Right } from '../../../domain/request/model.ts';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/mail');

export interface CorpusLabel {
  style: string;
  charset: string;
  malformed?: boolean;
  rights: Right[];
  triage: boolean;
  isReply: boolean;
  language: 'zh' | 'en';
  guardian?: boolean;
  minor?: boolean;
  subject?: { name?: string; idNumber?: string; idNumberValid?: boolean; phone?: string };
  attachments?: number;
  /** Held-out batches 1 and 2 were scored blind, then tuned on; 3 was never tuned against (see generate.ts). */
  holdout?: 1 | 2 | 3;
}

export interface CorpusMail {
  file: string;
  raw: Buffer;
  label: CorpusLabel;
}

export function loadCorpus(): CorpusMail[] {
  const labels = JSON.parse(readFileSync(join(DIR, 'labels.json'), 'utf8')) as Record<string, CorpusLabel>;
  const files = readdirSync(join(DIR, 'corpus')).filter((f) => f.endsWith('.eml'));
  return files.sort().map((file) => {
    const label = labels[file];
    if (!label) throw new Error(`no label for ${file}`);
    return { file, raw: readFileSync(join(DIR, 'corpus', file)), label };
  });
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

const score = (tp: number, fp: number, fn: number): Score => ({
  tp,
  fp,
  fn,
  // No prediction and nothing to find is perfect, not undefined.
  precision: tp + fp === 0 ? 1 : tp / (tp + fp),
  recall: tp + fn === 0 ? 1 : tp / (tp + fn),
});

/** Micro-averaged precision/recall over (mail, right) pairs, per right and overall. */
export function scoreRights(pairs: { expected: readonly Right[]; actual: readonly Right[] }[]): {
  perRight: Record<Right, Score>;
  overall: Score;
} {
  const counts = Object.fromEntries(RIGHTS.map((r) => [r, { tp: 0, fp: 0, fn: 0 }])) as Record<
    Right,
    { tp: number; fp: number; fn: number }
  >;
  for (const { expected, actual } of pairs) {
    for (const r of RIGHTS) {
      const e = expected.includes(r);
      const a = actual.includes(r);
      if (e && a) counts[r].tp++;
      else if (a) counts[r].fp++;
      else if (e) counts[r].fn++;
    }
  }
  const perRight = Object.fromEntries(
    RIGHTS.map((r) => [r, score(counts[r].tp, counts[r].fp, counts[r].fn)]),
  ) as Record<Right, Score>;
  const sum = (k: 'tp' | 'fp' | 'fn') => RIGHTS.reduce((n, r) => n + counts[r][k], 0);
  return { perRight, overall: score(sum('tp'), sum('fp'), sum('fn')) };
}
