// Once-only sending, the one implementation (workflow steps re-export it from step.ts). With a store that keeps the
// mail log (WorkflowStore: `MAIL#<key>`, intent → sent), the intent is recorded first, then the mail is sent, then
// marked sent: a key recorded as sent is never sent again; the one duplicate possible is a crash between SES
// accepting the mail and the record, never a lost letter. A plain Store falls back to step results.

import type { Clock, Mailer, OutgoingMail } from '../ports.ts';
import type { Store } from '../store/store.ts';
import type { WorkflowStore } from '../store/workflow-store.ts';

type MailLog = Pick<WorkflowStore, 'recordMailIntent' | 'recordMailSent'>;

function hasMailLog(store: Store): store is Store & MailLog {
  const s = store as Partial<MailLog>;
  return typeof s.recordMailIntent === 'function' && typeof s.recordMailSent === 'function';
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
    if (record.status === 'sent') return { sent: false, messageId: record.messageId };
    const { messageId } = await mailer.send(mail);
    await store.recordMailSent(mail.key, messageId, clock.now().toISOString());
    sent = { sent: true, messageId };
  } else {
    // Without a mail log the step record of the request is the once-only key.
    if (!mail.requestId) throw new Error(`sendOnce: mail ${mail.kind} needs a requestId without a mail log`);
    const stepKey = sentStepKey(mail.key);
    const recorded = await store.getStepResult<{ messageId: string }>(mail.requestId, stepKey);
    if (recorded) return { sent: false, messageId: recorded.messageId };
    const { messageId } = await mailer.send(mail);
    await store.putStepResult(mail.requestId, stepKey, { messageId, sentAt: clock.now().toISOString() });
    sent = { sent: true, messageId };
  }
  deps.metrics?.count(`mail_sent_${mail.kind}`);
  return sent;
}
