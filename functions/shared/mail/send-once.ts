// Once-only sending. With a store that keeps the mail log (WorkflowStore: `MAIL#<key>`, intent → sent, the same
// log the workflow steps use), a key recorded as sent is never sent again; the one duplicate possible is a crash
// between SES accepting the mail and the record, never a lost letter. A plain Store falls back to step results.

import type { Clock, Mailer, OutgoingMail } from '../ports.ts';
import type { Store } from '../store/store.ts';
import type { WorkflowStore } from '../store/workflow-store.ts';

type MailLog = Pick<WorkflowStore, 'recordMailIntent' | 'recordMailSent'>;

function hasMailLog(store: Store): store is Store & MailLog {
  const s = store as Partial<MailLog>;
  return typeof s.recordMailIntent === 'function' && typeof s.recordMailSent === 'function';
}

export const sentStepKey = (key: string): string => `mail:${key}`;

export async function sendOnce(
  deps: { store: Store; mailer: Mailer; clock: Clock },
  mail: OutgoingMail & { requestId: string },
): Promise<{ sent: boolean; messageId: string | undefined }> {
  const { store, mailer, clock } = deps;
  if (hasMailLog(store)) {
    const record = await store.recordMailIntent({
      key: mail.key,
      kind: mail.kind,
      requestId: mail.requestId,
      recordedAt: clock.now().toISOString(),
    });
    if (record.status === 'sent') return { sent: false, messageId: record.messageId };
    const { messageId } = await mailer.send(mail);
    await store.recordMailSent(mail.key, messageId, clock.now().toISOString());
    return { sent: true, messageId };
  }
  const stepKey = sentStepKey(mail.key);
  const recorded = await store.getStepResult<{ messageId: string }>(mail.requestId, stepKey);
  if (recorded) return { sent: false, messageId: recorded.messageId };
  const { messageId } = await mailer.send(mail);
  await store.putStepResult(mail.requestId, stepKey, { messageId, sentAt: clock.now().toISOString() });
  return { sent: true, messageId };
}
