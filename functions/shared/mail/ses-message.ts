// The SES v2 SendEmail input for one outgoing letter. The SES mailer sends it; the local outbox stores it, so
// what `npm start` shows is exactly what AWS would have sent.
import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import type { OutgoingMail } from '../ports.ts';
import { formatMailbox, parseMailbox } from './address.ts';

type Text = { Data: string; Charset: 'UTF-8' };

/** A SendEmail input with the fields we always set made non-optional, so the outbox can read them back. */
export interface SesEmail extends SendEmailCommandInput {
  FromEmailAddress: string;
  Destination: { ToAddresses: string[]; CcAddresses?: string[] };
  Content: {
    Simple: { Subject: Text; Body: { Text: Text; Html?: Text }; Headers: { Name: string; Value: string }[] };
  };
}

export interface SesMessageOptions {
  /** SES configuration set: bounce and complaint events go to its destination (the mail-events function). */
  configurationSet?: string;
  /** Display name for a bare From address (the stage's sender); a From written `Name <addr>` keeps its own. */
  senderName?: string;
}

/** The From header: display name RFC 2047-encoded when it is not ASCII (SES rejects raw UTF-8 there). */
export function fromHeader(from: string, senderName?: string): string {
  const mailbox = parseMailbox(from);
  const name = mailbox.name ?? senderName;
  return formatMailbox(name ? { name, address: mailbox.address } : { address: mailbox.address });
}

export function sesSendEmailInput(mail: OutgoingMail, options: SesMessageOptions = {}): SesEmail {
  const headers: { Name: string; Value: string }[] = [];
  if (mail.inReplyTo) headers.push({ Name: 'In-Reply-To', Value: mail.inReplyTo });
  if (mail.references?.length) headers.push({ Name: 'References', Value: mail.references.join(' ') });
  // Lets bounces and the evidence report tie a message back to its request and letter.
  if (mail.requestId) headers.push({ Name: 'X-Rightsflow-Request', Value: mail.requestId });
  headers.push({ Name: 'X-Rightsflow-Kind', Value: mail.kind });
  return {
    FromEmailAddress: fromHeader(mail.from, options.senderName),
    Destination: { ToAddresses: mail.to, ...(mail.cc?.length ? { CcAddresses: mail.cc } : {}) },
    Content: {
      Simple: {
        Subject: { Data: mail.subject, Charset: 'UTF-8' },
        Body: {
          Text: { Data: mail.text, Charset: 'UTF-8' },
          ...(mail.html ? { Html: { Data: mail.html, Charset: 'UTF-8' } } : {}),
        },
        Headers: headers,
      },
    },
    ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
    // SES tag values allow only [A-Za-z0-9_-]. Bounce and complaint events carry the tags back (mail-events).
    EmailTags: [
      { Name: 'kind', Value: sesTagValue(mail.kind) },
      ...(mail.requestId ? [{ Name: 'request', Value: sesTagValue(mail.requestId) }] : []),
    ],
  };
}

export const sesTagValue = (v: string): string => v.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);
