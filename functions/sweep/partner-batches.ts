// Partners' daily lists of notices (domain/notices/batch.ts): every sweep run sends the lists whose cutoff has passed,
// one mail per partner and day, each notice with its own acknowledgement page and encrypted reference file. A list's
// members are fixed before it is sent (each queued notice records the list's key), so a run that stops half-way resends
// the same list under the same once-only key, never a second, different one.
import { createHash } from 'node:crypto';
import { shanghaiDate } from '../../domain/calendar/index.ts';
import { type BatchItem, batchDue, composeBatchLetter } from '../../domain/notices/batch.ts';
import { composeNotice, notifiedEventData } from '../send-recipient-notice/compose.ts';
import { secretOf } from '../send-recipient-notice/deliver.ts';
import { attachmentName, encryptedReferenceZip } from '../send-recipient-notice/secure-reference.ts';
import type { StepDeps } from '../shared/deps.ts';
import { METRIC } from '../shared/metrics.ts';
import type { MailAttachment } from '../shared/ports.ts';
import { sendOnce } from '../shared/step.ts';
import type { RecipientNotice, WorkflowStore } from '../shared/store/workflow-store.ts';

export interface BatchesSent {
  /** List mails sent this run. */
  lists: number;
  /** Notices that went out in them. */
  notices: number;
  /** Lists that failed this run (each counted in METRIC.partnerListFailed; retried next run). */
  failed: number;
}

function listKey(partnerId: string, day: string, requestIds: string[]): string {
  const members = createHash('sha256')
    .update([...requestIds].sort().join('\n'))
    .digest('hex')
    .slice(0, 12);
  return `notice-list:${partnerId}:${day}:${members}`;
}

async function sendList(deps: StepDeps, key: string, members: RecipientNotice[]): Promise<number> {
  const first = members[0]!;
  const composed = await Promise.all(members.map((m) => composeNotice(deps, m.requestId, m.partnerId)));
  const plan = composed[0]!.plan;
  if (plan.channel.type !== 'email') throw new Error(`${first.partnerId}: a daily list needs an e-mail channel`);
  const attachments: MailAttachment[] = [];
  const items: BatchItem[] = [];
  for (const c of composed) {
    const requestId = members[composed.indexOf(c)]!.requestId;
    const item: BatchItem = { requestId, ackUrl: c.ackUrl, ackDueBy: c.plan.ackDueBy, letter: c.letter };
    if (c.reference.length > 0) {
      item.attachment = attachmentName(requestId);
      attachments.push({
        filename: item.attachment,
        contentType: 'application/zip',
        content: await encryptedReferenceZip(
          { requestId, partnerId: first.partnerId, sentOn: c.plan.sentOn, lines: c.reference },
          await secretOf(deps, first.partnerId),
        ),
      });
    }
    items.push(item);
  }
  const letter = composeBatchLetter({ partnerId: first.partnerId, names: plan.names, day: first.batchDay!, items });
  const res = await sendOnce(deps, {
    key,
    kind: 'partner_notice_list',
    from: deps.config.senderAddress,
    to: [plan.channel.address],
    subject: letter.subject,
    text: letter.text,
    ...(attachments.length > 0 ? { attachments } : {}),
  });
  const at = deps.clock.now().toISOString();
  const store = deps.store as WorkflowStore;
  let sent = 0;
  for (const [i, m] of members.entries()) {
    if (
      !(await store.markNoticeSent(m.requestId, m.partnerId, {
        sentAt: at,
        ...(res.messageId ? { messageId: res.messageId } : {}),
      }))
    )
      continue;
    sent++;
    await deps.store.appendEvent(m.requestId, {
      type: 'recipient_notified',
      actor: 'system:sweep',
      data: { ...notifiedEventData(composed[i]!.plan), dailyList: m.batchDay },
    });
  }
  return sent;
}

/** Sends every daily list due at `now`; one partner's failure leaves its list queued for the next run. */
export async function sendPartnerBatches(deps: StepDeps, now: Date): Promise<BatchesSent> {
  const store = deps.store as WorkflowStore;
  const queued = (await store.listQueuedNotices(shanghaiDate(now))).filter(
    (n) => n.batchDay !== undefined && batchDue(n.batchDay, now),
  );
  // Fix each list's members first: notices already given a key keep it; the rest of a partner's day form one list.
  const lists = new Map<string, RecipientNotice[]>();
  const fresh = new Map<string, RecipientNotice[]>();
  for (const n of queued) {
    if (n.batchKey) lists.set(n.batchKey, [...(lists.get(n.batchKey) ?? []), n]);
    else {
      const k = `${n.partnerId}\n${n.batchDay}`;
      fresh.set(k, [...(fresh.get(k) ?? []), n]);
    }
  }
  for (const members of fresh.values()) {
    const first = members[0]!;
    const key = listKey(
      first.partnerId,
      first.batchDay!,
      members.map((m) => m.requestId),
    );
    for (const m of members) await store.updateNotice(m.requestId, m.partnerId, { batchKey: key });
    lists.set(key, [...(lists.get(key) ?? []), ...members.map((m) => ({ ...m, batchKey: key }))]);
  }
  const out: BatchesSent = { lists: 0, notices: 0, failed: 0 };
  for (const [key, members] of lists) {
    try {
      out.notices += await sendList(deps, key, members);
      out.lists++;
    } catch (err) {
      out.failed++;
      deps.metrics.count(METRIC.partnerListFailed);
      deps.logger.error('partner daily list failed', {
        partnerId: members[0]!.partnerId,
        errorName: (err as Error).name,
      });
    }
  }
  return out;
}
