// Invariants of the working-day arithmetic, on the real calendar: official 2004–2026 and provisional after.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, toDayNumber } from '../../../domain/calendar/dates.ts';
import { calendarFor } from '../../../domain/calendar/files.ts';
import { addWorkingDays, computeDeadline, shanghaiDate, workingDaysBetween } from '../../../domain/calendar/index.ts';

const cal = calendarFor();
const FIRST = toDayNumber('2018-01-01');
const LAST = toDayNumber('2029-12-31');
const day = fc.integer({ min: FIRST, max: LAST }).map(fromDayNumber);
const instant = fc.date({
  min: new Date('2018-01-01T00:00:00Z'),
  max: new Date('2029-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const count = fc.integer({ min: 1, max: 60 });

describe('deadline invariants', () => {
  it('the deadline is a working day', () => {
    fc.assert(
      fc.property(instant, count, (at, n) => {
        const d = computeDeadline({ receivedAt: at, workingDays: n }, cal);
        expect(cal.isWorkingDay(d.deadline)).toBe(true);
      }),
    );
  });

  it('exactly N working days lie in (receipt day, deadline], and the day before holds N−1', () => {
    fc.assert(
      fc.property(instant, count, (at, n) => {
        const d = computeDeadline({ receivedAt: at, workingDays: n }, cal);
        expect(d.receivedOn).toBe(shanghaiDate(at));
        expect(workingDaysBetween(d.receivedOn, d.deadline, cal)).toBe(n);
        expect(workingDaysBetween(d.receivedOn, addDays(d.deadline, -1), cal)).toBe(n - 1);
      }),
    );
  });

  it('is monotonic in receipt time', () => {
    fc.assert(
      fc.property(instant, instant, count, (a, b, n) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const de = computeDeadline({ receivedAt: early, workingDays: n }, cal);
        const dl = computeDeadline({ receivedAt: late, workingDays: n }, cal);
        expect(de.deadline <= dl.deadline).toBe(true);
        expect(de.deadlineAt <= dl.deadlineAt).toBe(true);
      }),
    );
  });

  it('is monotonic in the number of working days', () => {
    fc.assert(
      fc.property(day, count, (r, n) => {
        const a = computeDeadline({ receivedAt: r, workingDays: n }, cal).deadline;
        const b = computeDeadline({ receivedAt: r, workingDays: n + 1 }, cal).deadline;
        expect(a < b).toBe(true);
      }),
    );
  });
});

describe('addWorkingDays and workingDaysBetween are inverse', () => {
  it('between(d, add(d, n)) = n for n ≥ 0', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 300 }), (d, n) => {
        expect(workingDaysBetween(d, addWorkingDays(d, n, cal), cal)).toBe(n);
      }),
    );
  });

  it('add(d, between(d, x)) = x for a working day x after d', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 120 }), (d, k) => {
        const x = addDays(d, k);
        fc.pre(cal.isWorkingDay(x));
        expect(addWorkingDays(d, workingDaysBetween(d, x, cal), cal)).toBe(x);
      }),
    );
  });

  it('backwards: between(add(d, −n), d) = n for a working day d; and between is antisymmetric', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 120 }), day, (d, n, e) => {
        if (cal.isWorkingDay(d)) expect(workingDaysBetween(addWorkingDays(d, -n, cal), d, cal)).toBe(n);
        expect(workingDaysBetween(d, e, cal)).toBe(-workingDaysBetween(e, d, cal) || 0);
      }),
    );
  });
});
