// Tells the privacy officer / operations to load an official holiday schedule (国务院办公厅 notice) that is missing
// while deadlines depend on it, or soon will: the next year starts within ALERT_WINDOW_DAYS. One mail per missing
// year per Shanghai day (once-only key), and the metric `ScheduleMissing` on every sweep while it lasts (alarm).
import { missingSchedules, shanghaiDate, type WorkingCalendar } from '../../domain/calendar/index.ts';
import type { StepDeps } from '../shared/deps.ts';
import { METRIC } from '../shared/metrics.ts';
import { sendOnce } from '../shared/step.ts';

/** Roughly six weeks: the notice is usually published in early November for the next year. */
export const ALERT_WINDOW_DAYS = 45;
const DAY_MS = 86_400_000;

export interface ScheduleAlertInput {
  now: Date;
  calendar: WorkingCalendar;
  /** Open requests whose deadline is still provisional (after recomputing). */
  provisionalOpen: number;
}

/** Days from `now` until 1 January of the next Shanghai year begins. */
export function daysUntilNextYear(now: Date): number {
  const year = Number(shanghaiDate(now).slice(0, 4));
  return (Date.parse(`${year + 1}-01-01T00:00:00+08:00`) - now.getTime()) / DAY_MS;
}

function alertText(years: number[], provisionalOpen: number, today: string) {
  const list = years.join('、');
  const subject = `【日历缺失】请加载${list}年法定节假日安排 / Load the ${years.join(', ')} public-holiday schedule`;
  const text = [
    '个人信息保护负责人、运维同事：',
    '',
    `截至${today}，${list}年的国务院办公厅节假日安排尚未加载。在加载之前，涉及该年度的答复期限按临时日历（从早）计算，并标记为"临时"。`,
    `当前有${provisionalOpen}件未结请求的答复期限为临时期限。`,
    '请在通知发布后将其加入 policy/holidays.yaml（或升级 chinese-days）；一小时内系统将自动重新计算所有临时期限。',
    '',
    'To the privacy officer and operations:',
    '',
    `As of ${today}, the official public-holiday schedule for ${years.join(', ')} is not loaded. Until it is, reply deadlines reaching into that year are computed on a provisional, early-erring calendar and flagged provisional.`,
    `${provisionalOpen} open request(s) have a provisional deadline now.`,
    'Add the notice to policy/holidays.yaml (or upgrade chinese-days) once it is published; every provisional deadline is recomputed within the hour.',
  ].join('\n');
  return { subject, text };
}

/** Returns the missing years alerted on (empty when nothing is missing or nothing depends on it yet). */
export async function alertMissingSchedules(deps: StepDeps, input: ScheduleAlertInput): Promise<number[]> {
  const { now, calendar, provisionalOpen } = input;
  const missing = missingSchedules(now, calendar);
  if (missing.length === 0) return [];
  if (provisionalOpen === 0 && daysUntilNextYear(now) > ALERT_WINDOW_DAYS) return [];
  deps.metrics.count(METRIC.scheduleMissing, missing.length);
  const today = shanghaiDate(now);
  const { subject, text } = alertText(missing, provisionalOpen, today);
  // One key per missing year and day: a sweep every hour sends it once a day.
  const key = `schedule-missing:${missing.join('+')}:${today}`;
  const res = await sendOnce(deps, {
    key,
    kind: 'schedule_missing',
    from: deps.config.senderAddress,
    to: [deps.config.privacyOfficerEmail],
    subject,
    text,
  });
  if (res.sent) deps.logger.warn('official holiday schedule missing', { years: missing, provisionalOpen });
  return missing;
}
