// Once-only sending, the one implementation (workflow steps re-export it from step.ts). With a store that keeps the
// mail log (WorkflowStore: `MAIL#<key>`, intent → sent), the intent is recorded first, then the mail is sent, then
// marked sent: a key recorded as sent is never sent again; the one duplicate possible is a crash between SES
// accepting the mail and the record, never a lost letter. A plain Store falls back to step results.
// Every mail about a request is also kept with it as a letter (`LETTER#<key>`) for staff to read.

import type { Clock, Mailer, OutgoingMail } from '../ports.ts';
import type { Store } from '../store/store.ts';
import type { WorkflowStore } from '../store/workflow-store.ts';

type MailLog = Pick<WorkflowStore, 'recordMailIntent' | 'recordMailSent'>;
type LetterLog = Pick<WorkflowStore, 'putLetter'>;

function hasMailLog(store: Store): store is Store & MailLog {
  const s = store as Partial<MailLog>;
  return typeof s.recordMailIntent === 'function' && typeof s.recordMailSent === 'function';
}

function hasLetterLog(store: Store): store is Store & LetterLog {
  return typeof (store as Partial<LetterLog>).putLetter === 'function';
}

/** Keeps the mail as a letter of its request (first record wins, so a re-drive keeps the original). */
async function keepLetter(store: Store, mail: OutgoingMail, messageId: string | undefined, at: string) {
  if (!mail.requestId || !hasLetterLog(store)) return;
  await store.putLetter({
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

export interface SendOnceDeps {
  store: Store;
  mailer: Mailer;
  clock: Clock;
  metrics?: { count(name: string, value?: number): void };
}

export async function sendOnce(
  deps: SendOnceDeps,
  mail: OutgoingMail,
): Promise<{ sent: boolean; messageId: string | undefined }> {
  const { store, mailer, clock } = deps;
  let sent: { sent: boolean; messageId: string | undefined };
  if (hasMailLog(store)) {
    const record = await store.recordMailIntent({
      key: mail.key,
      kind: mail.kind,
      recordedAt: clock.now().toISOString(),
      ...(mail.requestId ? { requestId: mail.requestId } : {}),
    });
    if (record.status === 'sent') {
      // A crash between sending and keeping the letter: keep it now (a no-op when it was kept).
      await keepLetter(store, mail, record.messageId, record.sentAt ?? record.recordedAt);
      return { sent: false, messageId: record.messageId };
    }
    const { messageId } = await mailer.send(mail);
    const at = clock.now().toISOString();
    await store.recordMailSent(mail.key, messageId, at);
    await keepLetter(store, mail, messageId, at);
    sent = { sent: true, messageId };
  } else {
    // Without a mail log the step record of the request is the once-only key.
    if (!mail.requestId) throw new Error(`sendOnce: mail ${mail.kind} needs a requestId without a mail log`);
    const stepKey = sentStepKey(mail.key);
    const recorded = await store.getStepResult<{ messageId: string }>(mail.requestId, stepKey);
    if (recorded) return { sent: false, messageId: recorded.messageId };
    const { messageId } = await mailer.send(mail);
    const at = clock.now().toISOString();
    await store.putStepResult(mail.requestId, stepKey, { messageId, sentAt: at });
    await keepLetter(store, mail, messageId, at);
    sent = { sent: true, messageId };
  }
  deps.metrics?.count(`mail_sent_${mail.kind}`);
  return sent;
}
