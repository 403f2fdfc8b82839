// The ports through which handlers reach the outside world. Each has an AWS adapter (functions/shared/aws/)
// and a local adapter (infra/local/adapters/); handlers only ever see these interfaces.
import type { RightsRequest } from '../../domain/request/model.ts';

export interface Clock {
  now(): Date;
}

/** Completes a `.waitForTaskToken` step: Step Functions' SendTaskSuccess/Failure in AWS, the local registry locally. */
export interface TaskCallbacks {
  succeed(taskToken: string, output: unknown): Promise<void>;
  fail(taskToken: string, error: string, cause: string): Promise<void>;
}

export interface OutgoingMail {
  /** Idempotency key: the same key is never sent twice (request + step + recipient). */
  key: string;
  to: string[];
  cc?: string[];
  from: string;
  subject: string;
  text: string;
  html?: string;
  inReplyTo?: string;
  references?: string[];
  requestId?: string;
  /** What kind of letter this is, for the outbox and evidence: ack, verification_code, reply, partner_notice, reminder, escalation. */
  kind: string;
  /** The letter's language as kept with the request (default zh: Chinese first). */
  language?: 'zh' | 'en';
  /** The text kept with the request for staff when it must differ from the mail (a one-time code blanked). */
  keptText?: string;
  /** Files attached (e.g. a partner notice's encrypted reference ZIP). */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface SentMail {
  key: string;
  messageId: string;
  sentAt: string;
}

/** Sends mail: SES in AWS, the outbox locally. Callers guarantee once-only through the store's send log. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

/** A text message to a mobile phone. Personal data (number, text): never logged. */
export interface OutgoingSms {
  /** Idempotency key: the same key is never sent twice (request + step + round). */
  key: string;
  /** The destination in E.164 (`+8613900000001`); domain/identity's `toE164` writes it. */
  to: string;
  /** The whole message, one language, short (one or two SMS segments). */
  text: string;
  requestId?: string;
  /** What kind of message this is, for the outbox and evidence: verification_code, download_code, … */
  kind: string;
}

/**
 * Sends SMS: AWS End User Messaging SMS where the region has it, or the company's own SMS gateway over a signed
 * HTTPS webhook (functions/shared/aws/); the local SMS outbox in `npm start`. Callers guarantee once-only with
 * `sendSmsOnce` (the store's send log), exactly as for mail.
 */
export interface SmsSender {
  send(sms: OutgoingSms): Promise<{ messageId: string }>;
}

/**
 * The secret agreed with each partner out of band, by partner id (`issuing_bank:ICBC`): the password of a mailed
 * notice's encrypted attachment, or the key that signs the notice posted to its webhook. Secrets Manager in AWS, a
 * file under DATA_DIR locally. undefined: no secret agreed yet (the notice cannot carry the reference safely).
 */
export interface PartnerSecrets {
  secretFor(partnerId: string): Promise<string | undefined>;
}

/** Raw mail, attachments and exports: S3 in AWS, the data dir locally. Objects are encrypted at rest. */
export interface BlobStore {
  put(key: string, body: Uint8Array, contentType?: string): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
  /** Deletes the object; nothing when there is none (retention: policy/request-records.yaml). */
  delete(key: string): Promise<void>;
}

/** Seals personal fields: KMS envelope encryption in AWS, a local key under DATA_DIR locally. */
export interface FieldCipher {
  seal(plaintext: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

/** One-off future actions (deferred deletion at a hold's end): EventBridge Scheduler in AWS, a table locally. */
export interface Scheduler {
  scheduleAt(name: string, at: Date, payload: Record<string, unknown>): Promise<void>;
}

export type { RightsRequest };

import type { CorrectableField, CorrectionChange } from '../../domain/corrections/index.ts';
import type { ConsentScope, RestrictionScope } from '../../domain/policy/schema.ts';
import type { DataCategory } from '../../domain/request/model.ts';

/** How the company's own systems are reached for access, copy and deletion (a connector per company). */
export interface CompanyDataSource {
  /** Finds the customer the claimed identifiers point to; undefined when no customer matches all given. */
  findCustomer(lookup: {
    idNumber?: string;
    phone?: string;
    name?: string;
    bankCardLast4?: string;
  }): Promise<{ customerId: string } | undefined>;
  /** What is held, per category, with record counts (for access and for the reply). */
  describe(customerId: string): Promise<{ category: DataCategory; records: number; lastActivityAt?: string }[]>;
  /** All the customer's data, per category, for copy and portability exports. */
  export(customerId: string): Promise<Partial<Record<DataCategory, unknown[]>>>;
  /**
   * Deletes or anonymises the given categories; returns the records affected per category. `bindingIds` narrows card
   * and transaction data to those quick-pay bindings' records. Idempotent. Called only through the erasure guard
   * (functions/shared/erasure.ts).
   */
  erase(
    customerId: string,
    categories: DataCategory[],
    mode: 'delete' | 'anonymise',
    options?: { bindingIds?: string[]; consentScope?: ConsentScope },
  ): Promise<Partial<Record<DataCategory, number>>>;
  /**
   * Marks categories as held: storage and security measures only (PIPL art. 47 ¶2), until `until` (the later of two
   * holds wins). `bindingIds` narrows it to the records of those quick-pay bindings (the binding, its card and the
   * card's transactions); `basis: 'person'` records the person's own restriction (PIPL art. 44), which the erasure
   * guard honours (restrictions()). Idempotent.
   */
  restrict(
    customerId: string,
    categories: DataCategory[],
    until: string,
    options?: { bindingIds?: string[]; basis?: 'hold' | 'person'; consentScope?: ConsentScope },
  ): Promise<void>;
  stopMarketing(customerId: string): Promise<void>;
  /**
   * Stops the processing that rests on this consent (PIPL art. 15): marketing messages, profiling, call recording,
   * biometric verification. `active`: the person's data was in that processing (false: there was nothing to stop).
   * Erasing the data that rested on it is the caller's, through the erasure guard (`erase` with `consentScope`
   * narrows a category to exactly that data: profile tags and survey answers, call recordings). Idempotent.
   */
  withdrawConsent(customerId: string, scope: ConsentScope): Promise<{ active: boolean }>;
  /**
   * Corrects fields of the person's records (PIPL art. 46) with values staff have checked; keeps the lookup indexes in
   * step (a corrected phone finds the person, the old one no longer does). Per field: `applied`, `unchanged` (it
   * already had that value) or `not_held` (no such record). Idempotent.
   */
  correct(customerId: string, changes: CorrectionChange[]): Promise<AppliedCorrection[]>;
  /** Disputes with merchant, issuing bank or the company block quick-pay cancellation (policy §4(5)). */
  openDisputes(customerId: string): Promise<number>;
  /** Open disputes and the categories that are their evidence (support records, disputed transactions, the card). */
  disputeHolds(customerId: string): Promise<DisputeHold[]>;
  /** The person's own restrictions to storage only in force (PIPL art. 44); the erasure guard never erases them. */
  restrictions(customerId: string): Promise<PersonRestriction[]>;
  /**
   * Restricts one processing of the person's data (PIPL art. 44) from `at` until lifted: marketing use (pushes and
   * profiles), or providing it to the named recipients (registry ids). The data itself stays in use for the service.
   * `active`: the person's data was in that processing. The same scope and recipients again: the restriction in
   * force stands (its first date). Idempotent.
   */
  restrictProcessing(
    customerId: string,
    scope: RestrictionScope,
    recipients: string[],
    at: string,
  ): Promise<{ restriction: ProcessingRestriction; active: boolean }>;
  /** Lifts a processing restriction at `at` (the processing resumes); undefined when the id is unknown. Idempotent. */
  liftRestriction(customerId: string, restrictionId: string, at: string): Promise<ProcessingRestriction | undefined>;
  /** The person's processing restrictions, in force and lifted. */
  processingRestrictions(customerId: string): Promise<ProcessingRestriction[]>;
  /** Quick-pay bindings, active and ended (policy §4(5)). */
  quickPayBindings(customerId: string): Promise<QuickPayBinding[]>;
  /**
   * Ends the named bindings' agreements at `at` (policy §4(5): "视为我们与您之间的协议已解除"); records the end (a
   * retention anchor), keeps the records. Returns the bindings as they now stand. Idempotent: an earlier end is kept.
   */
  endQuickPay(customerId: string, bindingIds: string[], at: string): Promise<QuickPayBinding[]>;
  /**
   * Closes the account (网络数据安全管理条例 arts. 23–24): the business relationship ends at `at` (an earlier end is
   * kept) and so does every active quick-pay binding. Erasing is the caller's, through the erasure guard.
   */
  closeAccount(customerId: string, at: string): Promise<{ closedAt: string; bindingsEnded: QuickPayBinding[] }>;
  /** Partner ids (policy/ recipients registry) that received this customer's data, issuing banks included. */
  recipientsOf(customerId: string): Promise<string[]>;
  /** Dates that start the retention clocks: relationship end, the latest transaction, the latest quick-pay end. */
  retentionAnchors(
    customerId: string,
  ): Promise<{ relationshipEndedAt?: string; lastTransactionAt?: string; quickPayEndedAt?: string }>;
  /** Open legal holds on the customer's data (AML investigation, litigation, regulator order): they block deletion. */
  legalHolds(customerId: string): Promise<LegalHold[]>;
}

/** What `correct` did with one field (the value itself is never returned or logged). */
export interface AppliedCorrection {
  field: CorrectableField;
  category: DataCategory;
  status: 'applied' | 'unchanged' | 'not_held';
}

/** An open dispute (with merchant, issuing bank or the company) and the categories that are its evidence. */
export interface DisputeHold {
  disputeId: string;
  openedAt: string;
  categories: DataCategory[];
}

/** A restriction the person asked for: these categories storage only, until the date (null: until lifted). */
export interface PersonRestriction {
  categories: DataCategory[];
  until: string | null;
  since: string;
}

/** A processing the person restricted (PIPL art. 44), until lifted. */
export interface ProcessingRestriction {
  /** The company's id for it (the lift names it). */
  id: string;
  scope: RestrictionScope;
  /** With `sharing`: the registry ids of the recipients no longer provided with the data. */
  recipients: string[];
  since: string;
  /** null while in force. */
  liftedAt: string | null;
}

/** A quick-pay binding: a card bound for quick pay with a merchant (policy §4(5)). */
export interface QuickPayBinding {
  bindingId: string;
  cardLast4: string;
  /** The card's issuing bank as a partner id (`issuing_bank:<code>`). */
  issuingBank: string;
  /** Clearing networks (partner ids) that carried this card's transactions. */
  clearing: string[];
  merchant: string;
  boundAt: string;
  status: 'active' | 'cancelled';
  /** When the agreement ended (cancelled bindings). */
  endedAt?: string;
}

export type LegalHoldKind = 'aml_investigation' | 'litigation' | 'regulator' | 'other';
/** An open hold ordered by an authority or counsel; `since` is an ISO time, `reference` the case or order number. */
export interface LegalHold {
  kind: LegalHoldKind;
  since: string;
  reference?: string;
}

/**
 * Starts the workflow for a request: StartExecution in AWS, the embedded interpreter locally. The execution name is
 * the request id; a staff retry of a failed request passes `attempt` (name `<id>-r<attempt>`), because AWS keeps a
 * Standard execution's name taken for 90 days. The steps are idempotent, so a retry runs from the top safely.
 */
export interface WorkflowStarter {
  start(requestId: string, options?: { attempt?: number }): Promise<void>;
}

/** The head of a request's audit chain as anchored outside the table: its last event's seq and hash. */
export interface ChainAnchor {
  requestId: string;
  seq: number;
  hash: string;
  /** When it was anchored. */
  at: string;
  /** Why: `closed`, `backup_expired`, `restore_reapplied`, … */
  reason: string;
}

/**
 * A backup isolation entry as kept outside the table: a restore of the table itself must not lose it. The customer
 * reference is sealed (FieldCipher); nothing else identifies anyone.
 */
export interface OffTableIsolation {
  subjectHash: string;
  requestId: string;
  /** A later part of the request's isolation (a deferred deletion), as in the table's IsolationEntry. */
  part?: string;
  purgeBy: string;
  recordedAt: string;
  /** What the request erased, per mode, and what it held (restricted) until when. */
  erase: { mode: 'delete' | 'anonymise'; categories: DataCategory[] }[];
  held: { category: DataCategory; until: string }[];
  /** The company's customer id, sealed. */
  customerRef?: string;
}

/**
 * Append-only evidence outside the rightsflow table: chain heads and the isolation list. S3 with Object Lock
 * (compliance mode) in AWS, append-only files under DATA_DIR locally. Nothing written is ever changed or removed, so a
 * chain rewritten in the table, or a table restored from an old backup, is still caught or repaired.
 */
export interface EvidenceVault {
  putAnchor(anchor: ChainAnchor): Promise<void>;
  /** The anchor with the highest seq of a request, if any. */
  latestAnchor(requestId: string): Promise<ChainAnchor | undefined>;
  putIsolation(entry: OffTableIsolation): Promise<void>;
  /** Entries whose purge-by date is at or after `liveAt` (all when absent). */
  listIsolation(liveAt?: string): Promise<OffTableIsolation[]>;
}
