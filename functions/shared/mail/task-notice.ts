// One mail to the privacy officer when a human task opens (a review, a failed request): Chinese first, English
// below. Only the request number, codes, the deadline and where to act: never personal data (free text redacted).
import { redactText } from '../../../domain/identity/index.ts';
import type { RightsRequest } from '../../../domain/request/model.ts';
import type { StepDeps } from '../deps.ts';
import { sendOnce } from './send-once.ts';

export type TaskNoticeKind = 'review' | 'failure';

export interface TaskNotice {
  kind: TaskNoticeKind;
  request: Pick<RightsRequest, 'id' | 'deadline' | 'status'>;
  /** Codes (review reasons, the error name); redacted again here in case one quotes data. */
  reasons: string[];
}

const TITLE = {
  review: { zh: '待审核', en: 'review needed' },
  failure: { zh: '处理失败，需要人工处理', en: 'processing failed, action needed' },
} as const;

function actionPath(kind: TaskNoticeKind, id: string): { zh: string; en: string } {
  return kind === 'review'
    ? { zh: `审核决定：POST /api/requests/${id}/review`, en: `Decide: POST /api/requests/${id}/review` }
    : {
        zh: `查看：GET /api/requests/${id}；排除原因后重新执行工作流`,
        en: `Inspect: GET /api/requests/${id}; re-drive the workflow once the cause is fixed`,
      };
}

export function composeTaskNotice(n: TaskNotice, consoleUrl?: string): { subject: string; text: string } {
  const { id, deadline } = n.request;
  const reasons = n.reasons.map((r) => redactText(r).slice(0, 200));
  const t = TITLE[n.kind];
  const act = actionPath(n.kind, id);
  const provisionalZh = deadline.provisional ? '（按临时日历估算，正式日期只会相同或更晚）' : '';
  const provisionalEn = deadline.provisional ? ' (early estimate on a provisional calendar)' : '';
  const zh = [
    '个人信息保护负责人：',
    '',
    `请求 ${id} ${t.zh}。`,
    `原因：${reasons.length > 0 ? reasons.join('、') : '未注明'}`,
    `答复期限：${deadline.deadline}${provisionalZh}`,
    `处理入口：${act.zh}${consoleUrl ? `\n控制台：${consoleUrl}` : ''}`,
    '十五个工作日的答复期限是我们在隐私政策中向用户作出的承诺（第三条第（四）项、第四条第（四）项、第八条第（二）项），不因核验、审核或等待而暂停或延长。',
  ];
  const en = [
    'To the privacy officer:',
    '',
    `Request ${id}: ${t.en}.`,
    `Why: ${reasons.length > 0 ? reasons.join(', ') : 'not stated'}`,
    `Reply deadline: ${deadline.deadline}${provisionalEn}`,
    `Where to act: ${act.en}${consoleUrl ? `\nConsole: ${consoleUrl}` : ''}`,
    'The 15 working days are the reply period our privacy policy promises (§3(4), §4(4), §8(2)); verification, review or waiting neither pauses nor extends it.',
  ];
  return {
    subject: `【${t.zh}】${id} / [${t.en}] ${id}`,
    text: `${zh.join('\n')}\n\n---- English version ----\n\n${en.join('\n')}\n`,
  };
}

/** Sends the notice once per request and kind (key `task-notice:<id>:<kind>`), to deps.config.privacyOfficerEmail. */
export async function notifyOfficer(deps: StepDeps, n: TaskNotice) {
  const { subject, text } = composeTaskNotice(n, deps.config.consoleUrl);
  return sendOnce(deps, {
    key: `task-notice:${n.request.id}:${n.kind}`,
    kind: 'task_notice',
    requestId: n.request.id,
    from: deps.config.senderAddress,
    to: [deps.config.privacyOfficerEmail],
    subject,
    text,
  });
}
