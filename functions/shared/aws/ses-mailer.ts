// Mailer over SES v2. Threading headers (In-Reply-To/References) keep replies in the person's mail thread.
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { type SesMessageOptions, sesSendEmailInput } from '../mail/ses-message.ts';
import type { Mailer, OutgoingMail } from '../ports.ts';
import { type ClientSource, clientOf } from './lazy.ts';

export function createSesMailer(ses: ClientSource<SESv2Client>, options: SesMessageOptions = {}): Mailer {
  return {
    async send(mail: OutgoingMail) {
      const { SendEmailCommand } = await import('@aws-sdk/client-sesv2');
      const res = await (await clientOf(ses)).send(new SendEmailCommand(sesSendEmailInput(mail, options)));
      if (!res.MessageId) throw new Error('SES returned no MessageId');
      return { messageId: res.MessageId };
    },
  };
}
