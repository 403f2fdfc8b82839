// The fingerprint of an intake body kept with its Idempotency-Key: an HMAC (keyed with the subject-hash salt), so
// the stored value reveals nothing of the identifiers in the body, over a canonical JSON (sorted keys), so the
// same content in another key order is the same body.
import { createHmac } from 'node:crypto';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

export function bodyFingerprint(body: unknown, secret: string): string {
  return createHmac('sha256', secret)
    .update('rightsflow:idempotency-body:v1')
    .update(JSON.stringify(canonical(body)))
    .digest('base64url');
}
