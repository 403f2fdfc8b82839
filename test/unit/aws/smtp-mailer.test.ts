// Mail out in AWS China: the SMTP relay through nodemailer, with the same From (display name encoded by nodemailer),
// threading and X-Rightsflow headers as the SES letters; relay replies classified for retry.

import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { createSmtpMailer, SmtpSettings } from '../../../functions/shared/aws/smtp-mailer.ts';

describe('SMTP mailer', () => {
  it('writes the letter as SES would: From with the name, threading and request headers', async () => {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
    const written: Buffer[] = [];
    const original = transport.sendMail.bind(transport);
    transport.sendMail = (async (m: unknown) => {
      const info = (await original(m as never)) as { message: Buffer; messageId: string };
      written.push(info.message);
      return info;
    }) as never;
    const mailer = createSmtpMailer({
      settings: async () => SmtpSettings.parse({ host: 'x', user: 'u', pass: 'p' }),
      senderName: '连连支付个人信息保护 LianLian Pay Privacy',
      transport,
    });
    const res = await mailer.send({
      key: 'reply:RF-20261125-AAAAAA',
      kind: 'reply',
      requestId: 'RF-20261125-AAAAAA',
      from: 'privacy@rights.lianlianpay.cn',
      to: ['someone@example.com'],
      subject: '答复',
      text: '正文',
      inReplyTo: '<m1@qq.com>',
      references: ['<m1@qq.com>'],
    });
    expect(res.messageId).toMatch(/^<.+>$/);
    const parsed = await simpleParser(written[0]!);
    expect(parsed.from?.value[0]).toEqual({
      name: '连连支付个人信息保护 LianLian Pay Privacy',
      address: 'privacy@rights.lianlianpay.cn',
    });
    expect(parsed.inReplyTo).toBe('<m1@qq.com>');
    expect(parsed.headers.get('x-rightsflow-request')).toBe('RF-20261125-AAAAAA');
    expect(parsed.headers.get('x-rightsflow-kind')).toBe('reply');
    expect(written[0]!.toString()).not.toMatch(/From: 连连/);
  });

  it('reads its settings from the secret once, requires TLS, and names relay failures', async () => {
    expect(SmtpSettings.parse({ host: 'smtp.example.cn', user: 'u', pass: 'p' }).port).toBe(465);
    expect(() => SmtpSettings.parse({ host: 'h', user: 'u' })).toThrow();
    let reads = 0;
    const mailer = createSmtpMailer({
      settings: async () => {
        reads++;
        // A port nothing listens on: the connection fails, which is transient.
        return SmtpSettings.parse({ host: '127.0.0.1', port: 1, user: 'u', pass: 'p' });
      },
    });
    const mail = { key: 'k', kind: 'ack', from: 'a@b.cn', to: ['c@d.cn'], subject: 's', text: 't' };
    await expect(mailer.send(mail)).rejects.toMatchObject({ name: 'Mail.TemporaryFailure' });
    await expect(mailer.send(mail)).rejects.toMatchObject({ name: 'Mail.TemporaryFailure' });
    expect(reads).toBe(1);
  });
});
