// Letters to the person: mailed once when there is an address, otherwise kept with the request for staff to deliver
// by phone or post (a `delivery` task, and a notice to the privacy office). Either way the letter is readable in
// `GET /api/requests/{id}` (sendOnce keeps every mailed letter; this keeps the unmailed ones).
import type { StepDeps } from '../deps.ts';
import type { OutgoingMail } from '../ports.ts';
import type { PendingTask } from '../store/store.ts';
import { sendOnce } from './send-once.ts';
import { notifyOfficer } from './task-notice.ts';

export type PersonLetter = Omit<OutgoingMail, 'to' | 'requestId'> & { requestId: string; to: string | undefined };

export interface Delivered {
  mailed: boolean;
  /** This call sent or kept it (false on a re-drive that found it done). */
  first: boolean;
  messageId?: string;
}

/** Mails the letter once, or keeps it for staff to deliver when there is no address. */
export async function deliverLetter(deps: StepDeps, letter: PersonLetter): Promise<Delivered> {
  const { to, ...mail } = letter;
  if (to) {
    const sent = await sendOnce(deps, { ...mail, to: [to] });
    return { mailed: true, first: sent.sent, ...(sent.messageId ? { messageId: sent.messageId } : {}) };
  }
  return { mailed: false, first: await keepForStaffDelivery(deps, mail) };
}

/** A rendered letter about request `r`, from the stage's sender in the request's language, delivered as above. */
export function deliverRenderedLetter(
  deps: StepDeps,
  r: { id: string; language: 'zh' | 'en' },
  rendered: { subject: string; text: string; html?: string },
  mail: Pick<PersonLetter, 'key' | 'kind' | 'to' | 'keptText' | 'inReplyTo' | 'references'>,
): Promise<Delivered> {
  return deliverLetter(deps, {
    ...mail,
    requestId: r.id,
    language: r.language,
    from: deps.config.senderAddress,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
  });
}

/** The open `delivery` task lists every letter still to deliver (`context.letters`: their keys). */
export const DELIVERY_TASK = 'delivery' as const;

async function keepForStaffDelivery(deps: StepDeps, mail: Omit<PersonLetter, 'to'>): Promise<boolean> {
  const at = deps.clock.now().toISOString();
  const kept = await deps.store.putLetter({
    requestId: mail.requestId,
    key: mail.key,
    kind: mail.kind,
    language: mail.language ?? 'zh',
    to: [],
    subject: mail.subject,
    text: mail.keptText ?? mail.text,
    mailed: false,
    at,
  });
  // A re-drive finds the letter kept: the task and the notice exist already.
  if (!kept) return false;
  const existing = await deps.store.getTask(mail.requestId, DELIVERY_TASK);
  const pending = existing?.status === 'open' ? pendingLetters(existing) : [];
  const task: PendingTask = {
    requestId: mail.requestId,
    kind: DELIVERY_TASK,
    // No workflow step waits on it: the token is never used.
    taskToken: 'none',
    status: 'open',
    assignee: 'agent',
    context: { letters: [...new Set([...pending, mail.key])] },
    createdAt: existing?.status === 'open' ? existing.createdAt : at,
  };
  await deps.store.putTask(task);
  await deps.store.appendEvent(mail.requestId, {
    type: 'letter_to_deliver',
    actor: 'system',
    data: { key: mail.key, kind: mail.kind },
  });
  const request = await deps.store.getRequest(mail.requestId);
  if (request)
    await notifyOfficer(deps, {
      kind: 'delivery',
      request,
      about: mail.key,
      reasons: [
        '没有可用的电子邮箱地址，请阅读该信函并电话告知本人或邮寄送达，送达后在系统中登记 / no e-mail address: read the letter to the person by phone or post it, then record the delivery',
      ],
    });
  return true;
}

export function pendingLetters(task: PendingTask): string[] {
  const letters = task.context?.['letters'];
  return Array.isArray(letters) ? letters.filter((k): k is string => typeof k === 'string') : [];
}
