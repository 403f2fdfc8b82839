// What the workflow's steps need beyond the shared Store contract: recipient notices, the backup isolation list,
// the once-only mail log and one-time verification codes. createDynamoStore implements both.
import type { DataCategory } from '../../../domain/request/model.ts';
import type { PurgeStage } from '../../../domain/request/retention.ts';
import type { PendingTask, Store } from './store.ts';

/** A deletion/correction notice to one recipient (`REQ#<id>`/`NOTICE#<partnerId>`). No personal data in clear. */
export interface RecipientNotice {
  requestId: string;
  partnerId: string;
  /** `queued`: waits for its partner's daily list (the sweep sends it, domain/notices/batch.ts). */
  status: 'queued' | 'sent' | 'acknowledged';
  /** When it went out (while queued: when it was queued). */
  sentAt: string;
  /** The day whose list a queued notice joins (Shanghai date); kept after sending. */
  batchDay?: string;
  /** The once-only key of the list mail it went (or is going) out in. */
  batchKey?: string;
  ackDueBy: string;
  messageId?: string;
  categories?: DataCategory[];
  ackedAt?: string;
  /** The partner's answer through the signed link (absent on acknowledgements older than the three answers). */
  answer?: 'completed' | 'not_found' | 'exception';
  /** The partner's reason for an exception, sealed (FieldCipher): free text that may name the person. */
  reasonSealed?: string;
  /** Reminder rounds sent so far. */
  reminders: number;
  escalatedAt?: string;
}

/** Backup isolation list (`SUBJECT#<hash>`/`ISO#<requestId>`): a restore must re-apply it until purgeBy. */
export interface IsolationEntry {
  subjectHash: string;
  requestId: string;
  /**
   * A later part of the same request's isolation: what a deferred deletion erased when a hold ended
   * (`dd-<day>-<hash of the categories>`). Absent for the entry the request's own fulfilment wrote.
   */
  part?: string;
  categories: DataCategory[];
  /** When the last backup holding the subject expires. */
  purgeBy: string;
  recordedAt: string;
  /** What a restore must re-apply: the erasure per mode, and the categories held (restricted) until when. */
  erase?: { mode: 'delete' | 'anonymise'; categories: DataCategory[] }[];
  held?: { category: DataCategory; until: string }[];
  /** The company's customer id, sealed (FieldCipher): the restore guard acts on the same customer. */
  customerRef?: string;
  /** Set by the sweep once the purge-by date has passed and the expiry is recorded in the request's evidence. */
  expiredAt?: string;
}

/**
 * The once-only send log (`MAIL#<key>`): intent before sending, sent after (a mailed letter of a request is its own
 * sent mark: mail/send-once.ts).
 */
export interface MailRecord {
  key: string;
  status: 'intent' | 'sent';
  kind: string;
  requestId?: string;
  messageId?: string;
  recordedAt: string;
  sentAt?: string;
  /** Which run recorded the intent (random): a later run that finds another's intent looks for its letter. */
  attempt?: string;
}

/** A one-time code (`REQ#<id>`/`OTP`): only its keyed hash and the attempts are kept. */
export interface VerificationCodeRecord {
  requestId: string;
  /** 1 for the first code; a new code (the previous one expired) takes the next round. */
  round: number;
  codeHash: string;
  attempts: number;
  maxAttempts: number;
  expiresAt: string;
  /** Masked destination, for the console. */
  sentTo: string;
  method: 'sms_code' | 'email_code' | 'channel_control';
  /** What a correct code proves: `strong` when sent to contact details on file, `contact` when only to the requester's own address. */
  level: 'strong' | 'contact';
  createdAt: string;
}

/**
 * A letter rightsflow wrote about a request (`REQ#<id>`/`LETTER#<key>`), mailed or not: what staff read in
 * `GET /api/requests/{id}` (`letters`). `to`, `subject` and `text` are sealed at rest; one-time codes are blanked
 * before a letter is kept. `key` is the once-only mail key (`reply:<id>`, `ack:<id>`, …).
 */
export interface LetterRecord {
  requestId: string;
  key: string;
  /** ack, verification_code, reply, fee_quote, partner_notice, reminder, escalation, task_notice, … */
  kind: string;
  language: 'zh' | 'en';
  /** Addresses it went to; empty when there was nobody to mail it to. */
  to: string[];
  subject: string;
  text: string;
  /** False: no address to mail it to; staff deliver it by phone or post (a `delivery` task is open). */
  mailed: boolean;
  at: string;
  messageId?: string;
  /** How staff delivered a letter that could not be mailed. */
  delivered?: LetterDelivery;
  /** When its address, subject and text were deleted (policy/request-records.yaml: personal_fields). */
  purgedAt?: string;
}

export interface LetterDelivery {
  method: 'phone' | 'post' | 'in_person';
  by: string;
  at: string;
}

/**
 * The retention clock of an answered request (`REQ#<id>`/`PURGE`): which purge stages are done and when the next
 * falls due (GSI1 `PURGE` by that time; absent once everything is done).
 */
export interface PurgeMarker {
  requestId: string;
  answeredAt: string;
  done: PurgeStage[];
  dueAt?: string;
}

/**
 * An expiring download of an export package (`REQ#<id>`/`DOWNLOAD#<right>`): only keyed hashes of the link's secret
 * and of the one-time code are kept. A re-issue (the link lapsed or the code was used up) is the next round.
 */
export interface DownloadGrant {
  requestId: string;
  /** `transfer`: the portability package for the receiving company the person named (PIPL art. 45 ¶3). */
  right: 'access' | 'copy' | 'portability' | 'transfer';
  round: number;
  secretHash: string;
  codeHash: string;
  /** The sealed package in the blob store. */
  exportKey: string;
  /** File names in the package. */
  files: string[];
  expiresAt: string;
  attempts: number;
  maxAttempts: number;
  createdAt: string;
}

export interface WorkflowStore extends Store {
  /**
   * The same store for one step invocation (runStep): the request record and step results it reads are kept for the
   * invocation, so helpers that each load them cost one read. Writes go through as always.
   */
  forInvocation?(): WorkflowStore;
  /** A named progress record (the deadline sweep's windows and cursor), with its version. */
  getCheckpoint<T>(name: string): Promise<{ value: T; version: number } | undefined>;
  /** Writes it if the stored version is still `expectedVersion` ('absent': none yet); false when it moved. */
  putCheckpoint(name: string, value: unknown, expectedVersion: number | 'absent'): Promise<boolean>;

  /**
   * Puts a task only if the stored one is still in the `expected` state (`absent`: none yet): a re-drive re-arming a
   * task never overwrites a completion that happened meanwhile. False when the state differed.
   */
  replaceTask(task: PendingTask, expected: 'absent' | PendingTask['status']): Promise<boolean>;

  /** Records a notice once (conditional put); false if one exists already. */
  putNotice(notice: RecipientNotice): Promise<boolean>;
  getNotice(requestId: string, partnerId: string): Promise<RecipientNotice | undefined>;
  listNotices(requestId: string): Promise<RecipientNotice[]>;
  /** Queued notices of daily lists up to `throughDay` (GSI1 `NOTICEQ`, by day and partner). */
  listQueuedNotices(throughDay: string): Promise<RecipientNotice[]>;
  /** Records that a queued notice went out in its list (and takes it off GSI1 `NOTICEQ`); false if it was not queued. */
  markNoticeSent(requestId: string, partnerId: string, sent: { sentAt: string; messageId?: string }): Promise<boolean>;
  updateNotice(
    requestId: string,
    partnerId: string,
    patch: Partial<Omit<RecipientNotice, 'requestId' | 'partnerId'>>,
  ): Promise<RecipientNotice>;

  putIsolation(entry: IsolationEntry): Promise<void>;
  getIsolation(subjectHash: string): Promise<IsolationEntry[]>;
  /** The whole isolation list (GSI1 `ISOLATION` by purge-by date), optionally only entries still live at `at`. */
  listIsolation(liveAt?: string): Promise<IsolationEntry[]>;
  /** Entries whose purge-by date is before `at` and whose expiry is not recorded yet (GSI1 `ISOLATION`). */
  listIsolationDue(at: string): Promise<IsolationEntry[]>;
  /** Records the expiry (of the entry's `part`, when given) and takes it off GSI1 `ISOLATION`; false if recorded already. */
  markIsolationExpired(subjectHash: string, requestId: string, at: string, part?: string): Promise<boolean>;

  getMailRecord(key: string): Promise<MailRecord | undefined>;
  /** Records the intent to send (first writer wins); returns the record as stored. */
  recordMailIntent(record: Omit<MailRecord, 'status' | 'messageId' | 'sentAt'>): Promise<MailRecord>;
  recordMailSent(key: string, messageId: string, sentAt: string): Promise<void>;

  /** Keeps a letter once per key (first writer wins); false when one was kept already. */
  putLetter(letter: LetterRecord): Promise<boolean>;
  /** Every letter of a request, oldest first. */
  listLetters(requestId: string): Promise<LetterRecord[]>;
  /** Records how staff delivered an unmailed letter, once; false when unknown, mailed or already delivered. */
  markLetterDelivered(requestId: string, key: string, delivered: LetterDelivery): Promise<boolean>;

  /** Stores a download grant unless one of the same or a later round exists (then false). */
  putDownloadGrant(grant: DownloadGrant): Promise<boolean>;
  getDownloadGrant(requestId: string, right: DownloadGrant['right']): Promise<DownloadGrant | undefined>;
  /** Counts one code attempt atomically; the new count, or undefined when attempts are used up. */
  countDownloadAttempt(requestId: string, right: DownloadGrant['right']): Promise<number | undefined>;

  /** Stores a code record unless one of the same or a later round exists (then false). */
  putVerificationCode(record: VerificationCodeRecord): Promise<boolean>;
  getVerificationCode(requestId: string): Promise<VerificationCodeRecord | undefined>;
  /** Counts one attempt atomically; the new count, or undefined when attempts are exhausted. */
  countVerificationAttempt(requestId: string): Promise<number | undefined>;

  /**
   * Rate limit (`RATE#<bucket>`): takes one of `limit` tokens of the bucket atomically; false once they are used up.
   * The bucket names its window (e.g. `sms-phone:<hash>:<day>`) and is dropped by TTL at `expiresAt`. No personal
   * data in the bucket name: hashes only.
   */
  takeRateToken(bucket: string, limit: number, expiresAt: Date): Promise<boolean>;

  /**
   * Which requests sent a code by SMS to a phone (`SMSTO#<phone hash>`/`REQ#<id>`), so that a reply from that phone
   * finds its request. Live until `expiresAt` (TTL).
   */
  putSmsRoute(phoneHash: string, requestId: string, expiresAt: Date): Promise<void>;
  /** Requests whose code went to this phone and is still live at `at`, newest first. */
  listSmsRoutes(phoneHash: string, at: Date): Promise<string[]>;

  /** Purge markers due at or before `at` (GSI1 `PURGE`): answered requests whose records have a stage due. */
  listDuePurges(at: string): Promise<PurgeMarker[]>;
  /** Writes the marker as given (a marker without dueAt leaves the index: all stages done). */
  putPurgeMarker(marker: PurgeMarker): Promise<void>;
  /** Removes the one-time code's hash and masked destination (and lets TTL drop the item). */
  clearVerificationCode(requestId: string): Promise<void>;
  /** Empties the sealed address, subject and text of the request's letters (kept: kind, dates, delivery); returns how many. */
  purgeLetters(requestId: string): Promise<number>;
  /** Drops the request's subject hash (no more repetition counting or linking by subject). */
  forgetSubjectHash(requestId: string): Promise<void>;
}
