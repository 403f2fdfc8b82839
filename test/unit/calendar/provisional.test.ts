// The provisional calendar must never make a deadline later than the official notice will. Proved here
// against every notice chinese-days ships: each year in turn is pretended unknown.
import { execFileSync } from 'node:child_process';
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { addDays, toDayNumber } from '../../../domain/calendar/dates.ts';
import {
  chineseDaysSchedules,
  computeDeadline,
  statutoryHolidays,
  WorkingCalendar,
  workingDaysBetween,
} from '../../../domain/calendar/index.ts';
import {
  MAKEUP_HISTORY,
  MAKEUP_MARGIN_DAYS,
  MAKEUP_WINDOW,
  plausibleMakeupDays,
} from '../../../domain/calendar/provisional.ts';
import { statutoryRevision } from '../../../domain/calendar/statutory.ts';

const schedules = chineseDaysSchedules();
const official = new WorkingCalendar(schedules);
const years = schedules.map((s) => s.year);

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

describe('make-up window', () => {
  it('covers every make-up day of the seven festivals in the notices 2004–2026', () => {
    const outside: string[] = [];
    for (const s of schedules)
      for (const m of s.workdays) if (!plausibleMakeupDays(s.year).has(toDayNumber(m))) outside.push(m);
    // The only one: Sun 2015-09-06, for the one-off 70th anniversary of the victory (Sep 3–5, 2015).
    expect(outside).toEqual(['2015-09-06']);
    expect((data.workdays as Record<string, string>)['2015-09-06']).toMatch(/70周年/);
  });
});

describe('make-up window, out of sample', () => {
  // Each make-up day's distance to the nearest statutory holiday of its notice year (seven festivals only).
  const names = data.workdays as Record<string, string>;
  const points = schedules.flatMap((s) =>
    s.workdays
      .filter((m) => !names[m]?.includes('70周年'))
      .map((m) => {
        const n = toDayNumber(m);
        const offsets = statutoryHolidays(s.year).map((h) => n - toDayNumber(h.date));
        return { year: s.year, date: m, offset: offsets.sort((a, b) => Math.abs(a) - Math.abs(b))[0]! };
      }),
  );

  it('MAKEUP_HISTORY is the widest distance seen', () => {
    expect(Math.max(...points.map((p) => -p.offset))).toBe(MAKEUP_HISTORY.before);
    expect(Math.max(...points.map((p) => p.offset))).toBe(MAKEUP_HISTORY.after);
  });

  it('leaving one year out, the window learnt from the others plus the margin covers that year', () => {
    const missedWithoutMargin: string[] = [];
    const missed: string[] = [];
    for (const year of years) {
      const others = points.filter((p) => p.year !== year);
      const before = Math.max(...others.map((p) => -p.offset));
      const after = Math.max(...others.map((p) => p.offset));
      for (const p of points.filter((q) => q.year === year)) {
        if (p.offset < -before || p.offset > after) missedWithoutMargin.push(p.date);
        if (p.offset < -before - MAKEUP_MARGIN_DAYS || p.offset > after + MAKEUP_MARGIN_DAYS) missed.push(p.date);
      }
    }
    expect(missedWithoutMargin).toEqual(['2023-04-23', '2024-05-11']); // why the margin exists
    expect(missed).toEqual([]);
    expect(MAKEUP_WINDOW).toEqual({
      before: MAKEUP_HISTORY.before + MAKEUP_MARGIN_DAYS,
      after: MAKEUP_HISTORY.after + MAKEUP_MARGIN_DAYS,
    });
  });
});

describe('provisional deadlines are never later than official ones', () => {
  it('for every receipt day of every official year, with that year pretended unknown', () => {
    let total = 0;
    let equal = 0;
    let maxGapDays = 0;
    let maxGapWorking = 0;
    let decTotal = 0;
    let decEqual = 0;
    let decMaxGap = 0;
    const late: string[] = [];
    for (const year of years) {
      const provisional = new WorkingCalendar(schedules.filter((s) => s.year !== year));
      expect(provisional.isOfficialYear(year)).toBe(false);
      // From 1 December before: deadlines of December receipts reach into the unknown year.
      for (let r = `${year - 1}-12-01`; r <= `${year}-12-31`; r = addDays(r, 1)) {
        const p = computeDeadline({ receivedAt: r }, provisional);
        const o = computeDeadline({ receivedAt: r }, official);
        if (p.deadline > o.deadline) late.push(`${r}: provisional ${p.deadline} > official ${o.deadline}`);
        const gap = toDayNumber(o.deadline) - toDayNumber(p.deadline);
        total++;
        if (gap === 0) equal++;
        maxGapDays = Math.max(maxGapDays, gap);
        maxGapWorking = Math.max(maxGapWorking, workingDaysBetween(p.deadline, o.deadline, official));
        if (r < `${year}-01-01`) {
          decTotal++;
          if (gap === 0) decEqual++;
          decMaxGap = Math.max(decMaxGap, gap);
          // A period reaching into the unknown year is flagged.
          if (o.deadline >= `${year}-01-01`) expect(p.provisional, r).toBe(true);
        }
      }
    }
    expect(late).toEqual([]);
    expect(total).toBeGreaterThan(23 * 365);
    console.log(
      `provisional vs official, ${years[0]}–${years.at(-1)}: ${total} receipt days, equal ${((100 * equal) / total).toFixed(1)}%, ` +
        `max gap ${maxGapDays} calendar days (${maxGapWorking} official working days); ` +
        `December receipts crossing into the unknown year: equal ${((100 * decEqual) / decTotal).toFixed(1)}%, max gap ${decMaxGap} days`,
    );
  });
});
