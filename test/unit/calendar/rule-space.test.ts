// Schedules generated from the rule space (rule-space.ts): the provisional calendar is exactly as early as the space
// needs (its possible make-up days are those some valid schedule sets), and no deadline on it is later than on any
// schedule of the space — exhaustively for 2027 festival by festival, and for random whole years up to 2032.
// Validity is checked here independently of canBeMakeup: on whole make-up sets, over the maximal runs they make.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, isWeekend } from '../../../domain/calendar/dates.ts';
import { chineseDaysSchedules } from '../../../domain/calendar/files.ts';
import {
  computeDeadline,
  possibleMakeupDays,
  WorkingCalendar,
  type YearSchedule,
} from '../../../domain/calendar/index.ts';
import {
  type Arrangement,
  arrangements,
  certainDaysOff,
  FESTIVAL_GROUPS,
  MIN_RUN_DAYS,
  runRuleFor,
} from '../../../domain/calendar/rule-space.ts';

const known = chineseDaysSchedules();
const provisional = new WorkingCalendar(known);

/** Whether make-up set `m` is allowed for arrangement `a`: checked on the maximal working runs it makes. */
function validMakeups(a: Arrangement, m: ReadonlySet<number>): boolean {
  if (m.size > a.swaps) return false;
  const certain = certainDaysOff(a.year);
  const max = runRuleFor(a.year).maxRunDays;
  const working = (d: number) => !certain.has(d) && !a.off.has(d) && (!isWeekend(d) || m.has(d));
  const reachesBreak = (d: number, dir: 1 | -1) => {
    let x = d;
    while (!working(x) && !a.off.has(x)) x += dir;
    return a.off.has(x);
  };
  for (const d of m) {
    if (!isWeekend(d) || !working(d)) return false;
    if (a.breaks.some(([first, last]) => first < d && d < last)) return false;
    let lo = d;
    let hi = d;
    while (working(lo - 1)) lo--;
    while (working(hi + 1)) hi++;
    if (hi - lo + 1 < MIN_RUN_DAYS || hi - lo + 1 > max) return false;
    if (!reachesBreak(lo - 1, -1) && !reachesBreak(hi + 1, 1)) return false;
  }
  return true;
}

/** Every valid make-up set of an arrangement (up to three days: no arrangement pays back more). */
function makeupSets(a: Arrangement): number[][] {
  const certain = certainDaysOff(a.year);
  const candidates: number[] = [];
  for (let d = a.first - 12; d <= a.last + 12; d++)
    if (isWeekend(d) && !a.off.has(d) && !certain.has(d)) candidates.push(d);
  const out: number[][] = [[]];
  const pick = (from: number, chosen: number[]) => {
    for (let i = from; i < candidates.length; i++) {
      const next = [...chosen, candidates[i]!];
      if (next.length > Math.min(a.swaps, 3)) return;
      if (validMakeups(a, new Set(next))) out.push(next);
      pick(i + 1, next);
    }
  };
  pick(0, []);
  return out;
}

/** A notice for `year`: each group arranged as chosen (default: its first arrangement, no make-up day). */
function scheduleOf(year: number, chosen: { a: Arrangement; m: number[] }[]): YearSchedule {
  const off = new Set(certainDaysOff(year));
  const work = new Set<number>();
  for (const group of FESTIVAL_GROUPS) {
    const c = chosen.find((x) => x.a.festivals === group) ?? { a: arrangements(year, group)[0]!, m: [] };
    for (const d of c.a.off) off.add(d);
    for (const d of c.m) work.add(d);
  }
  const inYear = (d: number) => {
    const date = fromDayNumber(d);
    return date >= `${year - 1}-12-01` && date <= `${year}-12-31`;
  };
  return {
    year,
    source: 'generated from the rule space (test)',
    holidays: [...off].filter((d) => inYear(d) && !isWeekend(d)).map(fromDayNumber),
    workdays: [...work].map(fromDayNumber),
  };
}

const setsCache = new Map<string, { a: Arrangement; sets: number[][] }[]>();
function groupSchedules(year: number, groupIndex: number) {
  const key = `${year}:${groupIndex}`;
  let hit = setsCache.get(key);
  if (!hit) {
    hit = arrangements(year, FESTIVAL_GROUPS[groupIndex]!).map((a) => ({ a, sets: makeupSets(a) }));
    setsCache.set(key, hit);
  }
  return hit;
}

describe('the provisional calendar is no earlier than the rule space needs', () => {
  it.each([2027, 2028, 2029, 2030])(
    '%i: its possible make-up days are exactly those some valid schedule sets',
    (year) => {
      const union = new Set<number>();
      for (let g = 0; g < FESTIVAL_GROUPS.length; g++)
        for (const { sets } of groupSchedules(year, g)) for (const s of sets) for (const d of s) union.add(d);
      const sort = (s: Iterable<number>) => [...s].sort((a, b) => a - b).map(fromDayNumber);
      expect(sort(possibleMakeupDays(year))).toEqual(sort(union));
    },
  );

  it('2027: the make-up days it allows, by festival (Sat 2027-02-20 after a 10-day Spring Festival break among them)', () => {
    const days = [...possibleMakeupDays(2027)].sort((a, b) => a - b).map(fromDayNumber);
    expect(days).toContain('2027-02-20');
    expect(days).toContain('2027-01-31');
    // Inside the break (初一–初六) never; a lone Saturday before Sunday off never.
    for (const d of ['2027-02-06', '2027-02-07', '2027-01-30']) expect(days).not.toContain(d);
  });
});

describe('provisional deadlines are never later than on any schedule of the rule space', () => {
  it('2027, every arrangement of every festival with each of its valid make-up sets, every receipt day around it', () => {
    let schedules = 0;
    let deadlines = 0;
    const late: string[] = [];
    for (let g = 0; g < FESTIVAL_GROUPS.length; g++)
      for (const { a, sets } of groupSchedules(2027, g))
        for (const m of sets) {
          const calendar = new WorkingCalendar([...known, scheduleOf(2027, [{ a, m }])]);
          schedules++;
          for (let r = fromDayNumber(a.first - 45); r <= fromDayNumber(a.last + 7); r = addDays(r, 1)) {
            const p = computeDeadline({ receivedAt: r }, provisional);
            const o = computeDeadline({ receivedAt: r }, calendar);
            deadlines++;
            if (p.deadline > o.deadline) late.push(`${r}: ${p.deadline} > ${o.deadline} (${m.map(fromDayNumber)})`);
          }
        }
    expect(late).toEqual([]);
    expect(schedules).toBeGreaterThan(100);
    expect(deadlines).toBeGreaterThan(5_000);
  });

  it('random whole years 2027–2032: one arrangement and make-up set per festival group', () => {
    const choice = fc.record({
      year: fc.integer({ min: 2027, max: 2032 }),
      picks: fc.array(fc.tuple(fc.nat(), fc.nat()), {
        minLength: FESTIVAL_GROUPS.length,
        maxLength: FESTIVAL_GROUPS.length,
      }),
      receipt: fc.integer({ min: -31, max: 364 }),
    });
    fc.assert(
      fc.property(choice, ({ year, picks, receipt }) => {
        const chosen = picks.map(([i, j], g) => {
          const options = groupSchedules(year, g);
          const { a, sets } = options[i % options.length]!;
          return { a, m: sets[j % sets.length]! };
        });
        const official = new WorkingCalendar([...known, scheduleOf(year, chosen)]);
        const r = addDays(`${year}-01-01`, receipt);
        const p = computeDeadline({ receivedAt: r }, provisional);
        const o = computeDeadline({ receivedAt: r }, official);
        expect(p.deadline <= o.deadline, `${r}: ${p.deadline} vs ${o.deadline}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
