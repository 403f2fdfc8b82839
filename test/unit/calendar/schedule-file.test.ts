import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  calendarFor,
  calendarFromSchedule,
  chineseDaysSchedules,
  DEFAULT_SCHEDULE_FILE,
  parseScheduleFile,
} from '../../../domain/calendar/files.ts';
import { computeDeadline, missingSchedules, ScheduleFileError } from '../../../domain/calendar/index.ts';

function issuesOf(text: string) {
  try {
    parseScheduleFile(text, 'policy/holidays.yaml');
  } catch (e) {
    if (e instanceof ScheduleFileError) return e;
    throw e;
  }
  throw new Error('expected a ScheduleFileError');
}

describe('policy/holidays.yaml', () => {
  it('holds the published 2026 schedule, the same as chinese-days has', () => {
    const [s2026] = parseScheduleFile(readFileSync(DEFAULT_SCHEDULE_FILE, 'utf8'), 'policy/holidays.yaml');
    expect(s2026?.year).toBe(2026);
    expect(s2026?.source).toMatch(/2026年部分节假日安排/);
    const cd = chineseDaysSchedules().find((s) => s.year === 2026)!;
    expect(s2026?.holidays).toEqual(cd.holidays);
    expect(s2026?.workdays).toEqual(cd.workdays);
    expect(s2026?.workdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(s2026?.holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
  });

  it('is what calendarFor() loads by default', () => {
    expect(calendarFor().scheduleFor(2026)?.source).toMatch(/国务院办公厅/);
    expect(calendarFor({ scheduleFile: null }).scheduleFor(2026)?.source).toBe('chinese-days 2026');
  });
});

describe('a year added by operations', () => {
  // Hypothetical schedules for tests only: not a published notice.
  const with2027 = `years:
  2027:
    source: test schedule
    holidays: [2027-01-01..2027-01-03, 2027-02-05..2027-02-12]
    workdays: [2027-02-13]
`;

  it('makes the year official and changes the deadline', () => {
    const before = computeDeadline({ receivedAt: '2027-01-25' }, calendarFor());
    const cal = calendarFromSchedule(with2027);
    const after = computeDeadline({ receivedAt: '2027-01-25' }, cal);
    expect(before.provisional).toBe(true);
    expect(cal.isOfficialYear(2027)).toBe(true);
    // Mon 2027-01-25 on the test schedule: Jan 26–29 (4), Feb 1–4 (8), Feb 5–12 off, Sat Feb 13 (9), Feb 15–19 (14),
    // Feb 22 (15). The provisional calendar (Feb 5–11 certain: 除夕–初六; weekends a notice could make make-up days
    // counted) is earlier.
    expect(after).toMatchObject({ deadline: '2027-02-22', provisional: false });
    expect(before.deadline < after.deadline).toBe(true);
  });

  it('wins over chinese-days for a year both have', () => {
    const cal = calendarFromSchedule(`years:
  2026:
    source: test override
    holidays: [2026-10-01..2026-10-08]
    workdays: []
`);
    // Mon 2026-09-28: Sep 29, 30 (2) | Oct 1–8 off | Oct 9 (3), Sat Oct 10 no longer a make-up day, Oct 12–16 (8),
    // Oct 19–23 (13), Oct 26, 27 (15) → Oct 27, not the Oct 23 of the published schedule
    expect(computeDeadline({ receivedAt: '2026-09-28' }, cal).deadline).toBe('2026-10-27');
    expect(cal.isWorkingDay('2026-09-20')).toBe(false); // the file replaced the whole year
  });

  it('is picked up by calendarFor() when the file changes, without a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rf-cal-'));
    const file = join(dir, 'holidays.yaml');
    writeFileSync(file, 'years: {}\n');
    expect(calendarFor({ scheduleFile: file }).isOfficialYear(2027)).toBe(false);
    expect(calendarFor({ scheduleFile: file })).toBe(calendarFor({ scheduleFile: file })); // cached
    writeFileSync(file, with2027);
    expect(calendarFor({ scheduleFile: file }).isOfficialYear(2027)).toBe(true);
    expect(missingSchedules('2026-12-01', calendarFor({ scheduleFile: file }))).toEqual([]);
    expect(missingSchedules('2026-12-01', calendarFor())).toEqual([2027]);
  });
});

describe('errors an operations person can act on', () => {
  it('names file, line and field for a misspelt key, with a suggestion', () => {
    const e = issuesOf(`years:
  2026:
    source: 国务院办公厅通知
    holidays: [2026-10-01..2026-10-07]
    workday: [2026-10-10]
`);
    expect(e.issues).toEqual([
      {
        file: 'policy/holidays.yaml',
        line: 5,
        field: 'years.2026.workday',
        message: expect.stringContaining('did you mean "workdays"'),
      },
    ]);
    expect(e.message).toContain('policy/holidays.yaml:5: years.2026.workday: 未知字段 / unknown field "workday"');
  });

  it('names the line of an impossible date', () => {
    const e = issuesOf(`years:
  2026:
    source: 国务院办公厅通知
    holidays:
      - 2026-10-01
      - 2026-13-01
`);
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]).toMatchObject({ line: 6, field: 'years.2026.holidays[1]' });
    expect(e.issues[0]?.message).toContain('"2026-13-01" 不是有效日期 / is not a valid date');
  });

  it('checks meaning: year range, weekday make-up days, a day both off and on, missing source', () => {
    const e = issuesOf(`years:
  2026:
    source: x
    holidays: [2025-06-01, 2026-10-10]
    workdays: [2026-10-09, 2026-10-10]
  2027:
    holidays: []
`);
    const lines = e.issues.map((i) => `${i.line} ${i.field}`);
    expect(lines).toContain('6 years.2027.source'); // the "2027:" line
    const text = e.message;
    expect(text).toContain('years.2026.holidays[0]: 2025-06-01 不在 2026 年安排的范围内');
    expect(text).toContain('years.2026.workdays[0]: 2026-10-09 是工作日');
    expect(text).toContain('2026-10-10 同时列为放假和上班');
    expect(text).toContain('years.2027.source: 缺少通知出处');
  });

  it('reports YAML syntax errors with their line', () => {
    const e = issuesOf('years:\n  2026:\n    source: "unclosed\n');
    expect(e.issues[0]?.line).toBeGreaterThanOrEqual(3);
    expect(e.issues[0]?.message).toMatch(/YAML/);
  });
});
