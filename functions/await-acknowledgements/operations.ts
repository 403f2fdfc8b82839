// A partner's acknowledgement (`POST /partner-ack/{signed token}`).

import { verifyAckToken } from '../send-recipient-notice/ack-token.ts';
import type { StepDeps } from '../shared/deps.ts';
import { completeWaitingTask, moveStatus } from '../shared/step.ts';

export interface PartnerAckResult {
  requestId: string;
  partnerId: string;
  alreadyAcknowledged: boolean;
}

/** The partner's answer on the page behind the link: done, no such person on their side, or an exception. */
export interface PartnerAnswer {
  answer: 'completed' | 'not_found' | 'exception';
  /** Required with `exception`: the legal basis and period the partner keeps the data for. */
  reason?: string;
}

/** Marks the notice acknowledged; when it was the last one, resumes the workflow (or closes a request it left). */
export async function recordPartnerAck(
  deps: StepDeps,
  token: string,
  given: PartnerAnswer = { answer: 'completed' },
): Promise<PartnerAckResult | undefined> {
  const claim = verifyAckToken(deps.config.subjectHashSalt, token);
  if (!claim) return undefined;
  const { requestId, partnerId } = claim;
  const notice = await deps.store.getNotice(requestId, partnerId);
  if (!notice) return undefined;
  if (notice.status === 'acknowledged') return { requestId, partnerId, alreadyAcknowledged: true };
  const at = deps.clock.now().toISOString();
  await deps.store.updateNotice(requestId, partnerId, {
    status: 'acknowledged',
    ackedAt: at,
    answer: given.answer,
    // The partner's own words may name the person: sealed, never in the audit event.
    ...(given.reason ? { reasonSealed: await deps.cipher.seal(given.reason) } : {}),
  });
  await deps.store.appendEvent(requestId, {
    type: 'recipient_acknowledged',
    actor: `partner:${partnerId}`,
    data: { answer: given.answer, withReason: given.reason !== undefined },
  });
  const notices = await deps.store.listNotices(requestId);
  if (notices.every((n) => n.status === 'acknowledged')) {
    const resumed = await completeWaitingTask(deps, requestId, 'acknowledgements', {
      status: 'succeeded',
      result: { allAcknowledged: true },
    });
    // Left unanswered earlier (closed with a staff task): the last answer completes that task.
    await deps.store.completeTask(requestId, 'unacknowledged', 'succeeded', { acknowledgedAt: at });
    // The workflow already finished chasing (escalated): nothing waits, so close here.
    if (!resumed) {
      const open = await deps.store.listOpenTasks(requestId);
      if (!open.some((t) => t.kind === 'acknowledgements'))
        await moveStatus(deps, requestId, 'closed', {
          type: 'request_closed',
          actor: `partner:${partnerId}`,
          data: { notices: notices.length },
        });
    }
  }
  return { requestId, partnerId, alreadyAcknowledged: false };
}
