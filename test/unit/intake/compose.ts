// Builds test mail bytes with nodemailer's MailComposer.
import MailComposer from 'nodemailer/lib/mail-composer';

export interface TestMail {
  from?: string;
  subject?: string;
  text?: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  attachments?: { filename: string; content: Buffer; contentType?: string }[];
  headers?: Record<string, string>;
}

export function composeMail(m: TestMail): Promise<Buffer> {
  const composer = new MailComposer({
    from: m.from ?? 'person@example.com',
    to: 'privacy@lianlianpay.com',
    subject: m.subject ?? '个人信息',
    date: new Date('2026-11-25T01:00:00Z'),
    ...(m.messageId && { messageId: m.messageId }),
    ...(m.inReplyTo && { inReplyTo: m.inReplyTo }),
    ...(m.references && { references: m.references }),
    ...(m.text !== undefined && { text: m.text }),
    ...(m.html !== undefined && { html: m.html }),
    ...(m.attachments && { attachments: m.attachments }),
    ...(m.headers && { headers: m.headers }),
  });
  return new Promise((resolve, reject) => composer.compile().build((err, msg) => (err ? reject(err) : resolve(msg))));
}
