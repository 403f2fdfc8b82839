// How a settled correction is recorded (`correction:applied`, written by settle-correction.ts) and how the reply and
// the partner plan read it: field names, categories and a reason code, never the values.
import {
  CORRECTION_REFUSAL_TEXT,
  type CorrectionChange,
  type CorrectionRefusal,
} from '../../domain/corrections/index.ts';
import type { DataCategory } from '../../domain/request/model.ts';
import type { AppliedCorrection } from '../shared/ports.ts';
import type { FulfilResult } from './results.ts';

export const CORRECTION_KEY = 'correction:applied';

export type CorrectionDecision =
  | { apply: 'proposal'; note?: string | undefined }
  | { changes: CorrectionChange[]; note?: string | undefined }
  | { categories: DataCategory[]; note: string }
  | { refuse: CorrectionRefusal; note?: string | undefined };

/** What was settled (no values: field names, categories, the reason code). */
export interface RecordedCorrection {
  outcome: 'applied' | 'refused';
  /** Categories changed (applied), from the connector's answer or as staff recorded a correction by hand. */
  categories: DataCategory[];
  fields: AppliedCorrection[];
  via: 'connector' | 'staff';
  refusal?: CorrectionRefusal;
  appliedAt: string;
  appliedBy: string;
  noteSealed?: string;
}

/** The recorded result of `correct` as the reply reports it: the settled correction overrides "pending staff". */
export function settledResult(res: FulfilResult, settled: RecordedCorrection | undefined): FulfilResult {
  if (!settled || res.status !== 'pending_staff') return res;
  if (settled.outcome === 'refused') {
    const reason = CORRECTION_REFUSAL_TEXT[settled.refusal ?? 'unproven'];
    return { ...res, status: 'refused', reason: { code: `correction_${settled.refusal ?? 'unproven'}`, ...reason } };
  }
  // Records from before the connector path have no fields.
  const correctedFields = (settled.fields ?? []).filter((f) => f.status === 'applied').map((f) => f.field);
  return { ...res, status: 'done', corrected: settled.categories, correctedFields };
}
