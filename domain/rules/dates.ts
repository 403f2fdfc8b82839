// Calendar-date arithmetic for retention periods (whole years on YYYY-MM-DD strings, Shanghai dates).
import { isRealDate } from '../identity/shanghai-date.ts';

/** `date` + `years`; 29 Feb lands on 1 Mar in a common year (the later day: a hold never ends early). */
export function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const candidate = `${String(y).padStart(4, '0')}${date.slice(4)}`;
  return isRealDate(candidate) ? candidate : `${String(y).padStart(4, '0')}-03-01`;
}

/** 31 Dec of (the date's year + `years`). */
export function endOfYearPlus(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) + years}-12-31`;
}

/** `date` + `days` calendar days. */
export function addCalendarDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
