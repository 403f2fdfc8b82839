// Mailer over SES v2. Threading headers (In-Reply-To/References) keep replies in the person's mail thread.
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingMail } from '../ports.ts';

export function createSesMailer(ses: SESv2Client, options: { configurationSet?: string } = {}): Mailer {
  return {
    async send(mail: OutgoingMail) {
      const headers: { Name: string; Value: string }[] = [];
      if (mail.inReplyTo) headers.push({ Name: 'In-Reply-To', Value: mail.inReplyTo });
      if (mail.references?.length) headers.push({ Name: 'References', Value: mail.references.join(' ') });
      // Lets bounces and the evidence report tie a message back to its request and letter.
      if (mail.requestId) headers.push({ Name: 'X-Rightsflow-Request', Value: mail.requestId });
      headers.push({ Name: 'X-Rightsflow-Kind', Value: mail.kind });
      const res = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: mail.from,
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
          EmailTags: [{ Name: 'kind', Value: mail.kind.replace(/[^A-Za-z0-9_-]/g, '_') }],
        }),
      );
      if (!res.MessageId) throw new Error('SES returned no MessageId');
      return { messageId: res.MessageId };
    },
  };
}
