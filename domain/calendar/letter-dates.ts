// Dates as letters, notices and digests print them: 2026年12月16日 / 16 December 2026. One definition for the reply
// engine's `zh_date`/`en_date` filters, the sweep's escalation digest and the notes letters carry (erasure-notes,
// restriction-notes), which print the day something happened from its instant.
import { shanghaiDate } from '../identity/shanghai-date.ts';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Year, month, day of a `YYYY-MM-DD…` value; anything else is an error (a letter must not print a wrong date). */
function ymdParts(value: unknown): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
  if (!m) throw new Error(`not a date: ${JSON.stringify(value)}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** `2026-12-16` → `2026年12月16日`. */
export function zhDate(ymd: unknown): string {
  const [y, m, d] = ymdParts(ymd);
  return `${y}年${m}月${d}日`;
}

/** `2026-12-16` → `16 December 2026`. */
export function enDate(ymd: unknown): string {
  const [y, m, d] = ymdParts(ymd);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** The day an instant falls on in Shanghai, as a letter prints it: `2026-11-29T17:30:00Z` → `2026年11月30日`. */
export const zhDayOf = (instant: string): string => zhDate(shanghaiDate(new Date(instant)));

/** The same in English: `2026-11-29T17:30:00Z` → `30 November 2026`. */
export const enDayOf = (instant: string): string => enDate(shanghaiDate(new Date(instant)));
