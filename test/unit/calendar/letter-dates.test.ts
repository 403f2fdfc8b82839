// The one definition of how letters print a date (reply engine filters, erasure notes, escalation digest).
import { describe, expect, it } from 'vitest';
import { enDate, zhDate } from '../../../domain/calendar/letter-dates.ts';

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
});
