// Bank card numbers (12-19 digits, Luhn check). Only the last 4 are ever stored in clear.
import type { ParseResult } from './resident-id.ts';

export function normalizeBankCard(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The digit that makes `withoutCheck` + digit Luhn-valid (for generating fake cards, never for checking them). */
export function luhnCheckDigit(withoutCheck: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${withoutCheck}${d}`)) return String(d);
  throw new Error('luhnCheckDigit needs digits only');
}

export function parseBankCard(raw: string): ParseResult<{ value: string; last4: string }> {
  const value = normalizeBankCard(raw);
  if (!/^\d{12,19}$/.test(value)) return { ok: false, reason: 'expected 12 to 19 digits' };
  if (!luhnValid(value)) return { ok: false, reason: 'checksum (Luhn) mismatch' };
  return { ok: true, value, last4: value.slice(-4) };
}
