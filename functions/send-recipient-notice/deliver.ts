// Delivers one partner notice over the partner's channel with the partner's own reference to the person (issue 13
// item 6): a signed webhook carries it in the JSON body; a mail carries the masked lines in the text and the full
// reference in an AES-256 ZIP whose password the partner holds (secure-reference.ts). A partner with no channel in
// the registry gets nothing directly: the privacy office delivers it by hand (masked lines only in that mail).
import type { ReferenceLine } from '../../domain/identity/partner-reference.ts';
import type { NoticePlan } from '../../domain/rules/recipients.ts';
import type { StepDeps } from '../shared/deps.ts';
import { sendOnce, sendOnceVia } from '../shared/mail/send-once.ts';
import { stepError } from '../shared/step.ts';
import { signedPost } from '../shared/webhook/signed-post.ts';
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
  ackUrl: string;
}

async function secretOf(deps: StepDeps, partnerId: string): Promise<string> {
  const secret = await deps.partnerSecrets?.secretFor(partnerId);
  // Without a secret agreed with the partner the reference cannot travel safely: staff set it up, then retry.
  if (!secret)
    throw stepError('Notice.NoPartnerSecret', `no secret agreed with ${partnerId} for its notices: set it, then retry`);
  return secret;
}

export async function deliverNotice(deps: StepDeps, d: Delivery): Promise<{ messageId: string | undefined }> {
  const { requestId, plan } = d;
  const key = `notice:${requestId}:${plan.partnerId}`;
  const channel = plan.channel;
  if (channel.type === 'signed_webhook') {
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
          categories: plan.categories,
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
  // Nothing to protect (no customer records were found to erase): a plain notice.
  if (channel.type === 'email' && d.reference.length === 0) {
    const res = await sendOnce(deps, {
      key,
      kind: 'partner_notice',
      requestId,
      from: deps.config.senderAddress,
      to: [channel.address],
      ...d.letter,
    });
    return { messageId: res.messageId };
  }
  if (channel.type === 'email') {
    const secret = await secretOf(deps, plan.partnerId);
    const zip = await encryptedReferenceZip(
      { requestId, partnerId: plan.partnerId, sentOn: plan.sentOn, lines: d.reference },
      secret,
    );
    const res = await sendOnce(deps, {
      key,
      kind: 'partner_notice',
      requestId,
      from: deps.config.senderAddress,
      to: [channel.address],
      subject: d.letter.subject,
      text: d.letter.text,
      html: d.letter.html,
      attachments: [{ filename: attachmentName(requestId), contentType: 'application/zip', content: zip }],
    });
    return { messageId: res.messageId };
  }
  const res = await sendOnce(deps, {
    key,
    kind: 'partner_notice',
    requestId,
    from: deps.config.senderAddress,
    to: [deps.config.privacyOfficerEmail],
    subject: d.letter.subject,
    text: d.letter.text,
    html: d.letter.html,
  });
  return { messageId: res.messageId };
}
