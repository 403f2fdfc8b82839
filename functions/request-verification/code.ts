// One-time codes: derived from the salt, the request and the round, so a re-drive after a crash re-sends the same
// code rather than minting one the person never saw; only a keyed hash is stored.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { toE164 } from '../../domain/identity/index.ts';

export function deriveCode(salt: string, requestId: string, round: number, length: number): string {
  const mac = createHmac('sha256', salt).update(`rightsflow:otp:${requestId}:${round}`).digest();
  const n = mac.readUInt32BE(0) * 2 ** 16 + mac.readUInt16BE(4);
  return String(n % 10 ** length).padStart(length, '0');
}

export function hashCode(salt: string, requestId: string, code: string): string {
  return createHmac('sha256', salt).update(`rightsflow:otp-hash:${requestId}:${code}`).digest('hex');
}

export function codeMatches(salt: string, requestId: string, code: string, storedHash: string): boolean {
  const a = Buffer.from(hashCode(salt, requestId, code.trim()), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A keyed hash of a phone number (rate-limit buckets and SMS reply routes carry no number in clear). */
export function phoneHash(salt: string, phone: string): string {
  const e164 = toE164(phone) ?? phone.replace(/\s/g, '');
  return createHmac('sha256', salt).update(`rightsflow:phone:${e164}`).digest('hex').slice(0, 32);
}
