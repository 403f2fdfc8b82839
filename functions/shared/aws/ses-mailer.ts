// Mailer over SES v2. Threading headers (In-Reply-To/References) keep replies in the person's mail thread.
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { sesSendEmailInput } from '../mail/ses-message.ts';
import type { Mailer, OutgoingMail } from '../ports.ts';

export function createSesMailer(ses: SESv2Client, options: { configurationSet?: string } = {}): Mailer {
  return {
    async send(mail: OutgoingMail) {
      const res = await ses.send(new SendEmailCommand(sesSendEmailInput(mail, options)));
      if (!res.MessageId) throw new Error('SES returned no MessageId');
      return { messageId: res.MessageId };
    },
  };
}
