// Resident identity card numbers (居民身份证号码), GB 11643-1999: 6-digit region code, 8-digit birth date,
// 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character (0-9 or X).
import { isRealDate, shanghaiDate } from './shanghai-date.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
/** Province-level codes of GB/T 2260 (incl. 71 Taiwan, 81/82 Hong Kong/Macao, 83 for HK/MO/TW residence permits). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82, 83,
]);

export type ParseResult<T> = ({ ok: true } & T) | { ok: false; reason: string };

export interface ResidentId {
  /** 18 characters, upper-case X. */
  value: string;
  regionCode: string;
  birthDate: string;
  sex: 'male' | 'female';
}

/** The check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export function normalizeResidentId(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

export function parseResidentId(raw: string, now: Date = new Date()): ParseResult<ResidentId> {
  const value = normalizeResidentId(raw);
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, reason: 'expected 17 digits and a digit or X' };
  if (!PROVINCES.has(Number(value.slice(0, 2)))) return { ok: false, reason: 'unknown province code' };
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isRealDate(birthDate) || birthDate < '1890-01-01') return { ok: false, reason: 'invalid birth date' };
  if (birthDate > shanghaiDate(now)) return { ok: false, reason: 'birth date in the future' };
  if (residentIdCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, reason: 'checksum mismatch' };
  return {
    ok: true,
    value,
    regionCode: value.slice(0, 6),
    birthDate,
    sex: Number(value[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** Whole years of age on the Shanghai calendar date of `at` (a 29 Feb birthday counts on 1 Mar in other years). */
export function ageAt(birthDate: string, at: Date): number {
  const today = shanghaiDate(at);
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

/** Policy §5 / PIPL art. 31: a child is under 14 (the age comes from policy settings `minorAge`). */
export function isUnder14(birthDate: string, at: Date, minorAge = 14): boolean {
  return ageAt(birthDate, at) < minorAge;
}
