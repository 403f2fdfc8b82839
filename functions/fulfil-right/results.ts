// What FulfilRight records per right (`fulfil:<right>`): counts, categories and dates only, never personal data.

import type { DataCategory, Right } from '../../domain/request/model.ts';
import type { Hold } from '../../domain/rules/index.ts';
import { fulfilKey } from '../shared/step.ts';
import type { Store } from '../shared/store/store.ts';

export type FulfilStatus = 'done' | 'partial' | 'refused' | 'no_data' | 'pending_staff';

export interface FulfilResult {
  right: Right;
  status: FulfilStatus;
  /** Internal customer reference (not personal data in itself): later steps act on the same customer. */
  customerId?: string;
  /** delete / cancel_quickpay */
  erased?: DataCategory[];
  counts?: Partial<Record<DataCategory, number>>;
  held?: Hold[];
  backupPurgeBy?: string | null;
  deferred?: { category: DataCategory; at: string }[];
  /** Partner ids to notify of the erasure. */
  recipients?: string[];
  /** access / explain */
  summary?: { category: DataCategory; records: number; lastActivityAt?: string }[];
  /** copy / portability: the sealed export in the blob store */
  exportKey?: string;
  exportRecords?: number;
  /** withdraw_consent / restrict */
  scope?: string[];
  reason?: { code: string; zh: string; en: string };
  /** Categories the privacy officer withheld (partial decision): kept, neither erased nor disclosed. */
  withheld?: DataCategory[];
  at: string;
}

/** Recorded before erasing (`fulfil:<right>:plan`): what was held and who received it, read while it still existed. */
export interface ErasureSnapshot {
  customerId: string;
  held: DataCategory[];
  /** Partner ids (`issuing_bank:<code>` per card's bank) that received the person's data. */
  recipients: string[];
  at: string;
}

export const erasurePlanKey = (right: Right) => `fulfil:${right}:plan`;

/** `reason.code` of a right refused because the person's identity was not verified to the level it needs. */
export const UNVERIFIED_CODE = 'unverified';

/** `reason.code` of a right the privacy officer withheld in a partial decision (the reasons are the review's). */
export const WITHHELD_CODE = 'withheld_by_officer';

/** The recorded results of the rights that erase data (delete, cancel_quickpay), where something was erased. */
export async function erasureResults(store: Pick<Store, 'getStepResult'>, requestId: string): Promise<FulfilResult[]> {
  const results = await Promise.all(
    (['delete', 'cancel_quickpay'] as const).map((r) => store.getStepResult<FulfilResult>(requestId, fulfilKey(r))),
  );
  return results.filter((x): x is FulfilResult => x !== undefined && (x.erased?.length ?? 0) > 0);
}

/** Every category erased across those results, each once. */
export function erasedCategories(results: readonly FulfilResult[]): DataCategory[] {
  return [...new Set(results.flatMap((x) => x.erased ?? []))];
}
