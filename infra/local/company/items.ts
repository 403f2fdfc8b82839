// How the sample company lives in the rightsflow table: its own key space (`CUST#…`, `CUSTIDX#…`, `SAMPLECO`),
// never on a GSI, so deletion really removes items and everything survives restarts.
import { createHmac } from 'node:crypto';
import { normalizePhone, normalizeResidentId } from '../../../domain/identity/index.ts';
import { type LegalHoldRecord, RECORD_CATEGORY, type RecordKind, type SampleCustomer } from './records.ts';

export const DEFAULT_INDEX_KEY = 'rightsflow-sample-company-index-v1';
export const SEED_MARKER = { pk: 'SAMPLECO', sk: 'SEED' } as const;

export interface CompanyItem {
  pk: string;
  sk: string;
  kind: RecordKind;
  category: (typeof RECORD_CATEGORY)[RecordKind];
  customerId: string;
  data: Record<string, unknown>;
  /** Held categories: storage and security measures only until this date (PIPL art. 47 ¶2). */
  heldUntil?: string;
  anonymisedAt?: string;
}

export interface IndexItem {
  pk: string;
  sk: 'CUST';
  customerId: string;
}

export const customerPk = (customerId: string) => `CUST#${customerId}`;
/** Legal holds live under their own key, so describe/export/erase of the customer's data never touch them. */
export const holdPk = (customerId: string) => `CUSTHOLD#${customerId}`;

export interface HoldItem {
  pk: string;
  sk: string;
  customerId: string;
  kind: LegalHoldRecord['kind'];
  since: string;
  reference?: string;
  status: LegalHoldRecord['status'];
}

/** The person's own restrictions (PIPL art. 44), apart from the data like legal holds. */
export const restrictionPk = (customerId: string) => `CUSTRESTR#${customerId}`;

export interface RestrictionItem {
  pk: string;
  sk: string;
  customerId: string;
  categories: (typeof RECORD_CATEGORY)[RecordKind][];
  /** Last day, or null until the person lifts it. */
  until: string | null;
  since: string;
  status: 'active' | 'lifted';
}

/** The person's processing restrictions (PIPL art. 44: marketing use, sharing with named recipients), until lifted. */
export const processingRestrictionPk = (customerId: string) => `CUSTPROCR#${customerId}`;

export interface ProcessingRestrictionItem {
  pk: string;
  /** `PROC#<id>`: one item per scope (and recipients), so the same restriction again finds the one in force. */
  sk: string;
  customerId: string;
  id: string;
  scope: 'marketing' | 'sharing';
  recipients: string[];
  since: string;
  liftedAt: string | null;
}

/**
 * The account's standing without personal data (opened, closed): it outlives the erased profile, so the end of the
 * relationship (a retention anchor) is never lost with the identity data.
 */
export const accountPk = (customerId: string) => `CUSTACCT#${customerId}`;

export interface AccountItem {
  pk: string;
  sk: 'ACCOUNT';
  customerId: string;
  status: 'active' | 'closed';
  closedAt?: string;
}

export function holdItemsOf(c: SampleCustomer): HoldItem[] {
  const customerId = c.profile.customerId;
  return (c.legalHolds ?? []).map((h, i) => ({
    pk: holdPk(customerId),
    sk: `HOLD#${h.since}#${i}`,
    customerId,
    ...h,
  }));
}

/** Identifiers are looked up by keyed hash, so the table never holds them as a key in clear. */
export function idIndexPk(indexKey: string, idNumber: string): string {
  return `CUSTIDX#ID#${hmac(indexKey, normalizeResidentId(idNumber))}`;
}
export function phoneIndexPk(indexKey: string, phone: string): string {
  return `CUSTIDX#PHONE#${hmac(indexKey, normalizePhone(phone))}`;
}
function hmac(key: string, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url');
}

export function itemsOf(c: SampleCustomer): CompanyItem[] {
  const id = c.profile.customerId;
  const item = (kind: RecordKind, sk: string, data: object): CompanyItem => ({
    pk: customerPk(id),
    sk,
    kind,
    category: RECORD_CATEGORY[kind],
    customerId: id,
    data: { ...data },
  });
  return [
    item('PROFILE', 'PROFILE', c.profile),
    item('CONTACT', 'CONTACT', c.contact),
    ...c.cards.map((x) => item('CARD', `CARD#${x.cardId}`, x)),
    ...c.quickPay.map((x) => item('QP', `QP#${x.bindingId}`, x)),
    ...c.transactions.map((x) => item('TXN', `TXN#${x.at}#${x.txnId}`, x)),
    ...c.devices.map((x, i) => item('DEV', `DEV#${x.at}#${i}`, x)),
    item('MKT', 'MKT', c.marketing),
    ...c.tickets.map((x) => item('TICKET', `TICKET#${x.ticketId}`, x)),
  ];
}

export function indexItemsOf(c: SampleCustomer, indexKey: string): IndexItem[] {
  const customerId = c.profile.customerId;
  return [
    { pk: idIndexPk(indexKey, c.profile.idNumber), sk: 'CUST', customerId },
    { pk: phoneIndexPk(indexKey, c.contact.phone), sk: 'CUST', customerId },
  ];
}

/** What anonymisation keeps of each record: only fields that identify nobody once the rest is gone. */
export const KEEP_ON_ANONYMISE: Record<RecordKind, readonly string[]> = {
  PROFILE: ['customerId', 'status', 'openedAt', 'closedAt'],
  CONTACT: [],
  CARD: ['cardId', 'bankId', 'bankName', 'addedAt'],
  QP: ['bindingId', 'merchant', 'boundAt', 'status', 'endedAt'],
  TXN: ['txnId', 'at', 'amount', 'currency', 'merchant', 'clearing', 'status'],
  DEV: ['at'],
  MKT: ['updatedAt'],
  TICKET: ['ticketId', 'at', 'kind', 'status', 'channel'],
};

/** The date a record is about, for "last activity" in access replies. */
export function activityAt(item: CompanyItem): string | undefined {
  const d = item.data;
  const v = d['at'] ?? d['updatedAt'] ?? d['addedAt'] ?? d['boundAt'] ?? d['closedAt'] ?? d['openedAt'];
  return typeof v === 'string' ? v : undefined;
}
