// `rightsflow deadline <date|ISO time> [--days N] [--json]`: the reply deadline in Chinese working days
// (docs/design.md §4). stdout carries only the answer; usage errors go to stderr with exit code 2.
import { parseArgs } from 'node:util';
import { calendarFor } from '../../domain/calendar/files.ts';
import {
  computeDeadline,
  DEFAULT_WORKING_DAYS,
  InvalidDateError,
  MAX_WORKING_DAYS,
  ScheduleFileError,
} from '../../domain/calendar/index.ts';

export const summary = 'reply deadline in Chinese working days';

const USAGE = `usage: rightsflow deadline <date|ISO time> [--days N] [--json]
  <date|ISO time>  receipt day YYYY-MM-DD (Asia/Shanghai) or an ISO time with Z or offset, e.g. 2026-11-23T17:00:00Z
  --days N         working days to reply (default ${DEFAULT_WORKING_DAYS}); the receipt day is not counted
  --json           print {"receivedOn","deadline","workingDays","provisional"}
`;

function usageError(message: string): number {
  process.stderr.write(`rightsflow deadline: ${message}\n\n${USAGE}`);
  return 2;
}

export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    return usageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    return usageError(
      positionals.length === 0
        ? '缺少日期 / missing the date'
        : `只接受一个日期 / expected one date, got ${positionals.length}`,
    );
  }
  const days = values.days === undefined ? DEFAULT_WORKING_DAYS : Number(values.days);
  if (!/^\d+$/.test(values.days ?? '1') || !Number.isInteger(days) || days < 1 || days > MAX_WORKING_DAYS) {
    return usageError(
      `--days 应为 1 到 ${MAX_WORKING_DAYS} 的整数 / --days must be a whole number from 1 to ${MAX_WORKING_DAYS}, got "${values.days}"`,
    );
  }

  let result: ReturnType<typeof computeDeadline>;
  try {
    result = computeDeadline({ receivedAt: positionals[0]!, workingDays: days }, calendarFor());
  } catch (e) {
    if (e instanceof InvalidDateError) return usageError(`无法识别的日期 / cannot read the date: ${e.message}`);
    if (e instanceof RangeError) return usageError(`超出日历范围 / outside the calendar: ${e.message}`);
    if (e instanceof ScheduleFileError) {
      process.stderr.write(`rightsflow deadline: ${e.message}\n`);
      return 1;
    }
    throw e;
  }

  if (values.json) {
    const { receivedOn, deadline, workingDays, provisional } = result;
    process.stdout.write(`${JSON.stringify({ receivedOn, deadline, workingDays, provisional })}\n`);
  } else {
    process.stdout.write(`${result.deadline}\n`);
  }
  if (result.provisional) {
    process.stderr.write(
      '注意：期间涉及尚未载入官方节假日安排的年份，此为提前估算的暂定期限 / note: provisional deadline (erring early): ' +
        'a year in the period has no official holiday schedule loaded yet (policy/holidays.yaml)\n',
    );
  }
  return 0;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      days: { type: 'string', short: 'd' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
