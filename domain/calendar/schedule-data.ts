// The holiday schedule's rules, on parsed data: policy/holidays.yaml (schedule-file.ts parses the YAML and gives
// lines) and its JSON forms (the compiled policy in a Lambda bundle, the stage's SSM parameter) are checked by the
// same code. A year listed is official and replaces what chinese-days has for it. Every problem is reported as
// `<file>:<line>: <field>: <what is wrong>`, in Chinese and English (line 1 where the source has no lines: JSON).
import * as z from 'zod';
import { formatSourceIssue, type SourceIssue } from '../source-issue.ts';
import { fromDayNumber, isDateString, isWeekend, toDayNumber } from './dates.ts';
import type { YearSchedule } from './official.ts';

export type ScheduleIssue = SourceIssue;

export class ScheduleFileError extends Error {
  override name = 'ScheduleFileError';
  constructor(readonly issues: ScheduleIssue[]) {
    super(
      `节假日安排文件有 ${issues.length} 处错误 / the holiday schedule file has ${issues.length} problem(s):\n${issues.map(formatScheduleIssue).join('\n')}`,
    );
  }
}

export const formatScheduleIssue = formatSourceIssue;

const DATE_HINT =
  '日期写作 YYYY-MM-DD，区间写作 YYYY-MM-DD..YYYY-MM-DD / write dates as YYYY-MM-DD, ranges as YYYY-MM-DD..YYYY-MM-DD';

const DateOrRange = z.string({ error: `应为日期 / expected a date. ${DATE_HINT}` }).check((ctx) => {
  const parts = ctx.value.split('..').map((s) => s.trim());
  const bad = parts.find((p) => !isDateString(p));
  if (parts.length > 2 || bad !== undefined) {
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `"${bad ?? ctx.value}" 不是有效日期 / is not a valid date. ${DATE_HINT}`,
    });
  } else if (parts.length === 2 && parts[0]! > parts[1]!) {
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `区间倒置 / range ends before it starts: ${ctx.value}`,
    });
  }
});

const YEAR_FIELDS = ['source', 'holidays', 'workdays'] as const;
const YearEntry = z.strictObject({
  source: z
    .string({
      error: (iss) =>
        iss.input === undefined
          ? '缺少通知出处 / missing: the notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知 (2026-11-xx)'
          : '通知出处应为文字 / the notice should be text, e.g. 国务院办公厅关于2027年部分节假日安排的通知 (2026-11-xx)',
    })
    .min(1, '通知出处不能为空 / the notice must not be empty'),
  holidays: z.array(DateOrRange, { error: `应为日期列表 / expected a list of dates. ${DATE_HINT}` }).default([]),
  workdays: z.array(DateOrRange, { error: `应为日期列表 / expected a list of dates. ${DATE_HINT}` }).default([]),
});

const ScheduleFile = z.strictObject({
  years: z.record(z.string().regex(/^(19|20)\d{2}$/), YearEntry, {
    error: '应为按年份列出的安排 / expected schedules keyed by year, e.g. "2027:"',
  }),
});

/** The closest allowed field name, for "did you mean". */
function suggest(word: string, allowed: readonly string[]): string | undefined {
  const dist = (a: string, b: string) => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const cur = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
      }
    }
    return row[b.length]!;
  };
  const best = allowed.map((w) => [w, dist(word.toLowerCase(), w)] as const).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= 3 ? best[0] : undefined;
}

function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out;
}

/** Line of a field in the source (the key's line when `wantKey`); 1 when the source has no lines. */
export type LineOf = (path: readonly PropertyKey[], wantKey?: boolean) => number;

/** Checks parsed schedule data; throws ScheduleFileError naming file, line and field of every problem. */
export function validateSchedules(data: unknown, file: string, lineOf: LineOf = () => 1): YearSchedule[] {
  const parsed = ScheduleFile.safeParse(data);
  const issues: ScheduleIssue[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        const allowed = issue.path.length === 0 ? ['years'] : [...YEAR_FIELDS];
        for (const key of issue.keys) {
          const hint = suggest(key, allowed);
          issues.push({
            file,
            line: lineOf([...issue.path, key], true),
            field: fieldName([...issue.path, key]),
            message:
              `未知字段 / unknown field "${key}"` +
              (hint ? `，是否应为 / did you mean "${hint}"?` : '') +
              ` 可用字段 / allowed: ${allowed.join(', ')}`,
          });
        }
      } else {
        const badYear = issue.code === 'invalid_key';
        issues.push({
          file,
          line: lineOf(issue.path, badYear),
          field: fieldName(issue.path),
          message: badYear
            ? `年份应为四位数字 / a year is four digits, e.g. 2027, got "${String(issue.path.at(-1))}"`
            : issue.message,
        });
      }
    }
  }
  // Years that are well-formed, checked for meaning even when others are not, so one run lists every problem.
  let entries: [string, z.output<typeof YearEntry>][];
  if (parsed.success) {
    entries = Object.entries(parsed.data.years);
  } else {
    const raw = (data as { years?: unknown }).years;
    entries = [];
    if (raw && typeof raw === 'object') {
      for (const [key, value] of Object.entries(raw)) {
        const one = YearEntry.safeParse(value);
        if (one.success && /^(19|20)\d{2}$/.test(key)) entries.push([key, one.data]);
      }
    }
  }

  // Meaning checks: dates belong to their year, make-up days are weekend days, no day is both.
  const schedules: YearSchedule[] = [];
  for (const [yearKey, entry] of entries) {
    const year = Number(yearKey);
    const first = toDayNumber(`${year - 1}-12-01`); // 元旦 arrangements reach into late December
    const last = toDayNumber(`${year}-12-31`);
    const expand = (kind: 'holidays' | 'workdays') => {
      const days = new Set<number>();
      entry[kind].forEach((item, i) => {
        const [a, b = a] = item.split('..').map((s) => s.trim()) as [string, string?];
        const path = ['years', yearKey, kind, i];
        const from = toDayNumber(a);
        const to = toDayNumber(b);
        if (from < first || to > last) {
          issues.push({
            file,
            line: lineOf(path),
            field: fieldName(path),
            message: `${item} 不在 ${year} 年安排的范围内 / is outside the ${year} schedule (${year - 1}-12-01 … ${year}-12-31)`,
          });
          return;
        }
        for (let d = from; d <= to; d++) {
          if (kind === 'workdays' && !isWeekend(d)) {
            issues.push({
              file,
              line: lineOf(path),
              field: fieldName(path),
              message: `${fromDayNumber(d)} 是工作日（周一至周五），调休上班日应为周六或周日 / is a weekday; make-up working days (调休上班) are Saturdays or Sundays`,
            });
          }
          days.add(d);
        }
      });
      return days;
    };
    const holidays = expand('holidays');
    const workdays = expand('workdays');
    for (const d of workdays) {
      if (holidays.has(d)) {
        const path = ['years', yearKey, 'workdays'];
        issues.push({
          file,
          line: lineOf(path),
          field: fieldName(path),
          message: `${fromDayNumber(d)} 同时列为放假和上班 / is listed both as a holiday and as a make-up working day`,
        });
      }
    }
    const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b).map(fromDayNumber);
    schedules.push({ year, source: entry.source, holidays: sorted(holidays), workdays: sorted(workdays) });
  }
  if (issues.length > 0) throw new ScheduleFileError(issues.sort((a, b) => a.line - b.line));
  return schedules.sort((a, b) => a.year - b.year);
}

/** A schedule in JSON (the same shape as holidays.yaml: `{"years": {"2027": {"source": …, "holidays": […]}}}`). */
export function parseScheduleJson(text: string, file: string): YearSchedule[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ScheduleFileError([
      {
        file,
        line: 1,
        field: '',
        message: `JSON 语法错误 / JSON syntax: ${(e as Error).message.split('\n')[0]} (YAML 请先用 rightsflow holidays-json 转换 / convert YAML with rightsflow holidays-json)`,
      },
    ]);
  }
  return validateSchedules(data ?? {}, file);
}
