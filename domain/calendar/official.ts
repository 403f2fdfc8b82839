// Official yearly schedules (国务院办公厅 notices) as shipped by the chinese-days package.
//
// chinese-days answers isWorkday() for any date, treating a year it has no notice for as an ordinary year
// (it calls 2027-01-01 a working day). We therefore read its published data file (dist/chinese-days.json,
// documented in its README) and count a year as official only if that file lists at least one holiday in
// it: every notice since 1999 gives days off, so a year without any is a year the package does not know.
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

export interface YearSchedule {
  year: number;
  /** The notice, e.g. 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04), or where the data came from. */
  source: string;
  /** Days off set by the notice (may include weekends and, for 元旦, late December of the year before). */
  holidays: readonly string[];
  /** Make-up working days (调休上班), normally weekend days. */
  workdays: readonly string[];
}

const holidays = data.holidays as Record<string, string>;
const workdays = data.workdays as Record<string, string>;

let cached: YearSchedule[] | undefined;

/** Every year chinese-days really has a notice for, oldest first. */
export function chineseDaysSchedules(): readonly YearSchedule[] {
  if (cached) return cached;
  const byYear = new Map<number, { holidays: string[]; workdays: string[] }>();
  // The file is keyed by date, not by notice: a December day named 元旦 belongs to next year's notice
  // (e.g. Sat 2018-12-29, a make-up day of the 2019 notice), so that it comes and goes with that notice.
  const noticeYear = (date: string, name: string | undefined) =>
    Number(date.slice(0, 4)) + (date.slice(5, 7) === '12' && name?.includes('元旦') ? 1 : 0);
  const entry = (date: string, name: string | undefined) => {
    const year = noticeYear(date, name);
    let e = byYear.get(year);
    if (!e) {
      e = { holidays: [], workdays: [] };
      byYear.set(year, e);
    }
    return e;
  };
  for (const [date, name] of Object.entries(holidays)) entry(date, name).holidays.push(date);
  for (const [date, name] of Object.entries(workdays)) entry(date, name).workdays.push(date);
  cached = [...byYear.entries()]
    .filter(([, e]) => e.holidays.length > 0)
    .sort(([a], [b]) => a - b)
    .map(([year, e]) => ({
      year,
      source: `chinese-days ${year}`,
      holidays: e.holidays.sort(),
      workdays: e.workdays.sort(),
    }));
  return cached;
}
