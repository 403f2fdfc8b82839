// The working-day calendar of mainland China: official notices where loaded, the early-erring provisional
// calendar (provisional.ts) for years without one. Immutable; build a new one when schedules change.
import { fromDayNumber, isWeekend, toDayNumber, yearOf } from './dates.ts';
import type { YearSchedule } from './official.ts';
import { possibleMakeupDays } from './provisional.ts';
import { customaryDayNumbers, statutoryDayNumbers } from './rule-space.ts';

export type DayKind =
  | 'workday' // an ordinary Monday–Friday
  | 'weekend' // an ordinary Saturday/Sunday off
  | 'holiday' // a day off set by an official notice
  | 'makeup_workday' // a weekend day made a working day by an official notice (调休上班)
  | 'statutory_holiday' // provisional year: a holiday fixed by the 放假办法 itself
  | 'customary_holiday' // provisional year: a weekday every notice since 2008 gave off (春节 初四–初六, 国庆 4–5 Oct)
  | 'possible_makeup_workday'; // provisional: a weekend day that might become a make-up day, counted as working

export interface DayInfo {
  date: string;
  working: boolean;
  kind: DayKind;
  /** True when the answer depends on a year whose official notice is not loaded. */
  provisional: boolean;
  /** The schedule that decided the day, when an official one did. */
  source?: string;
}

export class WorkingCalendar {
  private readonly schedules = new Map<number, YearSchedule>();
  private readonly listed = new Map<number, { working: boolean; source: string }>();
  private readonly days = new Map<number, DayInfo>();

  /** Later schedules for the same year replace earlier ones, so pass chinese-days first, then the ops file. */
  constructor(schedules: Iterable<YearSchedule>) {
    for (const s of schedules) this.schedules.set(s.year, s);
    // Ascending years: a notice for year Y+1 that sets days in late December of Y wins over Y's own.
    for (const year of [...this.schedules.keys()].sort((a, b) => a - b)) {
      const s = this.schedules.get(year)!;
      for (const d of s.holidays) this.listed.set(toDayNumber(d), { working: false, source: s.source });
      for (const d of s.workdays) this.listed.set(toDayNumber(d), { working: true, source: s.source });
    }
  }

  isOfficialYear(year: number): boolean {
    return this.schedules.has(year);
  }

  officialYears(): number[] {
    return [...this.schedules.keys()].sort((a, b) => a - b);
  }

  scheduleFor(year: number): YearSchedule | undefined {
    return this.schedules.get(year);
  }

  /** Years in [fromYear, toYear] without an official schedule: operations must load their notice. */
  provisionalYears(fromYear: number, toYear: number): number[] {
    const out: number[] = [];
    for (let y = fromYear; y <= toYear; y++) if (!this.isOfficialYear(y)) out.push(y);
    return out;
  }

  day(date: string): DayInfo {
    return this.dayByNumber(toDayNumber(date));
  }

  isWorkingDay(date: string): boolean {
    return this.dayByNumber(toDayNumber(date)).working;
  }

  /** Day-number form for the arithmetic in deadline.ts. */
  dayByNumber(n: number): DayInfo {
    let info = this.days.get(n);
    if (!info) {
      info = this.classify(n);
      this.days.set(n, info);
    }
    return info;
  }

  private classify(n: number): DayInfo {
    const date = fromDayNumber(n);
    const listed = this.listed.get(n);
    if (listed) {
      const kind = listed.working ? (isWeekend(n) ? 'makeup_workday' : 'workday') : 'holiday';
      return { date, working: listed.working, kind, provisional: false, source: listed.source };
    }
    const year = yearOf(n);
    const official = this.isOfficialYear(year);
    if (!official && statutoryDayNumbers(year).has(n)) {
      return { date, working: false, kind: 'statutory_holiday', provisional: true };
    }
    if (!official && customaryDayNumbers(year).has(n)) {
      return { date, working: false, kind: 'customary_holiday', provisional: true };
    }
    if (!isWeekend(n)) return { date, working: true, kind: 'workday', provisional: !official };
    // A weekend day: off, unless a notice not yet loaded (its own year's, or next year's around 元旦) may
    // make it a make-up working day.
    for (const y of [year - 1, year, year + 1]) {
      if (!this.isOfficialYear(y) && possibleMakeupDays(y).has(n)) {
        return { date, working: true, kind: 'possible_makeup_workday', provisional: true };
      }
    }
    return { date, working: false, kind: 'weekend', provisional: !official };
  }
}
