// The one definition of how letters print a date (reply engine filters, erasure notes, escalation digest).
import { describe, expect, it } from 'vitest';
import { enDate, enDayOf, zhDate, zhDayOf } from '../../../domain/calendar/letter-dates.ts';

describe('letter dates', () => {
  it('prints a day in Chinese without leading zeros and in English with the month named', () => {
    expect(zhDate('2026-01-05')).toBe('2026年1月5日');
    expect(enDate('2026-01-05')).toBe('5 January 2026');
    expect(zhDate('2026-12-16T15:59:59.999Z')).toBe('2026年12月16日');
    expect(enDate('2026-12-16')).toBe('16 December 2026');
  });
  it('refuses what is not a date rather than print a wrong one', () => {
    expect(() => zhDate('16/12/2026')).toThrow(/not a date/);
    expect(() => enDate(undefined)).toThrow(/not a date/);
  });
  it('prints the day an instant falls on in Shanghai (when an agreement ended or a restriction began)', () => {
    // 01:30 on 30 November in Shanghai is still 29 November in UTC: the letter gives the Shanghai day.
    expect(zhDayOf('2026-11-29T17:30:00Z')).toBe('2026年11月30日');
    expect(enDayOf('2026-11-29T17:30:00Z')).toBe('30 November 2026');
    expect(zhDayOf('2026-11-29T15:59:59.999Z')).toBe('2026年11月29日');
    expect(enDayOf('2026-12-31T16:00:00.000Z')).toBe('1 January 2027');
    expect(() => zhDayOf('not a date')).toThrow();
  });
});
