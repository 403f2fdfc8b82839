// The acknowledgement letter, sent once per request (key `ack:<id>`): by the mail intake and by staff triage.
// Chinese first; English below it when the person wrote in English (renderLetter's bilingual form).
import type { WorkingCalendar } from '../../domain/calendar/index.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import { documentReviewFor } from '../../domain/request/document-review.ts';
import { type RightsRequest, requiredVerificationLevel } from '../../domain/request/model.ts';
import { sendOnce } from '../shared/mail/send-once.ts';
import { onBehalfOf } from '../shared/on-behalf.ts';
import type { Clock, Mailer } from '../shared/ports.ts';
import type { Store } from '../shared/store/store.ts';
import { threadKey } from './keys.ts';

export interface AckDeps {
  store: Store;
  mailer: Mailer;
  clock: Clock;
  policy: Policy;
  /** The stage's sender address (the one its mail identity and IAM allow); the display name comes from policy. */
  senderAddress: string;
  /** Names the years whose schedule is missing in a provisional acknowledgement. */
  calendar?: WorkingCalendar;
}

/** Sends the acknowledgement unless already sent; no address or no right recognised → nothing to send. */
export async function sendAcknowledgement(deps: AckDeps, request: RightsRequest): Promise<{ sent: boolean }> {
  const to = request.requester.email ?? request.subject.email;
  if (!to || request.rights.length === 0) return { sent: false };
  const letter = renderLetter(
    'acknowledgement',
    'zh',
    {
      requestId: request.id,
      rights: request.rights,
      receivedOn: request.deadline.receivedOn,
      deadline: request.deadline.deadline,
      provisional: request.deadline.provisional,
      provisionalYears:
        request.deadline.provisional && deps.calendar
          ? deps.calendar.provisionalYears(
              Number(request.deadline.receivedOn.slice(0, 4)),
              Number(request.deadline.deadline.slice(0, 4)),
            )
          : [],
      verificationNeeded: requiredVerificationLevel(request.rights) !== 'none',
      // A guardian or a deceased user's relative is told which documents to send, not to wait for a code.
      ...(documentReviewFor(request) && { documentsNeeded: documentReviewFor(request) }),
      // Never the child's or the deceased's name before verification: the writer is not yet known to be entitled.
      ...onBehalfOf(request, false),
    },
    deps.policy,
    { bilingual: request.language === 'en' },
  );
  const result = await sendOnce(deps, {
    key: `ack:${request.id}`,
    kind: 'ack',
    requestId: request.id,
    to: [to],
    from: deps.senderAddress,
    subject: letter.subject,
    text: letter.text,
    html: letter.html,
    ...(request.source.messageId && {
      inReplyTo: request.source.messageId,
      references: [request.source.messageId],
    }),
  });
  if (result.sent && result.messageId) {
    // Replies to the acknowledgement (In-Reply-To) attach to this request.
    await deps.store.claimLookupKey(threadKey(result.messageId), request.id);
    await deps.store.appendEvent(request.id, { type: 'mail.ack_sent', actor: 'system', data: { kind: 'ack' } });
  }
  return { sent: result.sent };
}
