// The provisional calendar for a year whose official notice is not loaded. It must err EARLY: a deadline
// computed on it may never be later than the one the official schedule will give.
//  - statutory holidays (放假办法 art. 2) are certain days off;
//  - every other weekday is a working day (bridge days off only make the official deadline later);
//  - a weekend day is counted as a working day whenever it could plausibly become a make-up working day
//    (调休上班): when it lies within MAKEUP_WINDOW of a statutory holiday.
// MAKEUP_WINDOW comes from history: every make-up day in the notices 2004–2026 (as shipped by chinese-days)
// lies between 8 days before and 10 days after a statutory holiday of its year (extremes: 2023-04-23, eight
// days before 劳动节; 2024-05-11, ten days after it). The one exception, Sun 2015-09-06, belonged to the
// one-off 70th anniversary of the victory over fascism, which no rule can foresee. Records keep being broken
// (2023 and 2024 each widened the window by a day; leaving one year out, the rest missed exactly those two
// days), so the window adds a day of margin on each side. test/unit/calendar checks the window against every
// notice and that provisional deadlines are never later than official ones.
import { isWeekend, toDayNumber } from './dates.ts';
import { statutoryHolidays } from './statutory.ts';

/** The widest distances seen in the notices 2004–2026, in days before / after a statutory holiday. */
export const MAKEUP_HISTORY = { before: 8, after: 10 } as const;
export const MAKEUP_MARGIN_DAYS = 1;
export const MAKEUP_WINDOW = {
  before: MAKEUP_HISTORY.before + MAKEUP_MARGIN_DAYS,
  after: MAKEUP_HISTORY.after + MAKEUP_MARGIN_DAYS,
} as const;

const statutoryCache = new Map<number, ReadonlySet<number>>();
const plausibleCache = new Map<number, ReadonlySet<number>>();

/** Day numbers of the statutory holidays of a year. */
export function statutoryDayNumbers(year: number): ReadonlySet<number> {
  let set = statutoryCache.get(year);
  if (!set) {
    set = new Set(statutoryHolidays(year).map((h) => toDayNumber(h.date)));
    statutoryCache.set(year, set);
  }
  return set;
}

/**
 * Weekend days (day numbers) that the notice for `year` could plausibly turn into make-up working days. Around
 * 元旦 this reaches back into late December of the year before.
 */
export function plausibleMakeupDays(year: number): ReadonlySet<number> {
  let set = plausibleCache.get(year);
  if (!set) {
    const days = new Set<number>();
    for (const s of statutoryDayNumbers(year)) {
      for (let d = s - MAKEUP_WINDOW.before; d <= s + MAKEUP_WINDOW.after; d++) if (isWeekend(d)) days.add(d);
    }
    for (const s of statutoryDayNumbers(year)) days.delete(s);
    set = days;
    plausibleCache.set(year, set);
  }
  return set;
}
