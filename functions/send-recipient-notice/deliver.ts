// Delivers one partner notice over the partner's channel with the partner's own reference to the person (issue 13
// item 6): a signed webhook carries it in the JSON body; a mail carries the masked lines in the text and the full
// reference in an AES-256 ZIP whose password the partner holds (secure-reference.ts). A webhook not yet agreed
// (placeholder) goes to the privacy office as that same mail, to forward by hand.
import type { ReferenceLine } from '../../domain/identity/partner-reference.ts';
import type { NoticePlan } from '../../domain/rules/recipients.ts';
import type { StepDeps } from '../shared/deps.ts';
import { sendOnce, sendOnceVia } from '../shared/mail/send-once.ts';
import { stepError } from '../shared/step.ts';
import { signedPost } from '../shared/webhook/signed-post.ts';
import { noticeSections } from './sections.ts';
import { attachmentName, encryptedReferenceZip } from './secure-reference.ts';

export interface NoticeLetter {
  subject: string;
  text: string;
  html: string;
}

export interface Delivery {
  requestId: string;
  plan: NoticePlan;
  /** The letter as rendered with the masked lines (and, for mail, the note about the attachment). */
  letter: NoticeLetter;
  /** The partner's full reference to the person. */
  reference: ReferenceLine[];
  ackUrl: string | null;
  /** The send-once key when it is not the request's first notice to this partner (a lift notice follows it). */
  key?: string;
}

export async function secretOf(deps: StepDeps, partnerId: string): Promise<string> {
  const secret = await deps.partnerSecrets?.secretFor(partnerId);
  // Without a secret agreed with the partner the reference cannot travel safely: staff set it up, then retry.
  if (!secret)
    throw stepError('Notice.NoPartnerSecret', `no secret agreed with ${partnerId} for its notices: set it, then retry`);
  return secret;
}

/**
 * How a notice travels: the partner's signed webhook; a mail to the partner's address; or, for a webhook the registry
 * still holds as a placeholder (no endpoint agreed yet) or a partner with no channel (`manual`), a mail to the privacy office, which forwards it by hand —
 * never a POST to an address nobody contracted.
 */
export type NoticeRoute = 'webhook' | 'mail' | 'office';

export function noticeRoute(channel: NoticePlan['channel']): NoticeRoute {
  if (channel.type === 'email') return 'mail';
  if (channel.type === 'signed_webhook' && !channel.placeholder) return 'webhook';
  return 'office';
}

export async function deliverNotice(deps: StepDeps, d: Delivery): Promise<{ messageId: string | undefined }> {
  const { requestId, plan } = d;
  const key = d.key ?? `notice:${requestId}:${plan.partnerId}`;
  const channel = plan.channel;
  if (channel.type === 'signed_webhook' && noticeRoute(channel) === 'webhook') {
    const secret = await secretOf(deps, plan.partnerId);
    const res = await sendOnceVia(deps, { key, kind: 'partner_notice', requestId }, async () => {
      const answer = await signedPost({
        url: channel.url,
        secret,
        messageId: key,
        // The signature's timestamp is wall-clock time: the partner checks it against its own clock.
        body: {
          type: 'personal_information_notice',
          requestId,
          partnerId: plan.partnerId,
          // What to erase, what to keep storage-only, which quick-pay agreements ended (legal's notice kinds).
          ...noticeSections(plan),
          legalBasisArticle: plan.legalBasisArticle ?? 23,
          subjectReference: d.reference,
          ackUrl: d.ackUrl,
          ackDueBy: plan.ackDueBy,
          sentOn: plan.sentOn,
          letter: { subject: d.letter.subject, text: d.letter.text },
        },
      });
      const id = answer['messageId'];
      return { messageId: typeof id === 'string' && id ? id : `webhook:${key}` };
    });
    return { messageId: res.messageId };
  }
  const to = channel.type === 'email' ? channel.address : deps.config.privacyOfficerEmail;
  // Nothing to protect (no customer records were found to erase), or a partner we have no channel and so no agreed
  // password for (staff deliver it by hand and give the reference by their own means): the masked notice only.
  const attachments =
    d.reference.length === 0 || channel.type === 'manual'
      ? []
      : [
          {
            filename: attachmentName(requestId),
            contentType: 'application/zip',
            content: await encryptedReferenceZip(
              { requestId, partnerId: plan.partnerId, sentOn: plan.sentOn, lines: d.reference },
              await secretOf(deps, plan.partnerId),
            ),
          },
        ];
  const res = await sendOnce(deps, {
    key,
    kind: 'partner_notice',
    requestId,
    from: deps.config.senderAddress,
    to: [to],
    subject: d.letter.subject,
    text: d.letter.text,
    html: d.letter.html,
    ...(attachments.length > 0 ? { attachments } : {}),
  });
  return { messageId: res.messageId };
}
