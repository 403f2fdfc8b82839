// Statutory public holidays (全体公民放假的节日) of 全国年节及纪念日放假办法, art. 2, per revision. These are the
// days off that the law itself fixes, whatever the yearly 国务院办公厅 notice arranges around them.
// Lunar dates and the 清明 solar term come from chinese-days.
import chineseDays from 'chinese-days';
import { addDays, fromDayNumber, toDayNumber } from './dates.ts';

export const FESTIVALS = {
  new_year: { zh: '元旦', en: "New Year's Day" },
  spring_festival: { zh: '春节', en: 'Spring Festival' },
  qingming: { zh: '清明节', en: 'Qingming Festival' },
  labour_day: { zh: '劳动节', en: 'Labour Day' },
  dragon_boat: { zh: '端午节', en: 'Dragon Boat Festival' },
  mid_autumn: { zh: '中秋节', en: 'Mid-Autumn Festival' },
  national_day: { zh: '国庆节', en: 'National Day' },
} as const;
export type Festival = keyof typeof FESTIVALS;

export interface StatutoryHoliday {
  date: string;
  festival: Festival;
}

/** Which revision of the 放假办法 governs a year (each took effect on 1 January of the year named). */
export function statutoryRevision(year: number): '1999' | '2007' | '2013' | '2024' {
  if (year >= 2025) return '2024';
  if (year >= 2014) return '2013';
  if (year >= 2008) return '2007';
  return '1999';
}

// chinese-days reads a 'YYYY-MM-DD' string as UTC but formats in local time, which shifts results by a day in
// zones west of UTC. A local Date in, local string out is consistent in every zone.
function lunarToSolar(year: number, month: number, day: number): string {
  return chineseDays.getSolarDateFromLunar(new Date(year, month - 1, day)).date;
}

function qingmingDay(year: number): string {
  const reported = chineseDays.getSolarTermDate(year, 4, 'pure_brightness');
  // The library formats UTC midnight of the true day in local time: undo that, whatever the process zone.
  for (const candidate of [reported, addDays(reported, 1)]) {
    const local = new Date(toDayNumber(candidate) * 86_400_000);
    const shown = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
    if (shown === reported) return candidate;
  }
  return reported;
}

/** 除夕, the last day of the lunar year before the Spring Festival of `year` (12/29 or 12/30). */
export function springFestivalEve(year: number): string {
  return addDays(lunarToSolar(year, 1, 1), -1);
}

const cache = new Map<number, readonly StatutoryHoliday[]>();

/** Lunar arithmetic in chinese-days covers 1900–2100; the calendar needs no more than this. */
export const STATUTORY_YEARS = { from: 1901, to: 2099 } as const;

/** The statutory holidays of a Gregorian year, in date order. */
export function statutoryHolidays(year: number): readonly StatutoryHoliday[] {
  const hit = cache.get(year);
  if (hit) return hit;
  if (!Number.isInteger(year) || year < STATUTORY_YEARS.from || year > STATUTORY_YEARS.to) {
    throw new RangeError(`no statutory holiday rules for year ${year}`);
  }
  const revision = statutoryRevision(year);
  const days: StatutoryHoliday[] = [];
  const add = (festival: Festival, first: string, count = 1) => {
    const start = toDayNumber(first);
    for (let i = 0; i < count; i++) days.push({ date: fromDayNumber(start + i), festival });
  };
  const y = String(year);
  const lunarNewYear = lunarToSolar(year, 1, 1);
  const eve = springFestivalEve(year);

  add('new_year', `${y}-01-01`);
  if (revision === '2024')
    add('spring_festival', eve, 4); // 除夕 + 初一至初三
  else if (revision === '2007')
    add('spring_festival', eve, 3); // 除夕、初一、初二
  else add('spring_festival', lunarNewYear, 3); // 初一至初三
  if (revision !== '1999') add('qingming', qingmingDay(year));
  add('labour_day', `${y}-05-01`, revision === '2024' ? 2 : revision === '1999' ? 3 : 1);
  if (revision !== '1999') {
    add('dragon_boat', lunarToSolar(year, 5, 5));
    add('mid_autumn', lunarToSolar(year, 8, 15));
  }
  add('national_day', `${y}-10-01`, 3);

  days.sort((a, b) => a.date.localeCompare(b.date));
  cache.set(year, days);
  return days;
}
