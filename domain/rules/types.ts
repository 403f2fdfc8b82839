// What the rules hand to the workflow: holds on categories of a person's data and why.
import type { ExceptionCode, LegalSource } from '../policy/schema.ts';
import type { DataCategory } from '../request/model.ts';

export interface Hold {
  category: DataCategory;
  /** Last day (Asia/Shanghai) the data must be kept; null = until the authority lifts a legal hold. */
  until: string | null;
  kind: 'retention' | 'legal_hold';
  /** Always `legal_obligation` (policy §4(4) case 1): holds are machine-detectable exceptions. */
  exceptionCode: ExceptionCode;
  /** The governing retention rule id, or `legal_hold` / `aml_investigation`. */
  rule: string;
  /** Every duty that applies, the governing one first. */
  sources: LegalSource[];
}

export interface RetentionAnchors {
  /** When the business relationship ended (agreement terminated); absent = still running. */
  relationshipEndedAt?: string | undefined;
  /** The latest transaction (its booking date); absent = no transactions. */
  lastTransactionAt?: string | undefined;
}
