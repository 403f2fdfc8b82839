// Signed tokens for partners' acknowledgement links (`POST /partner-ack/{token}`): the token names the request
// and the partner, and an HMAC proves we issued it. No expiry: a late acknowledgement is still evidence.
import { createHmac, timingSafeEqual } from 'node:crypto';

function key(secret: string): Buffer {
  return createHmac('sha256', secret).update('rightsflow:partner-ack-token:v1').digest();
}

export function signAckToken(secret: string, requestId: string, partnerId: string): string {
  const payload = Buffer.from(JSON.stringify({ r: requestId, p: partnerId })).toString('base64url');
  const sig = createHmac('sha256', key(secret)).update(payload).digest('base64url');
  return `${payload}.${sig}`;
}

/** The request and partner a token names, or undefined when it is malformed or its signature is wrong. */
export function verifyAckToken(secret: string, token: string): { requestId: string; partnerId: string } | undefined {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return undefined;
  const expected = createHmac('sha256', key(secret)).update(payload).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  // Only the canonical spelling: base64url's last character carries spare bits that decoding ignores, so another
  // character there would otherwise name the same signature (one link, several accepted forms).
  if (given.toString('base64url') !== sig) return undefined;
  try {
    const v = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { r?: unknown; p?: unknown };
    return typeof v.r === 'string' && typeof v.p === 'string' ? { requestId: v.r, partnerId: v.p } : undefined;
  } catch {
    return undefined;
  }
}
