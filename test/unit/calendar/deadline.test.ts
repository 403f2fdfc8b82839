// Fixed cases. Every expected date below was counted by hand on the 2026 notice (国务院办公厅, 2025-11-04):
// 元旦 Jan 1–3 (work Sun Jan 4); 春节 Feb 15–23 (work Sat Feb 14, Sat Feb 28); 清明 Apr 4–6; 劳动节 May 1–5
// (work Sat May 9); 端午 Jun 19–21; 中秋 Sep 25–27; 国庆 Oct 1–7 (work Sun Sep 20, Sat Oct 10).
import { describe, expect, it } from 'vitest';
import { calendarFor, calendarFromSchedule } from '../../../domain/calendar/files.ts';
import {
  addWorkingDays,
  computeDeadline,
  isOverdue,
  recomputeDeadline,
  workingDaysBetween,
  workingDaysElapsed,
  workingDaysLeft,
} from '../../../domain/calendar/index.ts';
import { Deadline } from '../../../domain/request/model.ts';

const cal = calendarFor();
const due = (receivedAt: string, workingDays?: number) => computeDeadline({ receivedAt, workingDays }, cal);

describe('2026 National Day week (make-up Sun Sep 20, Sat Oct 10)', () => {
  it('received Mon 2026-09-28: Sep 29, 30 | Oct 1–7 off | Oct 8, 9, 10(Sat), 12–16, 19–23 → Oct 23', () => {
    const d = due('2026-09-28');
    expect(d).toEqual({
      receivedOn: '2026-09-28',
      deadline: '2026-10-23',
      deadlineAt: '2026-10-23T15:59:59.999Z',
      workingDays: 15,
      provisional: false,
      clockStart: 'receipt',
    });
    expect(Deadline.parse(d)).toEqual(d);
  });

  it('received Fri 2026-09-18: Sep 20(Sun) counts, 中秋 Sep 25–27 and Oct 1–7 do not → Oct 15', () => {
    // 1 Sep 20, 2–5 Sep 21–24, 6–8 Sep 28–30, 9–10 Oct 8–9, 11 Oct 10, 12–15 Oct 12–15
    expect(due('2026-09-18').deadline).toBe('2026-10-15');
  });

  it('the make-up days are working days and the holiday week is not', () => {
    expect(cal.day('2026-09-20')).toMatchObject({ working: true, kind: 'makeup_workday', provisional: false });
    expect(cal.day('2026-10-10')).toMatchObject({ working: true, kind: 'makeup_workday' });
    for (const d of ['2026-10-01', '2026-10-05', '2026-10-07', '2026-09-25']) expect(cal.isWorkingDay(d)).toBe(false);
    expect(cal.isWorkingDay('2026-10-11')).toBe(false); // an ordinary Sunday
  });

  it('5 working days from Mon 2026-09-28 ends on the make-up Saturday Oct 10', () => {
    expect(due('2026-09-28', 5).deadline).toBe('2026-10-10');
  });
});

describe('Spring Festival 2026 (Feb 15–23 off, work Sat Feb 14 and Sat Feb 28)', () => {
  it('received Fri 2026-02-06: Feb 9–13, 14(Sat) | Feb 15–23 off | Feb 24–27, 28(Sat), Mar 2–5 → Mar 5', () => {
    expect(due('2026-02-06').deadline).toBe('2026-03-05');
  });

  it('received Sat 2026-02-14 (a make-up working day; still not counted) → Mar 13', () => {
    // 1–4 Feb 24–27, 5 Feb 28, 6–10 Mar 2–6, 11–15 Mar 9–13
    expect(due('2026-02-14').deadline).toBe('2026-03-13');
  });
});

describe('receipt time in Asia/Shanghai', () => {
  it('2026-11-23T17:00Z arrives on Tue 2026-11-24: Nov 25–27, Nov 30–Dec 4, Dec 7–11, 14, 15 → Dec 15', () => {
    const d = due('2026-11-23T17:00:00Z');
    expect(d.receivedOn).toBe('2026-11-24');
    expect(d.deadline).toBe('2026-12-15');
  });

  it('a minute earlier it is still Mon 2026-11-23 → Dec 14', () => {
    const d = due('2026-11-23T15:59:00Z');
    expect(d.receivedOn).toBe('2026-11-23');
    expect(d.deadline).toBe('2026-12-14');
  });
});

describe('a request received on a holiday', () => {
  it('Sat 2026-10-03 (国庆): Oct 8, 9, 10(Sat), 12–16, 19–23, 26, 27 → Oct 27', () => {
    expect(due('2026-10-03').deadline).toBe('2026-10-27');
    expect(due('2026-10-01').deadline).toBe('2026-10-27'); // the same count: Oct 2–7 are off too
  });

  it('元旦 Thu 2026-01-01: Jan 4(Sun, make-up) counts → Jan 22', () => {
    // 1 Jan 4, 2–6 Jan 5–9, 7–11 Jan 12–16, 12–15 Jan 19–22
    expect(due('2026-01-01').deadline).toBe('2026-01-22');
  });
});

describe('a deadline crossing into 2027, which has no official schedule here', () => {
  const d = due('2026-12-20');

  it('is provisional and errs early', () => {
    // Provisional: Sun Dec 27 and Sun Jan 3 are weekend days a 2027 notice could make make-up days (a Sun–Fri run
    // next to a 元旦 break that took Dec 31 or Jan 4 off), so they count; Sat Dec 26 (a 7-day run, art. 7) and Sat
    // Jan 2 (inside the break, or a 7-day run) cannot; Jan 1 (元旦) is certain.
    // Dec 21–25 (5), 27 (6), 28–31 (10), Jan 3 (11), Jan 4–7 (15).
    expect(d.deadline).toBe('2027-01-07');
    expect(d.provisional).toBe(true);
    expect(cal.day('2027-01-01')).toMatchObject({ working: false, kind: 'statutory_holiday', provisional: true });
    // chinese-days alone would call 2027-01-01 a working day; we never do.
  });

  it('is never later than a plausible official 2027 schedule', () => {
    const plausible: Record<string, string> = {
      // The usual shape: Fri Jan 1 + weekend, no make-up day. Dec 21–25, 28–31, Jan 4–8, 11 → Jan 11.
      'Jan 1–3 off': 'holidays: [2027-01-01..2027-01-03]',
      // A bridge shape: Dec 31–Jan 3 off, Sat Dec 26 worked. Dec 21–26 (6), 28–30 (9), Jan 4–8 (14), 11 → Jan 11.
      'Dec 31–Jan 3 off, Sat Dec 26 worked': 'holidays: [2026-12-31..2027-01-03]\n    workdays: [2026-12-26]',
      // Extreme for the count, outside the rule space (no swapped day pays them back; a 9-day run, art. 7): both
      // late-December weekend days worked. Dec 21–31 (11), Jan 4–7 → Jan 7.
      'Dec 26, 27 worked': 'holidays: [2027-01-01..2027-01-03]\n    workdays: [2026-12-26, 2026-12-27]',
    };
    const expected: Record<string, string> = {
      'Jan 1–3 off': '2027-01-11',
      'Dec 31–Jan 3 off, Sat Dec 26 worked': '2027-01-11',
      'Dec 26, 27 worked': '2027-01-07',
    };
    for (const [name, body] of Object.entries(plausible)) {
      const official = calendarFromSchedule(`years:\n  2027:\n    source: hypothetical (test)\n    ${body}\n`);
      const o = computeDeadline({ receivedAt: '2026-12-20' }, official);
      expect(o.provisional, name).toBe(false);
      expect(o.deadline, name).toBe(expected[name]);
      expect(d.deadline <= o.deadline, name).toBe(true);
      // Loading the schedule recomputes the provisional deadline to the official one.
      expect(recomputeDeadline(d, official)).toEqual(o);
    }
  });

  it('a period that ends before the unknown year is not provisional', () => {
    expect(due('2026-12-01').provisional).toBe(false); // → Dec 22
    expect(due('2026-12-01').deadline).toBe('2026-12-22');
  });
});

describe('clock start', () => {
  it('runs from receipt by default even when verified later', () => {
    const d = computeDeadline({ receivedAt: '2026-09-28', verifiedAt: '2026-10-09T02:00:00Z' }, cal);
    expect(d.clockStart).toBe('receipt');
    expect(d.deadline).toBe('2026-10-23');
  });

  it('can run from verification when policy says so', () => {
    const d = computeDeadline(
      { receivedAt: '2026-09-28', verifiedAt: '2026-10-09T02:00:00Z', clockStart: 'verification' },
      cal,
    );
    // Verified Fri Oct 9: 1 Oct 10(Sat), 2–6 Oct 12–16, 7–11 Oct 19–23, 12–15 Oct 26–29 → Oct 29
    expect(d).toMatchObject({ receivedOn: '2026-10-09', deadline: '2026-10-29', clockStart: 'verification' });
    expect(recomputeDeadline(d, cal)).toEqual(d);
  });

  it('falls back to receipt (earliest) while not yet verified', () => {
    const d = computeDeadline({ receivedAt: '2026-09-28', clockStart: 'verification' }, cal);
    expect(d).toMatchObject({ clockStart: 'receipt', deadline: '2026-10-23' });
  });

  it('rejects a verification before receipt and bad day counts', () => {
    expect(() =>
      computeDeadline({ receivedAt: '2026-09-28', verifiedAt: '2026-09-27', clockStart: 'verification' }, cal),
    ).toThrow(/before/);
    expect(() => computeDeadline({ receivedAt: '2026-09-28', workingDays: 0 }, cal)).toThrow(RangeError);
    expect(() => computeDeadline({ receivedAt: '2026-09-28', workingDays: 1.5 }, cal)).toThrow(RangeError);
  });
});

describe('working days elapsed and left (the deadline sweep)', () => {
  const d = due('2026-09-28'); // → 2026-10-23

  it('counts elapsed working days from receipt', () => {
    expect(workingDaysElapsed('2026-09-28T03:00:00Z', '2026-09-28T09:00:00Z', cal)).toBe(0);
    expect(workingDaysElapsed('2026-09-28', '2026-10-07', cal)).toBe(2); // Sep 29, 30
    expect(workingDaysElapsed('2026-09-28', '2026-10-16', cal)).toBe(10); // escalation day 10
    expect(workingDaysElapsed('2026-09-28', '2026-10-21', cal)).toBe(13); // escalation day 13
    expect(workingDaysElapsed('2026-09-28', '2026-10-21T16:30:00Z', cal)).toBe(14); // already Oct 22 in Shanghai
  });

  it('counts working days left, 0 on the deadline day, negative after', () => {
    expect(workingDaysLeft(d, '2026-10-16', cal)).toBe(5);
    expect(workingDaysLeft(d, '2026-10-23T10:00:00Z', cal)).toBe(0);
    expect(workingDaysLeft(d, '2026-10-26', cal)).toBe(-1);
    expect(workingDaysLeft(d, '2026-10-25', cal)).toBe(0); // Sunday after the deadline: no working day passed
    expect(isOverdue(d, '2026-10-23T15:59:59Z')).toBe(false);
    expect(isOverdue(d, '2026-10-23T16:00:00Z')).toBe(true);
  });

  it('counts both directions', () => {
    expect(workingDaysBetween('2026-09-30', '2026-10-08', cal)).toBe(1);
    expect(workingDaysBetween('2026-10-08', '2026-09-30', cal)).toBe(-1);
    expect(addWorkingDays('2026-10-08', -1, cal)).toBe('2026-09-30');
    expect(addWorkingDays('2026-10-12', -1, cal)).toBe('2026-10-10'); // back over Sunday to the make-up Saturday
    expect(addWorkingDays('2026-10-12', 0, cal)).toBe('2026-10-12');
  });
});
