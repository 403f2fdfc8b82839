// Mailer over SMTP (nodemailer), for stages without SES: AWS China (aws-cn has no SES) sends through the
// company's own relay or a mainland mail service. Credentials live in Secrets Manager (rightsflow:smtpSecret), read
// once per container. The message carries the same headers as the SES one (threading, X-Rightsflow-*), so bounces
// and the evidence report read it the same way.
import type { Transporter } from 'nodemailer';
import * as z from 'zod';
import { parseMailbox } from '../mail/address.ts';
import type { Mailer, OutgoingMail } from '../ports.ts';

/** The secret's JSON: where the relay is and how to log in. TLS is required (STARTTLS on 587, implicit on 465). */
export const SmtpSettings = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().positive().default(465),
  /** true: TLS from the start (465); false: STARTTLS, required. */
  secure: z.boolean().optional(),
  user: z.string().min(1),
  pass: z.string().min(1),
});
export type SmtpSettings = z.infer<typeof SmtpSettings>;

/** SMTP replies: 4xx is "try again later", 5xx is final; network errors are transient too. */
export function smtpError(err: unknown): Error {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const out = new Error(`SMTP relay: ${e.message ?? String(err)}`, { cause: err });
  const transient =
    (e.responseCode !== undefined && e.responseCode >= 400 && e.responseCode < 500) ||
    ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET'].includes(e.code ?? '');
  out.name = transient ? 'Mail.TemporaryFailure' : 'Mail.Rejected';
  return out;
}

export function createSmtpMailer(options: {
  settings: () => Promise<SmtpSettings>;
  senderName?: string;
  /** Tests: a transport instead of one built from the settings. */
  transport?: Transporter;
}): Mailer {
  let transport: Promise<Transporter> | undefined;
  const transporter = () => {
    if (options.transport) return Promise.resolve(options.transport);
    transport ??= (async () => {
      const s = await options.settings();
      const nodemailer = await import('nodemailer');
      return nodemailer.createTransport({
        host: s.host,
        port: s.port,
        secure: s.secure ?? s.port === 465,
        requireTLS: true,
        auth: { user: s.user, pass: s.pass },
        connectionTimeout: 10_000,
        socketTimeout: 20_000,
      });
    })().catch((err: unknown) => {
      transport = undefined;
      throw err;
    });
    return transport;
  };
  return {
    async send(mail: OutgoingMail) {
      const from = parseMailbox(mail.from);
      const name = from.name ?? options.senderName;
      const headers: Record<string, string> = { 'X-Rightsflow-Kind': mail.kind };
      if (mail.requestId) headers['X-Rightsflow-Request'] = mail.requestId;
      try {
        const info = await (await transporter()).sendMail({
          // nodemailer encodes a non-ASCII display name (RFC 2047) itself.
          from: name ? { name, address: from.address } : from.address,
          to: mail.to,
          ...(mail.cc?.length ? { cc: mail.cc } : {}),
          subject: mail.subject,
          text: mail.text,
          ...(mail.html ? { html: mail.html } : {}),
          ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
          ...(mail.references?.length ? { references: mail.references } : {}),
          headers,
        });
        return { messageId: String(info.messageId) };
      } catch (err) {
        throw smtpError(err);
      }
    },
  };
}
