// Signed webhooks, in and out, in the Standard Webhooks format (standardwebhooks.com: `webhook-id`,
// `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>` over `id.timestamp.body`, secrets `whsec_…`). A
// published format with libraries in every language, so a bank or an SMS gateway can verify what we send and sign what
// they send us without reading our code; the `standardwebhooks` package (Svix) implements it.
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export interface SignedPostOptions {
  url: string;
  /** The shared secret, `whsec_<base64>` (or the raw base64). */
  secret: string;
  /** Idempotency: the receiver sees the same `webhook-id` on a retry and can drop the duplicate. */
  messageId: string;
  body: unknown;
  now?: Date;
  timeoutMs?: number;
}

export class WebhookDeliveryError extends Error {
  override name = 'Webhook.DeliveryFailed';
}

/** Only HTTPS leaves the machine; plain HTTP is allowed to loopback addresses (tests, a local gateway stand-in). */
export function assertSecureUrl(url: string): void {
  const u = new URL(url);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback))
    throw new Error(`a signed webhook must use https (got ${u.protocol}//${u.hostname})`);
}

/** POSTs `body` as JSON, signed; resolves with the receiver's JSON answer (or `{}`), throws on any non-2xx. */
export async function signedPost(options: SignedPostOptions): Promise<Record<string, unknown>> {
  assertSecureUrl(options.url);
  const payload = JSON.stringify(options.body);
  const now = options.now ?? new Date();
  const signature = new Webhook(options.secret).sign(options.messageId, now, payload);
  const res = await fetch(options.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': options.messageId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body: payload,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  // The receiver's body is not echoed: it may quote what we sent.
  if (!res.ok) throw new WebhookDeliveryError(`webhook answered HTTP ${res.status}`);
  if (!text.trim()) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Verifies a signed request we received (e.g. an SMS gateway forwarding a reply); returns the parsed JSON body, or
 * undefined when the signature, the timestamp (±5 minutes) or the headers are wrong.
 */
export function verifySignedBody(secret: string, rawBody: string, headers: Record<string, string>): unknown {
  try {
    return new Webhook(secret).verify(rawBody, headers);
  } catch (err) {
    if (err instanceof WebhookVerificationError) return undefined;
    throw err;
  }
}
