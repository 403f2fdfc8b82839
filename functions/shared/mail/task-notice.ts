// One mail to the privacy officer when a human task opens (a review, a failed request): Chinese first, English
// below. Only the request number, codes, the deadline and where to act: never personal data (free text redacted).
import { redactText } from '../../../domain/identity/index.ts';
import type { RightsRequest } from '../../../domain/request/model.ts';
import type { StepDeps } from '../deps.ts';
import { sendOnce } from './send-once.ts';

export type TaskNoticeKind = 'review' | 'failure' | 'identifiers' | 'child_data';

export interface TaskNotice {
  kind: TaskNoticeKind;
  request: Pick<RightsRequest, 'id' | 'deadline' | 'status'>;
  /** Codes (review reasons, the error name); redacted again here in case one quotes data. */
  reasons: string[];
}

const TITLE = {
  review: { zh: '待审核', en: 'review needed' },
  failure: { zh: '处理失败，需要人工处理', en: 'processing failed, action needed' },
  identifiers: { zh: '身份信息需核对', en: 'identifiers need checking' },
  child_data: {
    zh: '发现不满十四周岁儿童的个人信息，需尽快删除',
    en: 'data of a child under 14 found: delete it promptly',
  },
} as const;

function actionPath(kind: TaskNoticeKind, id: string): { zh: string; en: string } {
  if (kind === 'identifiers')
    return {
      zh: `核对后更正：POST /api/requests/${id}/identifiers`,
      en: `Check and correct: POST /api/requests/${id}/identifiers`,
    };
  if (kind === 'child_data')
    return {
      zh: `隐私政策第五条：删除后记录：POST /api/requests/${id}/child-data`,
      en: `Privacy policy §5: record the deletion: POST /api/requests/${id}/child-data`,
    };
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
    '法律不允许暂停或延长十五个工作日的答复期限（隐私政策第四条第（四）项）。',
  ];
  const en = [
    'To the privacy officer:',
    '',
    `Request ${id}: ${t.en}.`,
    `Why: ${reasons.length > 0 ? reasons.join(', ') : 'not stated'}`,
    `Reply deadline: ${deadline.deadline}${provisionalEn}`,
    `Where to act: ${act.en}${consoleUrl ? `\nConsole: ${consoleUrl}` : ''}`,
    'The 15-working-day reply period cannot be paused or extended.',
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
