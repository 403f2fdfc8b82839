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
  /** access / explain: partner ids the company's records show received the person's data. */
  receivedBy?: string[];
  /** explain without a verified identity (or no customer found): the general processing rules, nothing personal. */
  general?: boolean;
  /** explain: the privacy officer's answer to the person's question. */
  answer?: { zh: string; en: string };
  /** access / copy / portability: the sealed export package in the blob store, its files and what it carries. */
  exportKey?: string;
  exportFiles?: string[];
  exportRecords?: number;
  included?: DataCategory[];
  /** Left out of a portability package, with the reason (NDSR art. 25). */
  excluded?: { category: DataCategory; reason: { zh: string; en: string; cite: { zh: string; en: string } } }[];
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
