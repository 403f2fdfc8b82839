import { describe, expect, it } from 'vitest';
import {
  addDays,
  endOfShanghaiDay,
  InvalidDateError,
  shanghaiDate,
  toDayNumber,
  weekdayOf,
} from '../../../domain/calendar/dates.ts';

describe('shanghaiDate', () => {
  it('puts a UTC time that is already the next day in Shanghai on that day', () => {
    expect(shanghaiDate('2026-11-23T17:00:00Z')).toBe('2026-11-24');
    expect(shanghaiDate('2026-11-23T17:00Z')).toBe('2026-11-24');
    expect(shanghaiDate(new Date(Date.UTC(2026, 10, 23, 17, 0)))).toBe('2026-11-24');
    expect(shanghaiDate('2026-11-23T15:59:59.999Z')).toBe('2026-11-23');
  });

  it('honours explicit offsets', () => {
    expect(shanghaiDate('2026-11-24T00:30:00+08:00')).toBe('2026-11-24');
    expect(shanghaiDate('2026-11-23T12:00:00-05:00')).toBe('2026-11-24'); // 17:00Z
    expect(shanghaiDate('2026-11-23T23:59:59+0800')).toBe('2026-11-23');
  });

  it('takes a plain date as that Shanghai day', () => {
    expect(shanghaiDate('2026-09-28')).toBe('2026-09-28');
  });

  it.each([
    '2026-13-01',
    '2026-02-30',
    '2026-11-23T17:00:00', // no offset: ambiguous
    '23/11/2026',
    'tomorrow',
    '',
    '2026-11-23T25:00:00Z',
  ])('rejects %j', (bad) => {
    expect(() => shanghaiDate(bad)).toThrow(InvalidDateError);
  });

  it('rejects an invalid Date', () => {
    expect(() => shanghaiDate(new Date('nope'))).toThrow(InvalidDateError);
  });
});

describe('day arithmetic', () => {
  it('knows weekdays and month ends', () => {
    expect(weekdayOf(toDayNumber('2026-09-20'))).toBe(0); // Sunday
    expect(weekdayOf(toDayNumber('2026-10-10'))).toBe(6); // Saturday
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
  });

  it('ends a Shanghai day at 15:59:59.999Z', () => {
    expect(endOfShanghaiDay('2026-10-23')).toBe('2026-10-23T15:59:59.999Z');
  });
});
