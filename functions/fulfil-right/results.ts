// What FulfilRight records per right (`fulfil:<right>`): counts, categories and dates only, never personal data.

import type { CorrectableField } from '../../domain/corrections/index.ts';
import type { ConsentScope, DeletionGroundCode } from '../../domain/policy/schema.ts';
import type { DataCategory, Right } from '../../domain/request/model.ts';
import type { Hold } from '../../domain/rules/index.ts';
import type { ProcessingRestriction, QuickPayBinding } from '../shared/ports.ts';
import { fulfilKey } from '../shared/step.ts';
import type { Store } from '../shared/store/store.ts';

/** `held`: an erasing right that erased nothing because everything asked for is held (not a partial success). */
export type FulfilStatus = 'done' | 'partial' | 'held' | 'refused' | 'no_data' | 'pending_staff';

export interface FulfilResult {
  right: Right;
  status: FulfilStatus;
  /** Internal customer reference (not personal data in itself): later steps act on the same customer. */
  customerId?: string;
  /** delete / cancel_quickpay / close_account */
  erased?: DataCategory[];
  counts?: Partial<Record<DataCategory, number>>;
  held?: Hold[];
  /** The PIPL art. 47 ¶1 ground each erased category rests on. */
  grounds?: { category: DataCategory; ground: DeletionGroundCode }[];
  /** Categories the ongoing service needs (no deletion ground while it runs): left in use. */
  keptForService?: DataCategory[];
  /** The business relationship continues (no end recorded): the letter says so and what stays. */
  serviceContinues?: boolean;
  backupPurgeBy?: string | null;
  deferred?: { category: DataCategory; at: string }[];
  /** Partner ids to notify of the erasure (of the cancellation, for quick pay). */
  recipients?: string[];
  /** cancel_quickpay / close_account: the quick-pay agreements ended (the card's last four digits name it in letters). */
  bindingsEnded?: {
    bindingId: string;
    cardLast4: string;
    issuingBank: string;
    /** Networks (partner ids) that carried the card's payments: they hear of the cancellation with the bank. */
    clearing: string[];
    merchant: string;
    endedAt: string;
  }[];
  /** close_account: when the account was closed (the relationship's end). */
  accountClosedAt?: string;
  /** access / explain */
  summary?: { category: DataCategory; records: number; lastActivityAt?: string }[];
  /** access / explain: partner ids the company's records show received the person's data. */
  receivedBy?: string[];
  /** explain without a verified identity (or no customer found): the general processing rules, nothing personal. */
  general?: boolean;
  /** explain: the privacy officer's answer to the person's question. */
  answer?: { zh: string; en: string };
  /** explain: the person asked a question (an `explanation` task for the privacy officer, PIPL art. 48). */
  question?: boolean;
  /** access / copy / portability: the sealed export package in the blob store, its files and what it carries. */
  exportKey?: string;
  exportFiles?: string[];
  exportRecords?: number;
  included?: DataCategory[];
  /**
   * portability: the receiving company the person named (its name, else its contact masked): a `transfer` task asks
   * the privacy officer to confirm its address (decide-transfer.ts). The decision, once taken, is `transfer:decision`.
   */
  transferTo?: string;
  /** Left out of a portability package, with the reason (NDSR art. 25). */
  excluded?: { category: DataCategory; reason: { zh: string; en: string; cite: { zh: string; en: string } } }[];
  /** correct: the categories and fields corrected (names only, never the values). */
  corrected?: DataCategory[];
  correctedFields?: CorrectableField[];
  /**
   * withdraw_consent, per consent named: whether the person's data was in that processing, the records of data that
   * rested on it erased (never in `erased`: only that data, not the category), what a hold keeps storage only.
   */
  withdrawn?: {
    scope: ConsentScope;
    active: boolean;
    erased: number;
    held: { category: DataCategory; until: string | null }[];
  }[];
  /**
   * restrict, per processing restricted (PIPL art. 44): the company's restriction (id, scope, named recipients, since)
   * and whether the person's data was in that processing. In force until lifted (lift-restriction.ts).
   */
  restrictions?: (ProcessingRestriction & { active: boolean })[];
  /** withdraw_consent / restrict */
  scope?: string[];
  /** Answered in general terms (below strong verification): the letter may not say whether anything was found. */
  disclosure?: 'general';
  reason?: { code: string; zh: string; en: string };
  /** Categories the privacy officer withheld (partial decision): kept, neither erased nor disclosed. */
  withheld?: DataCategory[];
  at: string;
}

/** The ended quick-pay agreements as the result records them; `fallbackAt` for a binding the company gave no end. */
export function endedBindings(
  bindings: readonly QuickPayBinding[],
  fallbackAt: string,
): NonNullable<FulfilResult['bindingsEnded']> {
  return bindings.map((b) => ({
    bindingId: b.bindingId,
    cardLast4: b.cardLast4,
    issuingBank: b.issuingBank,
    clearing: b.clearing,
    merchant: b.merchant,
    endedAt: b.endedAt ?? fallbackAt,
  }));
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

/** `reason.code` of a portability whose transfer to the named company the privacy officer refused (the package went). */
export const TRANSFER_REFUSED_CODE = 'transfer_refused';

/** `reason.code` of a right the privacy officer withheld in a partial decision (the reasons are the review's). */
export const WITHHELD_CODE = 'withheld_by_officer';

/** Rights whose fulfilment may erase data through the erasure guard (withdraw_consent: consent-based data). */
export const ERASING_RIGHTS = [
  'delete',
  'cancel_quickpay',
  'close_account',
  'withdraw_consent',
] as const satisfies readonly Right[];

/**
 * The recorded results of the rights that erase data where something was erased (`all`: every recorded result of
 * those rights, erased or not).
 */
export async function erasureResults(
  store: Pick<Store, 'getStepResult'>,
  requestId: string,
  options: { all?: boolean } = {},
): Promise<FulfilResult[]> {
  const results = await Promise.all(
    ERASING_RIGHTS.map((r) => store.getStepResult<FulfilResult>(requestId, fulfilKey(r))),
  );
  return results.filter(
    (x): x is FulfilResult => x !== undefined && (options.all === true || (x.erased?.length ?? 0) > 0),
  );
}

/** Every category erased across those results, each once. */
export function erasedCategories(results: readonly FulfilResult[]): DataCategory[] {
  return [...new Set(results.flatMap((x) => x.erased ?? []))];
}
