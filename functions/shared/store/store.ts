// The state of rightsflow, as the handlers, intake and the API see it. One implementation over DynamoDB
// (dynamo-store.ts) serves AWS and the local runtime (DynamoDB Local) alike; unit tests may fake it.
import type { Channel, Right, RightsRequest, Status } from '../../../domain/request/model.ts';

/** An audit event as appended; the store adds seq, time and the hash chain. */
export interface NewEvent {
  type: string;
  /** `system`, `workflow:<step>`, `staff:<user>`, `requester`, `partner:<id>`. */
  actor: string;
  /** Must not hold personal data in clear: masked values or hashes only. */
  data?: Record<string, unknown>;
}

export interface AuditEvent extends NewEvent {
  requestId: string;
  seq: number;
  at: string;
  /** sha256 over (prevHash, seq, at, type, actor, data): altering or dropping an event breaks the chain. */
  prevHash: string;
  hash: string;
}

export type TaskKind =
  | 'verification'
  | 'review'
  | 'fee_acceptance'
  /** AwaitFollowUps: the reply waits for staff tasks of the rights (a correction) until the cut-off. */
  | 'follow_ups'
  | 'acknowledgements'
  | 'failure'
  // Staff must read a mail the intake could not classify (status `triage`); closed by POST …/triage.
  | 'triage'
  /**
   * Staff work no workflow step waits on: letters to deliver by phone or post (no address, or the letter bounced or
   * was reported as spam: mail-events).
   */
  | 'delivery'
  /** A correction (the `correct` right) for staff to check and apply; recording it sends the confirmation letter. */
  | 'correction'
  /** A question the person asked with an explanation request (PIPL art. 48): the privacy officer answers it. */
  | 'explanation'
  /**
   * Portability to a company the person named (PIPL art. 45 ¶3): the privacy officer confirms its receiving address
   * or refuses with a reason (fulfil-right/decide-transfer.ts).
   */
  | 'transfer'
  /** Partners still silent after the last escalation: the request left the open set; people follow up. */
  | 'unacknowledged'
  /** Policy §5: a customer under 14 was found; the privacy officer has their data deleted (no workflow waits on it). */
  | 'child_data';

/** A step waiting for a person or a partner (`.waitForTaskToken`), and its durable timer. */
export interface PendingTask {
  requestId: string;
  kind: TaskKind;
  /** The current task token; re-driving the execution replaces it. */
  taskToken: string;
  status: 'open' | 'succeeded' | 'failed';
  /** When the timer fires (GSI1 TIMER); absent = no timer. */
  dueAt?: string;
  /** What the timer does when it fires: fail the step with `Task.Expired`, or succeed it with `{expired: true}`. */
  onDue?: 'fail' | 'succeed';
  /** With onDue 'succeed': the output the step gets when the timer fires (default `{expired: true}`). */
  dueResult?: Record<string, unknown>;
  /** Role that may complete it: `privacy_officer`, `agent`, `requester`, `partner`. */
  assignee?: string;
  /** Output once completed (re-drive hands it straight back). Never personal data in clear. */
  result?: unknown;
  /** Non-personal context for the console (e.g. why review is needed). */
  context?: Record<string, unknown>;
  createdAt: string;
  completedAt?: string;
}

/**
 * Mail that is not a request (`INTAKE#<key>`/`MAIL`, GSI1 `INTAKE#<kind>` by receipt): bounces, auto-replies and
 * bulk mail recorded without a request or a deadline, and spam quarantined for staff. No personal data in clear:
 * the raw mail stays in the blob store under rawKey.
 */
export interface IntakeMailRecord {
  /** The mail's lookup key (Message-ID or raw hash): once per mail. */
  key: string;
  kind: 'bounce' | 'auto_reply' | 'bulk' | 'spam';
  /** The header signal that decided it (a code). */
  signal: string;
  rawKey: string;
  receivedAt: string;
  /** The request whose thread it answered (a bounce or auto-reply of our letter), if any. */
  attachedTo?: string;
  /** Quarantined spam that staff looked at: released as a request, or confirmed as spam (who and when: audit). */
  settled?: IntakeMailSettlement;
}

export interface IntakeMailSettlement {
  /**
   * `releasing`: staff's release has claimed the mail and is making its request (the intake is idempotent, so a
   * release that stopped half-way is resumed by the next one); a confirm-spam can no longer win against it.
   */
  as: 'releasing' | 'released' | 'spam';
  by: string;
  at: string;
  /** The request a released mail became. */
  requestId?: string;
}

export interface ListRequestsQuery {
  status?: Status;
  /** Open requests in any of these statuses (the queue's "waiting on" filter); ignored with `status`. */
  statuses?: readonly Status[];
  right?: Right;
  channel?: Channel;
  minor?: boolean;
  /** Only open requests whose deadline is before this ISO instant (GSI1). */
  dueBefore?: string;
  /** With dueBefore: only open requests whose deadline is after this ISO instant (the sweep's windows). */
  dueAfter?: string;
  limit?: number;
  cursor?: string;
}

export class VersionConflictError extends Error {
  override name = 'VersionConflict';
}
/** A list cursor that this store did not issue (tampered or truncated): the API answers 400. */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursor';
}
export class NotFoundError extends Error {
  override name = 'NotFound';
}

export interface Store {
  /**
   * Creates a request and claims its lookup keys atomically (TransactWriteItems): `msgid:<Message-ID>`,
   * `idem:<Idempotency-Key>`, `thread:<Message-ID of our mail>`. If any key is already claimed nothing is
   * written and the owner of the key is returned: a request is never duplicated.
   */
  createRequest(
    request: RightsRequest,
    options: { lookupKeys?: string[]; subjectHash?: string; event: NewEvent },
  ): Promise<{ created: true; request: RightsRequest } | { created: false; existingId: string }>;
  getRequest(id: string): Promise<RightsRequest | undefined>;
  /**
   * Optimistic locking: fails with VersionConflictError when `expectedVersion` is not the stored one. `subjectHash`
   * re-files the request under new identifiers (GSI2) when staff corrected them; absent keeps the current one.
   */
  updateRequest(
    id: string,
    expectedVersion: number,
    patch: Partial<Omit<RightsRequest, 'id' | 'version' | 'createdAt'>>,
    event?: NewEvent,
    options?: { subjectHash?: string },
  ): Promise<RightsRequest>;
  /** Open requests (GSI1) by deadline, or by status; never a Scan. */
  listRequests(query: ListRequestsQuery): Promise<{ items: RightsRequest[]; cursor?: string }>;
  /**
   * Ids of every request not in a terminal status (GSI1 `OPEN`) that a workflow can move: the local runtime
   * re-drives these on start. Requests in `triage` are left out: they wait for staff, not for a workflow.
   */
  listOpenRequestIds(): Promise<string[]>;
  /**
   * Open requests about the same subject (GSI2), to link rather than duplicate; with `includeClosed`, every
   * request about the subject (repetition counting).
   */
  findRequestsBySubjectHash(subjectHash: string, options?: { includeClosed?: boolean }): Promise<RightsRequest[]>;
  /** Who owns a lookup key (see createRequest), if anyone. */
  findRequestIdByLookupKey(key: string): Promise<string | undefined>;
  /** Claims more lookup keys for an existing request (e.g. the Message-ID of a follow-up mail); false if taken. */
  claimLookupKey(key: string, requestId: string): Promise<boolean>;

  appendEvent(requestId: string, event: NewEvent): Promise<AuditEvent>;
  listEvents(requestId: string): Promise<AuditEvent[]>;

  /** Step idempotency: the recorded result of `stepKey` (e.g. `fulfil:delete`, `notice:unionpay`), if any. */
  getStepResult<T = unknown>(requestId: string, stepKey: string): Promise<T | undefined>;
  /** Records a step's result once (conditional put); returns false and keeps the first if already recorded. */
  putStepResult(requestId: string, stepKey: string, result: unknown): Promise<boolean>;

  putTask(task: PendingTask): Promise<void>;
  getTask(requestId: string, kind: TaskKind): Promise<PendingTask | undefined>;
  /** Marks a task completed with its result (conditional on status `open`); false if it was not open. */
  completeTask(requestId: string, kind: TaskKind, status: 'succeeded' | 'failed', result: unknown): Promise<boolean>;
  /** Open tasks whose timer is due at or before `at` (GSI1 `TIMER`). */
  listDueTasks(at: string): Promise<PendingTask[]>;
  listOpenTasks(requestId: string): Promise<PendingTask[]>;

  /** Records a mail that is not a request, once per key; false if already recorded. */
  recordIntakeMail(record: IntakeMailRecord): Promise<boolean>;
  /** Recorded mail of one kind, newest first (GSI1 `INTAKE#<kind>`), a page at a time. */
  listIntakeMail(
    kind: IntakeMailRecord['kind'],
    options?: { limit?: number; cursor?: string },
  ): Promise<{ items: IntakeMailRecord[]; cursor?: string }>;
  getIntakeMail(key: string): Promise<IntakeMailRecord | undefined>;
  /**
   * Records what staff made of a quarantined mail, once (conditional write): false when it is unknown or already
   * settled. With `from`, it replaces only a settlement that is still `from` (a release claim becoming `released`).
   */
  settleIntakeMail(
    key: string,
    settled: IntakeMailSettlement,
    options?: { from: IntakeMailSettlement['as'] },
  ): Promise<boolean>;
}
