// The sample payments system's records: what a small payment company holds about a customer, per data
// category (docs/design.md §1, policy §1(1)). Fake data only; these shapes are what access/copy exports show.
import type { DataCategory } from '../../../domain/request/model.ts';

export interface CustomerProfile {
  customerId: string;
  name: string;
  idNumber: string;
  gender: 'M' | 'F';
  birthDate: string;
  nationality: 'CN';
  address: string;
  occupation: string;
  status: 'active' | 'closed';
  openedAt: string;
  closedAt?: string;
  /** A guardian acts for a customer under 14 (PIPL art. 31). */
  guardian?: { name: string; phone: string; email: string; relation: string };
}

export interface ContactRecord {
  phone: string;
  email: string;
  updatedAt: string;
}

export interface CardRecord {
  cardId: string;
  /** Issuing bank; the recipients registry knows it as `issuing_bank:<BANKID>`. */
  bankId: string;
  bankName: string;
  /** Only a masked number is kept (policy §1(1)7: no track data, CVV, expiry or PIN). */
  maskedNumber: string;
  last4: string;
  reservedPhone: string;
  addedAt: string;
}

export interface QuickPayBinding {
  bindingId: string;
  cardId: string;
  merchant: string;
  boundAt: string;
  status: 'active' | 'cancelled';
  /** When the agreement ended (policy §4(5)): a retention anchor. */
  endedAt?: string;
}

export interface TransactionRecord {
  txnId: string;
  at: string;
  amount: string;
  currency: 'CNY';
  merchant: string;
  orderNo: string;
  cardId: string;
  /** Clearing network that carried it: a recipient of the transaction data (policy §2). */
  clearing: 'unionpay' | 'nucc';
  status: 'succeeded' | 'refunded';
}

export interface DeviceLogRecord {
  at: string;
  ip: string;
  device: string;
  os: string;
  browser: string;
  location: string;
}

export interface MarketingRecord {
  subscribed: boolean;
  tags: string[];
  updatedAt: string;
  stoppedAt?: string;
}

export interface SupportTicket {
  ticketId: string;
  at: string;
  kind: 'inquiry' | 'complaint' | 'dispute';
  status: 'open' | 'closed';
  channel: 'hotline' | 'online';
  summary: string;
  callRecording: boolean;
}

/** One customer as the generator makes it, before it is split into table items. */
export interface SampleCustomer {
  profile: CustomerProfile;
  contact: ContactRecord;
  cards: CardRecord[];
  quickPay: QuickPayBinding[];
  transactions: TransactionRecord[];
  devices: DeviceLogRecord[];
  marketing: MarketingRecord;
  tickets: SupportTicket[];
  /** Open legal holds (kept apart from the customer's data: never described, exported or erased). */
  legalHolds?: LegalHoldRecord[];
}

export interface LegalHoldRecord {
  kind: 'aml_investigation' | 'litigation' | 'regulator' | 'other';
  since: string;
  reference?: string;
  status: 'open' | 'released';
}

/** Which category each record kind belongs to (quick-pay bindings travel with the cards). */
export const RECORD_CATEGORY = {
  PROFILE: 'identity',
  CONTACT: 'contact',
  CARD: 'bank_cards',
  QP: 'bank_cards',
  TXN: 'transactions',
  DEV: 'device',
  MKT: 'marketing',
  TICKET: 'support',
} as const satisfies Record<string, DataCategory>;
export type RecordKind = keyof typeof RECORD_CATEGORY;
