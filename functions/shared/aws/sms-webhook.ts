// SmsSender over the company's own SMS gateway (the usual case in mainland China, and in the aws-cn partition where
// End User Messaging is not offered): a Standard-Webhooks-signed HTTPS POST (../webhook/signed-post.ts).
//   POST <url>  {"to": "+8613900000001", "text": "…", "kind": "verification_code", "requestId": "RF-…"}
//   headers webhook-id (= our idempotency key: the gateway drops a retried duplicate), webhook-timestamp,
//   webhook-signature; answer 2xx {"messageId": "…"}.
import type { OutgoingSms, SmsSender } from '../ports.ts';
import { signedPost } from '../webhook/signed-post.ts';

export interface SmsWebhookOptions {
  url: string;
  /** The shared signing secret (`whsec_…`), from Secrets Manager in a deployed stack (read on first send). */
  secret: string | (() => Promise<string>);
  timeoutMs?: number;
  now?: () => Date;
}

export function createSmsWebhook(options: SmsWebhookOptions): SmsSender {
  return {
    async send(sms: OutgoingSms) {
      const answer = await signedPost({
        url: options.url,
        secret: typeof options.secret === 'string' ? options.secret : await options.secret(),
        messageId: sms.key,
        body: { to: sms.to, text: sms.text, kind: sms.kind, ...(sms.requestId ? { requestId: sms.requestId } : {}) },
        ...(options.now ? { now: options.now() } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      });
      const id = answer['messageId'];
      // A gateway that accepted the message but gives no id: our key still identifies it in the evidence.
      return { messageId: typeof id === 'string' && id ? id : `gateway:${sms.key}` };
    },
  };
}
