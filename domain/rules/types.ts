// What the rules hand to the workflow: holds on categories of a person's data and why.
import type { LegalSource } from '../policy/schema.ts';
import type { DataCategory } from '../request/model.ts';

/**
 * Why a category must be kept (PIPL art. 47 ¶2: storage and security measures only while it is held):
 * - `retention`: a retention duty (AML Law art. 34, the policy's §4(5));
 * - `legal_hold`: an authority's or counsel's hold (an AML investigation among them: never named to the person);
 * - `dispute`: the evidence of an open dispute (policy §4(5));
 * - `restriction`: the person's own restriction of the category to storage only (PIPL art. 44).
 */
export type HoldKind = 'retention' | 'legal_hold' | 'dispute' | 'restriction';

/** What ends a hold that has no date yet. */
export type HoldEnd = 'relationship_end' | 'authority_release' | 'dispute_resolved' | 'person_lifts';

export interface Hold {
  category: DataCategory;
  /** Last day (Asia/Shanghai) the data must be kept; null = no date yet, `endsWith` says what ends it. */
  until: string | null;
  kind: HoldKind;
  /** For a hold without a date: the event that ends it (a retention duty counted from a relationship still running). */
  endsWith?: HoldEnd;
  /** The governing retention rule id, or `legal_hold`, `aml_investigation`, `dispute`, `restriction`. */
  rule: string;
  /** Every duty that applies, the governing one first (empty for a dispute or the person's restriction). */
  sources: LegalSource[];
}

export interface RetentionAnchors {
  /** When the business relationship ended (agreement terminated); absent = still running. */
  relationshipEndedAt?: string | undefined;
  /** The latest transaction (its booking date); absent = no transactions. */
  lastTransactionAt?: string | undefined;
  /** When the latest quick-pay agreement ended (policy §4(5)); recorded, never earlier than the relationship's end. */
  quickPayEndedAt?: string | undefined;
}
