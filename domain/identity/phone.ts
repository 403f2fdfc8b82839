// Mainland China mobile numbers: 11 digits 1[3-9]xxxxxxxxx, written with +86/0086, spaces, dashes or brackets.
import type { ParseResult } from './resident-id.ts';

export function normalizePhone(raw: string): string {
  let digits = raw.replace(/[\s\-().]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return digits;
}

export function parsePhone(raw: string): ParseResult<{ value: string }> {
  const value = normalizePhone(raw);
  if (!/^\d+$/.test(value)) return { ok: false, reason: 'a mobile number has digits only' };
  if (!/^1[3-9]\d{9}$/.test(value)) return { ok: false, reason: 'expected a mainland mobile number 1[3-9] + 9 digits' };
  return { ok: true, value };
}

/** A mainland mobile in E.164 (`+8613900000001`), as SMS providers take it; undefined when not a mainland mobile. */
export function toE164(raw: string): string | undefined {
  const p = parsePhone(raw);
  return p.ok ? `+86${p.value}` : undefined;
}
