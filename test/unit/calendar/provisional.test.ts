// The provisional calendar must never make a deadline later than the official notice will. Proved here against
// every notice chinese-days ships: the rule space covers each of them, and each year in turn is pretended unknown.
import { execFileSync } from 'node:child_process';
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, isWeekend, toDayNumber } from '../../../domain/calendar/dates.ts';
import { chineseDaysSchedules } from '../../../domain/calendar/files.ts';
import {
  computeDeadline,
  possibleMakeupDays,
  statutoryHolidays,
  WorkingCalendar,
  workingDaysBetween,
} from '../../../domain/calendar/index.ts';
import {
  customaryDays,
  FESTIVAL_RULES,
  MIN_RUN_DAYS,
  RUN_RULES,
  statutoryDayNumbers,
} from '../../../domain/calendar/rule-space.ts';
import { type Festival, springFestivalEve, statutoryRevision } from '../../../domain/calendar/statutory.ts';

const schedules = chineseDaysSchedules();
const official = new WorkingCalendar(schedules);
const years = schedules.map((s) => s.year);
const since2008 = years.filter((y) => y >= 2008);
const names = data.workdays as Record<string, string>;
/** Sun 2015-09-06: the one-off 70th anniversary holiday (Sep 3–5, 2015), a 个别特殊情形 no rule foresees. */
const SPECIAL = '2015-09-06';

describe('official years of chinese-days', () => {
  it('are the years with holiday data, and exclude 2027 (which chinese-days would call ordinary)', () => {
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBe(2026);
    expect(years).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(official.isOfficialYear(2027)).toBe(false);
    expect(official.provisionalYears(2025, 2028)).toEqual([2027, 2028]);
  });

  it('attribute December 元旦 days to the next notice (Sat 2018-12-29 belongs to 2019)', () => {
    expect(official.scheduleFor(2019)?.workdays).toContain('2018-12-29');
    expect(official.scheduleFor(2018)?.workdays).not.toContain('2018-12-29');
  });
});

describe('statutory holidays (放假办法 art. 2)', () => {
  it('2027 under the 2024 revision, placed by hand from the lunar calendar', () => {
    // 春节 2027: 初一 is Sat Feb 6, so 除夕 Fri Feb 5 … 初三 Mon Feb 8; 清明 Apr 5; 端午 (5/5) Jun 9; 中秋 (8/15) Sep 15.
    expect(statutoryHolidays(2027).map((h) => h.date)).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
    expect(statutoryRevision(2027)).toBe('2024');
  });

  it('are days off in every official notice, under the revision of their year', () => {
    const worked: string[] = [];
    for (const y of years)
      for (const h of statutoryHolidays(y)) if (official.isWorkingDay(h.date)) worked.push(`${h.date} ${h.festival}`);
    expect(worked).toEqual([]);
  });

  it('do not depend on the process time zone (chinese-days mixes UTC and local time)', () => {
    const run = (tz: string) =>
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          "import { statutoryHolidays } from './domain/calendar/statutory.ts';" +
            'const out = []; for (let y = 2004; y <= 2040; y++) out.push(...statutoryHolidays(y).map((h) => h.date));' +
            'process.stdout.write(out.join(","));',
        ],
        { env: { ...process.env, TZ: tz }, encoding: 'utf8' },
      );
    const reference = run('Asia/Shanghai');
    expect(reference).toContain('2027-02-05');
    for (const tz of ['UTC', 'America/New_York', 'Pacific/Honolulu', 'Pacific/Kiritimati'])
      expect(run(tz), tz).toBe(reference);
  });
});

/** The break around a festival in an official year: the longest stretch of days off holding its statutory days. */
function breakOf(year: number, festival: Festival): { first: number; last: number } | undefined {
  const days = statutoryHolidays(year)
    .filter((h) => h.festival === festival)
    .map((h) => toDayNumber(h.date));
  if (days.length === 0) return undefined;
  let first = Math.min(...days);
  let last = Math.max(...days);
  while (!official.dayByNumber(first - 1).working) first--;
  while (!official.dayByNumber(last + 1).working) last++;
  return { first, last };
}

/** The maximal run of working days holding `n`. */
function runOf(n: number): { lo: number; hi: number } {
  let lo = n;
  let hi = n;
  while (official.dayByNumber(lo - 1).working) lo--;
  while (official.dayByNumber(hi + 1).working) hi++;
  return { lo, hi };
}

describe('the rule space covers every notice since 2008 (rule-space.ts)', () => {
  it('every make-up day of every notice is a possible make-up day of its year, but one special', () => {
    const outside: string[] = [];
    for (const s of schedules.filter((x) => x.year >= 2008))
      for (const m of s.workdays) if (!possibleMakeupDays(s.year).has(toDayNumber(m))) outside.push(m);
    expect(outside).toEqual([SPECIAL]);
    expect(names[SPECIAL]).toMatch(/70周年/);
  });

  it('the customary days (春节 初一–初六, 国庆 1–5 October) were off in every notice', () => {
    const worked: string[] = [];
    for (const y of since2008)
      for (const f of ['spring_festival', 'national_day'] as const)
        for (const d of customaryDays(y, f)) if (official.isWorkingDay(d)) worked.push(d);
    expect(worked).toEqual([]);
    expect(customaryDays(2027, 'spring_festival')).toEqual([
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
    ]);
  });

  it('the caps on weekdays added to a break are the extremes of the notices (2020: the epidemic extension aside)', () => {
    const widest = new Map<Festival, number>();
    const beforeEve: string[] = [];
    for (const y of since2008) {
      const statutory = statutoryDayNumbers(y);
      for (const f of Object.keys(FESTIVAL_RULES) as Festival[]) {
        const b = breakOf(y, f);
        if (!b) continue;
        // 中秋 inside the 国庆 break: that break is 国庆's (its cap is the group's).
        const national = toDayNumber(`${y}-10-01`);
        if (f === 'mid_autumn' && b.first <= national && national <= b.last) continue;
        // 国办发明电〔2020〕1号 extended the 2020 Spring Festival break to 2 February: no yearly notice.
        const last = y === 2020 && f === 'spring_festival' ? toDayNumber('2020-01-30') : b.last;
        let added = 0;
        for (let d = b.first; d <= last; d++) if (!isWeekend(d) && !statutory.has(d)) added++;
        widest.set(f, Math.max(widest.get(f) ?? 0, added));
        if (f === 'spring_festival') {
          const eve = toDayNumber(springFestivalEve(y));
          for (let d = b.first; d < eve; d++) if (!isWeekend(d)) beforeEve.push(fromDayNumber(d));
        }
      }
    }
    expect(Object.fromEntries(widest)).toEqual(
      Object.fromEntries(Object.entries(FESTIVAL_RULES).map(([f, r]) => [f, r.maxExtraWeekdays])),
    );
    expect(beforeEve).toEqual([]); // no weekday before 除夕 was ever off
  });

  it('every make-up day lies in a run of working days that touches a break, within the run rule of its revision', () => {
    const longest = new Map<string, number>();
    const problems: string[] = [];
    for (const s of schedules.filter((x) => x.year >= 2008))
      for (const m of s.workdays) {
        if (m === SPECIAL) continue;
        const { lo, hi } = runOf(toDayNumber(m));
        const length = hi - lo + 1;
        const revision = statutoryRevision(s.year);
        longest.set(revision, Math.max(longest.get(revision) ?? 0, length));
        const touches = [lo - 1, hi + 1].some((d) => official.day(fromDayNumber(d)).kind === 'holiday');
        if (!touches) problems.push(`${m}: run ${fromDayNumber(lo)}..${fromDayNumber(hi)} touches no break`);
        if (length < MIN_RUN_DAYS) problems.push(`${m}: a lone working day`);
        if (length > RUN_RULES[revision].maxRunDays) problems.push(`${m}: run of ${length} days`);
      }
    expect(problems).toEqual([]);
    // 2007 and 2013 revisions: the limits are the longest runs seen; 2024 revision: art. 7 (6 days) is kept.
    expect(Object.fromEntries(longest)).toEqual({ '2007': 9, '2013': 7, '2024': 6 });
    expect(RUN_RULES['2024'].maxRunDays).toBe(6);
  });

  it('each make-up day pays back a swapped weekday: make-up days ≤ weekdays added − 补假 owed (art. 6), every year', () => {
    for (const y of since2008) {
      const statutory = statutoryDayNumbers(y);
      const owed = [...statutory].filter(isWeekend).length;
      const s = official.scheduleFor(y)!;
      const added = s.holidays.map(toDayNumber).filter((d) => !isWeekend(d) && !statutory.has(d)).length;
      const makeups = s.workdays.filter((m) => m !== SPECIAL).length;
      expect(makeups, String(y)).toBeLessThanOrEqual(added - owed);
    }
  });
});

describe('provisional deadlines are never later than official ones (each year pretended unknown in turn)', () => {
  it('2008–2026: every receipt day from 1 December before to 31 December; the figures of the closing note', () => {
    const perYear: string[] = [];
    let total = 0;
    let early = 0;
    let maxEarly = 0;
    let equal = 0;
    const late: string[] = [];
    for (const year of since2008) {
      const provisional = new WorkingCalendar(schedules.filter((s) => s.year !== year));
      expect(provisional.isOfficialYear(year)).toBe(false);
      let n = 0;
      let sum = 0;
      let max = 0;
      for (let r = `${year - 1}-12-01`; r <= `${year}-12-31`; r = addDays(r, 1)) {
        const p = computeDeadline({ receivedAt: r }, provisional);
        const o = computeDeadline({ receivedAt: r }, official);
        // A deadline not flagged provisional depends on no unknown day: it is the official one.
        if (!p.provisional) {
          expect(p.deadline, r).toBe(o.deadline);
          continue;
        }
        if (p.deadline > o.deadline) late.push(`${r}: provisional ${p.deadline} > official ${o.deadline}`);
        const gap = workingDaysBetween(p.deadline, o.deadline, official);
        n++;
        sum += gap;
        max = Math.max(max, gap);
        if (gap === 0) equal++;
      }
      perYear.push(`${year} max ${max} mean ${(sum / n).toFixed(2)}`);
      total += n;
      early += sum;
      maxEarly = Math.max(maxEarly, max);
    }
    expect(late).toEqual([]);
    expect(total).toBeGreaterThan(19 * 365);
    // The old window heuristic (±9/11 days of any statutory day) was up to 8 working days early, 1.83 on average.
    expect(maxEarly).toBeLessThanOrEqual(6);
    expect(early / total).toBeLessThan(1.4);
    console.log(
      `provisional vs official, 2008–2026 (${total} provisional deadlines): at most ${maxEarly} working days early, ` +
        `${(early / total).toFixed(2)} on average, equal in ${((100 * equal) / total).toFixed(1)}%\n  ${perYear.join('\n  ')}`,
    );
  });
});
