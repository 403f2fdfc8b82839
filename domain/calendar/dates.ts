// Calendar days of mainland China. China keeps one time zone, UTC+08:00, with no daylight saving since 1991,
// so plain arithmetic is exact and no time-zone database is needed.
// Days are handled as 'YYYY-MM-DD' strings at the edges and as day numbers (days since 1970-01-01) inside.

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must carry its offset: a bare local time would be silently read in the server's zone.
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

export class InvalidDateError extends RangeError {
  override name = 'InvalidDate';
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

/** 'YYYY-MM-DD' → day number; throws InvalidDateError on anything else (e.g. 2026-13-01, 2026-02-30). */
export function toDayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new InvalidDateError(`"${date}" is not a date in the form YYYY-MM-DD`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isRealDate(year, month, day)) throw new InvalidDateError(`"${date}" is not a real calendar date`);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function isDateString(value: string): boolean {
  try {
    toDayNumber(value);
    return true;
  } catch {
    return false;
  }
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isWeekend(n: number): boolean {
  const w = weekdayOf(n);
  return w === 0 || w === 6;
}

export function yearOf(n: number): number {
  return new Date(n * DAY_MS).getUTCFullYear();
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * The Asia/Shanghai calendar day of an instant. A plain 'YYYY-MM-DD' is taken as that Shanghai day; a string
 * with a time must carry 'Z' or an offset (2026-11-23T17:00Z is already 2026-11-24 in Shanghai).
 */
export function shanghaiDate(instant: Date | string): string {
  let ms: number;
  if (instant instanceof Date) {
    ms = instant.getTime();
    if (Number.isNaN(ms)) throw new InvalidDateError('invalid Date object');
  } else {
    const text = instant.trim();
    if (DATE_RE.test(text)) {
      toDayNumber(text);
      return text;
    }
    const m = INSTANT_RE.exec(text);
    if (!m) {
      throw new InvalidDateError(
        `"${instant}" is neither a date (YYYY-MM-DD) nor an ISO time with Z or an offset (2026-11-23T17:00:00Z)`,
      );
    }
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map((x) => Number(x ?? 0)) as number[];
    if (!isRealDate(year!, month!, day!) || hour! > 23 || minute! > 59 || second! > 59) {
      throw new InvalidDateError(`"${instant}" is not a real date and time`);
    }
    ms = Date.parse(text);
    if (Number.isNaN(ms)) throw new InvalidDateError(`"${instant}" is not a valid ISO time`);
  }
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a Shanghai day (23:59:59.999+08:00) as a UTC ISO instant: sorts correctly as a string. */
export function endOfShanghaiDay(date: string): string {
  return new Date((toDayNumber(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1).toISOString();
}
