// Once-only sending, the one implementation for mail and SMS (workflow steps re-export it from step.ts). With a store
// that keeps the send log (WorkflowStore: `MAIL#<key>`, intent → sent), the intent is recorded first, then the message
// is sent, then marked sent: a key recorded as sent is never sent again; the one duplicate possible is a crash
// between the provider accepting the message and the record, never a lost letter. A plain Store falls back to step
// results. Every mail about a request is also kept with it as a letter (`LETTER#<key>`) for staff to read, and that
// letter (mailed, with its message id) is the mark that it was sent: the log is not marked a second time (issue 14:
// one write less per letter). A re-drive that finds only the intent looks for the mailed letter before sending.

import { randomUUID } from 'node:crypto';
import type { Clock, Mailer, OutgoingMail, OutgoingSms, SmsSender } from '../ports.ts';
import type { Store } from '../store/store.ts';
import type { WorkflowStore } from '../store/workflow-store.ts';

type MailLog = Pick<WorkflowStore, 'recordMailIntent' | 'recordMailSent'>;
type LetterLog = Pick<WorkflowStore, 'putLetter' | 'listLetters'>;

function hasMailLog(store: Store): store is Store & MailLog {
  const s = store as Partial<MailLog>;
  return typeof s.recordMailIntent === 'function' && typeof s.recordMailSent === 'function';
}

function hasLetterLog(store: Store): store is Store & LetterLog {
  const s = store as Partial<LetterLog>;
  return typeof s.putLetter === 'function' && typeof s.listLetters === 'function';
}

/**
 * Keeps the mail as a letter of its request (first record wins, so a re-drive keeps the original). False when there
 * is no letter log or a letter with its key was kept before.
 */
async function keepLetter(store: Store, mail: OutgoingMail, messageId: string | undefined, at: string) {
  if (!mail.requestId || !hasLetterLog(store)) return false;
  return store.putLetter({
    requestId: mail.requestId,
    key: mail.key,
    kind: mail.kind,
    language: mail.language ?? 'zh',
    to: mail.to,
    subject: mail.subject,
    text: mail.keptText ?? mail.text,
    mailed: true,
    at,
    ...(messageId ? { messageId } : {}),
  });
}

export const sentStepKey = (key: string): string => `mail:${key}`;

interface Sendable {
  key: string;
  kind: string;
  requestId?: string;
}

export interface SendOnceDeps {
  store: Store;
  mailer: Mailer;
  clock: Clock;
  metrics?: { count(name: string, value?: number): void };
}

/** Where a sent message is kept anyway (its letter), so that record can say it was sent instead of the log. */
interface SentRecord {
  /** Records the sent message; false when it could not (then the log is marked). */
  keep(messageId: string, at: string): Promise<boolean>;
  /** The message as an earlier run kept it sent, when the log holds only the intent. */
  find(): Promise<{ messageId: string | undefined; at: string } | undefined>;
}

async function onceWith(
  deps: Omit<SendOnceDeps, 'mailer'>,
  message: Sendable,
  send: () => Promise<{ messageId: string }>,
  sentRecord?: SentRecord,
): Promise<{ sent: boolean; messageId: string | undefined; at: string; logged?: boolean }> {
  const { store, clock } = deps;
  if (hasMailLog(store)) {
    const attempt = randomUUID();
    const record = await store.recordMailIntent({
      key: message.key,
      kind: message.kind,
      recordedAt: clock.now().toISOString(),
      attempt,
      ...(message.requestId ? { requestId: message.requestId } : {}),
    });
    if (record.status === 'sent')
      return { sent: false, messageId: record.messageId, at: record.sentAt ?? record.recordedAt, logged: true };
    // An intent from an earlier run (not the one just written): it may have been sent and kept as a letter.
    if (sentRecord && record.attempt !== attempt) {
      const kept = await sentRecord.find();
      if (kept) return { sent: false, ...kept };
    }
    const { messageId } = await send();
    const at = clock.now().toISOString();
    if (!(await sentRecord?.keep(messageId, at))) await store.recordMailSent(message.key, messageId, at);
    return { sent: true, messageId, at };
  }
  // Without a send log the step record of the request is the once-only key.
  if (!message.requestId) throw new Error(`sendOnce: ${message.kind} needs a requestId without a send log`);
  const stepKey = sentStepKey(message.key);
  const recorded = await store.getStepResult<{ messageId: string; sentAt: string }>(message.requestId, stepKey);
  if (recorded) return { sent: false, messageId: recorded.messageId, at: recorded.sentAt };
  const { messageId } = await send();
  const at = clock.now().toISOString();
  await store.putStepResult(message.requestId, stepKey, { messageId, sentAt: at });
  return { sent: true, messageId, at };
}

export async function sendOnce(
  deps: SendOnceDeps,
  mail: OutgoingMail,
): Promise<{ sent: boolean; messageId: string | undefined }> {
  const { store } = deps;
  const requestId = mail.requestId;
  const letter: SentRecord | undefined =
    requestId && hasLetterLog(store)
      ? {
          keep: (messageId, at) => keepLetter(store, mail, messageId, at),
          find: async () => {
            const kept = (await store.listLetters(requestId)).find((l) => l.key === mail.key && l.mailed);
            return kept && { messageId: kept.messageId, at: kept.at };
          },
        }
      : undefined;
  const { at, logged, ...res } = await onceWith(deps, mail, () => deps.mailer.send(mail), letter);
  // A log marked sent (no letter log, a letter kept unmailed before, or an earlier version): a crash between sending
  // and keeping the letter is repaired (a no-op when it was kept).
  if (logged || !letter) await keepLetter(store, mail, res.messageId, at);
  if (res.sent) deps.metrics?.count(`mail_sent_${mail.kind}`);
  return res;
}

/** SMS keys share the send log with mail under their own prefix, so a mail and an SMS never collide. */
export const smsLogKey = (key: string): string => `sms:${key}`;

/** Sends an SMS at most once per `sms.key` across retries and re-drives (the same log as mail). */
export async function sendSmsOnce(
  deps: Omit<SendOnceDeps, 'mailer'> & { sms: SmsSender },
  sms: OutgoingSms,
): Promise<{ sent: boolean; messageId: string | undefined }> {
  const {
    at: _at,
    logged: _logged,
    ...res
  } = await onceWith(deps, { ...sms, key: smsLogKey(sms.key) }, () => deps.sms.send(sms));
  if (res.sent) deps.metrics?.count(`sms_sent_${sms.kind}`);
  return res;
}

/**
 * Sends anything else (a signed webhook) at most once per key through the same send log: intent, send, mark sent.
 * Keys share one namespace with mail: give such messages their own prefix or kind-specific key.
 */
export async function sendOnceVia(
  deps: Omit<SendOnceDeps, 'mailer'>,
  message: { key: string; kind: string; requestId?: string },
  send: () => Promise<{ messageId: string }>,
): Promise<{ sent: boolean; messageId: string | undefined }> {
  const res = await onceWith(deps, message, send);
  if (res.sent) deps.metrics?.count(`sent_${message.kind}`);
  return { sent: res.sent, messageId: res.messageId };
}
