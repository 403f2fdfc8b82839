// Per-partner daily batching of recipient notices (issue 11 item 3, review M6): a partner that asks for it gets one
// mail per day listing that day's notices, each with its own signed acknowledgement page, instead of one mail per
// request. Pure: which day a notice joins, when a day's list is due, and the list's wording. Reminders and escalation
// still work per notice (the acknowledgement window of each notice is unchanged).
import { addDays, shanghaiDate } from '../calendar/index.ts';
import { zhDate } from '../calendar/letter-dates.ts';

/** A day's list goes out at this Shanghai time (end of the business day): notices queued later join the next day. */
export const BATCH_CUTOFF_HOUR = 17;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

function shanghaiHour(at: Date): number {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).getUTCHours();
}

/** The day whose list a notice queued at `at` joins: today before the cutoff, tomorrow from the cutoff on. */
export function batchDayFor(at: Date): string {
  const today = shanghaiDate(at);
  return shanghaiHour(at) < BATCH_CUTOFF_HOUR ? today : addDays(today, 1);
}

/** Whether the list of `day` is due at `now`: from that day's cutoff on (a missed day is sent late, never dropped). */
export function batchDue(day: string, now: Date): boolean {
  const today = shanghaiDate(now);
  return day < today || (day === today && shanghaiHour(now) >= BATCH_CUTOFF_HOUR);
}

export interface BatchItem {
  requestId: string;
  ackUrl: string;
  ackDueBy: string;
  /** The notice's own letter (partner_notice), as it would have been mailed alone. */
  letter: { subject: string; text: string };
  /** The name of its encrypted reference attachment, when it has one. */
  attachment?: string;
}

export interface BatchLetterInput {
  partnerId: string;
  names: { zh: string; en: string };
  day: string;
  items: BatchItem[];
}

/**
 * One mail for a partner's day: the list first (request, acknowledgement due, its own link), then each notice's full
 * letter unchanged, so every notice says exactly what it would have said alone. Chinese first, then English.
 */
export function composeBatchLetter(b: BatchLetterInput): { subject: string; text: string } {
  const items = [...b.items].sort((x, y) => x.requestId.localeCompare(y.requestId));
  const n = items.length;
  const withFiles = items.some((i) => i.attachment);
  const row = (i: BatchItem, k: number, zh: boolean) =>
    zh
      ? `${k + 1}. ${i.requestId}  请于 ${i.ackDueBy} 前确认  确认页面：${i.ackUrl}${i.attachment ? `  附件：${i.attachment}` : ''}`
      : `${k + 1}. ${i.requestId}  acknowledge by ${i.ackDueBy}  page: ${i.ackUrl}${i.attachment ? `  file: ${i.attachment}` : ''}`;
  const text = [
    `${b.names.zh}：`,
    '',
    `以下是我司${zhDate(b.day)}向贵方发出的 ${n} 份个人信息处理通知（按贵方要求每日汇总发送）。每份通知有各自的确认页面，请逐份确认处理结果。`,
    ...(withFiles ? ['各份通知中用于识别个人的完整信息，见与请求编号同名的加密附件（密码为双方约定的口令）。'] : []),
    '',
    ...items.map((i, k) => row(i, k, true)),
    '',
    `To ${b.names.en},`,
    '',
    `Below are the ${n} personal information notices we sent you on ${b.day}, in one daily list as you asked. Each notice has its own acknowledgement page: please answer each one.`,
    ...(withFiles
      ? [
          'The full identifiers of each person are in the encrypted attachment named after the request (the password is the one agreed between us).',
        ]
      : []),
    '',
    ...items.map((i, k) => row(i, k, false)),
    '',
    ...items.flatMap((i, k) => [
      `==== 第 ${k + 1} 份，共 ${n} 份 / Notice ${k + 1} of ${n}: ${i.requestId} ====`,
      i.letter.subject,
      '',
      i.letter.text,
      '',
    ]),
  ].join('\n');
  return {
    subject: `【个人信息处理通知汇总】${zhDate(b.day)} 共 ${n} 份 / Personal information notices of ${b.day}: ${n}`,
    text,
  };
}
