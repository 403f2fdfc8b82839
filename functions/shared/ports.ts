// The ports through which handlers reach the outside world. Each has an AWS adapter (functions/shared/aws/)
// and a local adapter (infra/local/adapters/); handlers only ever see these interfaces.
import type { RightsRequest, Status } from '../../domain/request/model.ts';

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

/** Raw mail, attachments and exports: S3 in AWS, the data dir locally. Objects are encrypted at rest. */
export interface BlobStore {
  put(key: string, body: Uint8Array, contentType?: string): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
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

export interface ListRequestsQuery {
  status?: Status;
  dueBefore?: string;
  limit?: number;
  cursor?: string;
}

export type { RightsRequest };
