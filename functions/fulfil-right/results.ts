// What FulfilRight records per right (`fulfil:<right>`): counts, categories and dates only, never personal data.

import type { DataCategory, Right } from '../../domain/request/model.ts';
import type { Hold } from '../../domain/rules/index.ts';

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
  at: string;
}
