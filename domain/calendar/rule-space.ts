// What an official yearly schedule (国务院办公厅 notice) can look like: the space of schedules the provisional
// calendar (provisional.ts) must never be later than. A schedule in the space, for one festival group:
//  - the statutory days (放假办法 art. 2) are off, and so are the customary days every notice since 2008 gave
//    (春节 初一 to 初六, 国庆 1 to 5 October);
//  - a few more ordinary weekdays next to them may be off (the 补假 for a statutory day on a weekend, art. 6, and
//    the days swapped into the break, 调休, art. 7); the days off form one break with the weekend days between;
//  - each swapped day is paid back by one make-up working day on a weekend (调休上班): at most
//    (weekdays added) − (补假 owed);
//  - a make-up day lies in a run of working days that touches the break, at least two days long (never a lone
//    working day between days off) and at most `maxRunDays` long: art. 7 of the 2024 revision ("除个别特殊情形外，
//    法定节假日假期前后连续工作一般不超过6天"); before it, the longest such run the notices gave.
// The caps are the extremes of the notices 2008–2026 as chinese-days ships them (test/unit/calendar checks that
// every one of those notices lies in the space and that the caps are the historical extremes). The one notice
// outside it, Sun 2015-09-06, served the one-off 70th anniversary holiday (a 个别特殊情形 no rule foresees).
// Hand-written: no library models the notices' pattern; chinese-days only carries the published years.
import { addDays, isWeekend, toDayNumber } from './dates.ts';
import { type Festival, springFestivalEve, statutoryHolidays, statutoryRevision } from './statutory.ts';

export interface FestivalRule {
  /** Most ordinary weekdays (customary, 补假 and swapped) any notice since 2008 added to this festival's break. */
  maxExtraWeekdays: number;
  /**
   * How far the break may reach before the statutory days: `cap` (as far as maxExtraWeekdays allows) or `eve`
   * (春节: no notice since 2008 took a weekday off before 除夕; from 2014 to 2024 除夕 itself was no statutory day).
   */
  before: 'cap' | 'eve';
}

export const FESTIVAL_RULES: Record<Festival, FestivalRule> = {
  new_year: { maxExtraWeekdays: 2, before: 'cap' },
  spring_festival: { maxExtraWeekdays: 4, before: 'eve' },
  qingming: { maxExtraWeekdays: 2, before: 'cap' },
  labour_day: { maxExtraWeekdays: 3, before: 'cap' },
  dragon_boat: { maxExtraWeekdays: 2, before: 'cap' },
  mid_autumn: { maxExtraWeekdays: 2, before: 'cap' },
  national_day: { maxExtraWeekdays: 4, before: 'cap' },
};

/**
 * Days every notice since 2008 gave off beside the statutory ones: 春节 初一 to 初六 (the week-long break), 国庆
 * 1 to 5 October. Off in every schedule of the space, so off on the provisional calendar too.
 */
export function customaryDays(year: number, festival: Festival): string[] {
  if (festival === 'spring_festival') {
    const first = addDays(springFestivalEve(year), 1);
    return [0, 1, 2, 3, 4, 5].map((i) => addDays(first, i));
  }
  if (festival === 'national_day') return [1, 2, 3, 4, 5].map((d) => `${year}-10-0${d}`);
  return [];
}

/** Festivals whose breaks can meet (中秋 can fall inside or next to 国庆) are arranged together. */
export const FESTIVAL_GROUPS: readonly (readonly Festival[])[] = [
  ['new_year'],
  ['spring_festival'],
  ['qingming'],
  ['labour_day'],
  ['dragon_boat'],
  ['mid_autumn', 'national_day'],
];

export interface RunRule {
  maxRunDays: number;
  /** Where the limit comes from. */
  source: string;
}

/** No notice since 2008 made a make-up day a lone working day between days off. */
export const MIN_RUN_DAYS = 2;

/** Per revision of the 放假办法 in force for the year. */
export const RUN_RULES: Record<ReturnType<typeof statutoryRevision>, RunRule> = {
  '2024': { maxRunDays: 6, source: '全国年节及纪念日放假办法（2024年修订）第七条' },
  '2013': {
    maxRunDays: 7,
    source: 'notices 2014–2024: longest run holding a make-up day, 7 days (e.g. 2023-01-28..02-03)',
  },
  '2007': { maxRunDays: 9, source: 'notices 2008–2013: longest run holding a make-up day, 9 days (2008-01-28..02-05)' },
  // Before 2008 the calendar is official in every year rightsflow can meet; the widest rule is kept for safety.
  '1999': { maxRunDays: 9, source: 'not validated before 2008; the widest rule' },
};

/** One way a notice can arrange one festival group: the days off and how many make-up days it pays back. */
export interface Arrangement {
  year: number;
  festivals: readonly Festival[];
  /** Statutory days and added weekdays (day numbers); weekends between them are off too. */
  off: ReadonlySet<number>;
  /** Make-up days it may set: added weekdays minus the 补假 owed for statutory days on a weekend. */
  swaps: number;
  /** Each festival's break [first, last] day: one stretch of days off, no make-up day inside. */
  breaks: readonly (readonly [number, number])[];
  first: number;
  last: number;
}

const statutoryCache = new Map<number, ReadonlySet<number>>();

/** Day numbers of the statutory holidays of a year. */
export function statutoryDayNumbers(year: number): ReadonlySet<number> {
  let set = statutoryCache.get(year);
  if (!set) {
    set = new Set(statutoryHolidays(year).map((h) => toDayNumber(h.date)));
    statutoryCache.set(year, set);
  }
  return set;
}

/** The `count` weekdays next to `from`, walking in `dir` over weekends and days certainly off. */
function weekdaysBeside(from: number, dir: 1 | -1, count: number, certain: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (let d = from + dir; out.length < count; d += dir) if (!isWeekend(d) && !certain.has(d)) out.push(d);
  return out;
}

/**
 * Each festival's own ways to extend its break: the customary weekdays, then `before` and `after` more weekdays,
 * within its cap. `days`: the statutory days (补假 is owed for those on a weekend).
 */
function extensions(year: number, festival: Festival, certain: ReadonlySet<number>) {
  const days = statutoryHolidays(year)
    .filter((h) => h.festival === festival)
    .map((h) => toDayNumber(h.date));
  const customary = customaryDays(year, festival)
    .map(toDayNumber)
    .filter((d) => !isWeekend(d) && !days.includes(d));
  // Under the 1999 revision 清明, 端午 and 中秋 were no holidays: nothing to arrange.
  if (days.length === 0) return [];
  const rule = FESTIVAL_RULES[festival];
  const core = [...days, ...customary];
  const first = Math.min(...core);
  const last = Math.max(...core);
  const earliest = rule.before === 'eve' ? toDayNumber(springFestivalEve(year)) : Number.NEGATIVE_INFINITY;
  const out: { days: number[]; added: number[] }[] = [];
  const room = rule.maxExtraWeekdays - customary.length;
  for (let before = 0; before <= room; before++) {
    const ahead = weekdaysBeside(first, -1, before, certain);
    if (ahead.some((d) => d < earliest)) break;
    for (let after = 0; before + after <= room; after++)
      out.push({ days, added: [...customary, ...ahead, ...weekdaysBeside(last, 1, after, certain)] });
  }
  return out;
}

/** Every arrangement of a festival group in a year (the product of its festivals' extensions). */
export function arrangements(year: number, festivals: readonly Festival[]): Arrangement[] {
  const certain = certainDaysOff(year);
  type Partial = { days: number[]; added: number[]; breaks: (readonly [number, number])[] };
  let partial: Partial[] = [{ days: [], added: [], breaks: [] }];
  for (const f of festivals) {
    const next: Partial[] = [];
    const own = extensions(year, f, certain);
    if (own.length === 0) continue;
    for (const p of partial)
      for (const e of own) {
        const span = [...e.days, ...e.added];
        next.push({
          days: [...p.days, ...e.days],
          added: [...p.added, ...e.added],
          breaks: [...p.breaks, [Math.min(...span), Math.max(...span)] as const],
        });
      }
    partial = next;
  }
  const seen = new Set<string>();
  const out: Arrangement[] = [];
  for (const p of partial) {
    const days = [...new Set(p.days)];
    if (days.length === 0) continue;
    // A festival's customary day may be another's statutory day (中秋 on 4 October): owed, not added.
    const added = [...new Set(p.added)].filter((d) => !days.includes(d));
    const off = new Set([...days, ...added]);
    const key = [...off].sort((a, b) => a - b).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    const owed = days.filter(isWeekend).length;
    out.push({
      year,
      festivals,
      off,
      swaps: Math.max(0, added.length - owed),
      breaks: p.breaks,
      first: Math.min(...off),
      last: Math.max(...off),
    });
  }
  return out;
}

/** Whether `d` lies within one festival's break (a weekend day there stays off). */
function insideBreak(d: number, a: Arrangement): boolean {
  return a.breaks.some(([first, last]) => d > first && d < last);
}

/** Whether day `d`, off, belongs to the arrangement's break: it is in `off`, or reaches it over weekend days. */
function inBreak(d: number, dir: 1 | -1, a: Arrangement): boolean {
  let day = d;
  while (!a.off.has(day) && isWeekend(day)) day += dir;
  return a.off.has(day);
}

/**
 * Whether weekend day `d` can be a make-up day of arrangement `a`: some run [lo, hi] of working days holds it,
 * touches the break, is MIN_RUN_DAYS..maxRunDays long, is bounded by days off on both sides, and needs no more
 * make-up days (its weekend days) than the arrangement pays back. `certainOff`: days off in every schedule
 * (statutory days of the years around).
 */
export function canBeMakeup(d: number, a: Arrangement, rule: RunRule, certainOff: ReadonlySet<number>): boolean {
  if (!isWeekend(d) || a.off.has(d) || certainOff.has(d) || a.swaps < 1 || insideBreak(d, a)) return false;
  const max = rule.maxRunDays;
  for (let lo = d - max + 1; lo <= d; lo++) {
    for (let hi = Math.max(d, lo + MIN_RUN_DAYS - 1); hi <= lo + max - 1; hi++) {
      let makeups = 0;
      let ok = true;
      for (let x = lo; x <= hi && ok; x++) {
        if (a.off.has(x) || certainOff.has(x) || insideBreak(x, a)) ok = false;
        else if (isWeekend(x)) makeups++;
      }
      if (!ok || makeups > a.swaps) continue;
      // Days off on both sides: the break, a statutory day, or an ordinary weekend day.
      const bounded = (x: number) => a.off.has(x) || certainOff.has(x) || isWeekend(x);
      if (!bounded(lo - 1) || !bounded(hi + 1)) continue;
      if (inBreak(lo - 1, -1, a) || inBreak(hi + 1, 1, a)) return true;
    }
  }
  return false;
}

const certainCache = new Map<number, ReadonlySet<number>>();

/** Customary days off (customaryDays) of a year, weekend days among them included, as day numbers. */
export function customaryDayNumbers(year: number): ReadonlySet<number> {
  return new Set(
    FESTIVAL_GROUPS.flat()
      .flatMap((f) => customaryDays(year, f))
      .map(toDayNumber),
  );
}

/** Statutory and customary days of the year and its neighbours: off in every schedule of the space. */
export function certainDaysOff(year: number): ReadonlySet<number> {
  let set = certainCache.get(year);
  if (!set) {
    set = new Set([year - 1, year, year + 1].flatMap((y) => [...statutoryDayNumbers(y), ...customaryDayNumbers(y)]));
    certainCache.set(year, set);
  }
  return set;
}

/** The rule for a year: art. 7 of the 2024 revision from 2025 on, the historical extremes before. */
export function runRuleFor(year: number): RunRule {
  return RUN_RULES[statutoryRevision(year)];
}

/** Weekend days near an arrangement that a make-up day could fall on. */
export function makeupCandidates(a: Arrangement, rule: RunRule): number[] {
  const out: number[] = [];
  for (let d = a.first - rule.maxRunDays - 2; d <= a.last + rule.maxRunDays + 2; d++)
    if (isWeekend(d) && !a.off.has(d) && !insideBreak(d, a)) out.push(d);
  return out;
}
