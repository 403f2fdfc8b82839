// Masks for display and logs: enough left to recognise a value, never the middle digits.
import { normalizeBankCard } from './bank-card.ts';
import { normalizePhone } from './phone.ts';
import { normalizeResidentId } from './resident-id.ts';

const stars = (n: number) => '*'.repeat(Math.max(n, 0));

/** `330106199001011234` → `330106********1234` (region kept, birth date and sequence hidden). */
export function maskIdNumber(raw: string): string {
  const v = normalizeResidentId(raw);
  if (v.length < 10) return stars(v.length);
  return v.slice(0, 6) + stars(v.length - 10) + v.slice(-4);
}

/** `13812345678` → `138****5678`. */
export function maskPhone(raw: string): string {
  const v = normalizePhone(raw);
  if (v.length < 8) return stars(v.length);
  return v.slice(0, 3) + stars(v.length - 7) + v.slice(-4);
}

/** `6222021234567890123` → `6222 **** **** 0123`: first 4 and last 4 only, whatever the length. */
export function maskBankCard(raw: string): string {
  const v = normalizeBankCard(raw);
  if (v.length < 12) return stars(v.length);
  return `${v.slice(0, 4)} **** **** ${v.slice(-4)}`;
}

/** `zhang.san@Example.com` → `z***@example.com`. */
export function maskEmail(raw: string): string {
  const v = raw.trim();
  const at = v.lastIndexOf('@');
  if (at < 1) return '***';
  return `${v[0]}***@${v.slice(at + 1).toLowerCase()}`;
}

const HAN = /\p{Script=Han}/u;

/**
 * `张三` → `张*`, `欧阳娜娜` → `欧***`; `John Smith` → `J*** S***`, `Li Yanshi` → `L*** Y***`, `Madonna` → `M***`.
 * Every word of a Latin name keeps only its initial: in a pinyin name the family name comes first, so keeping any
 * whole word would show half the name (newcomer review D11).
 */
export function maskName(raw: string): string {
  const v = raw.trim();
  if (v.length === 0) return '';
  const chars = [...v];
  if (HAN.test(chars[0]!)) return chars[0]! + stars(Math.max(chars.length - 1, 1));
  return v
    .split(/\s+/)
    .map((w) => `${[...w][0]}***`)
    .join(' ');
}
