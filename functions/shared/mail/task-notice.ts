// One mail to the privacy officer when a human task opens (a review, a failed request): Chinese first, English
// below. Only the request number, codes, the deadline and where to act: never personal data (free text redacted).
import { redactText } from '../../../domain/identity/index.ts';
import type { RightsRequest } from '../../../domain/request/model.ts';
import { REVIEW_REASONS } from '../../../domain/rules/index.ts';
import type { StepDeps } from '../deps.ts';
import { sendOnce } from './send-once.ts';

export type TaskNoticeKind =
  | 'review'
  | 'failure'
  | 'delivery'
  | 'triage'
  | 'correction'
  | 'explanation'
  | 'transfer'
  | 'identifiers'
  | 'child_data'
  | 'verification';

export interface TaskNotice {
  kind: TaskNoticeKind;
  request: Pick<RightsRequest, 'id' | 'deadline' | 'status'>;
  /** Review reason codes (said in words here), error names, or words; redacted again in case one quotes data. */
  reasons: string[];
  /** Distinguishes several notices of one kind on a request (e.g. one per letter to deliver). */
  about?: string;
  /** Said first and in full (e.g. that a legal hold must not be disclosed to the person). */
  warnings?: { zh: string; en: string }[];
}

const TITLE = {
  review: { zh: '待审核', en: 'review needed' },
  failure: { zh: '处理失败，需要人工处理', en: 'processing failed, action needed' },
  delivery: { zh: '答复函待电话或邮寄送达', en: 'letter to deliver by phone or post' },
  identifiers: { zh: '身份信息需核对', en: 'identifiers need checking' },
  verification: { zh: '身份须由工作人员核验', en: 'identity to be verified by staff' },
  child_data: {
    zh: '发现不满十四周岁儿童的个人信息，需尽快删除',
    en: 'data of a child under 14 found: delete it promptly',
  },
  triage: { zh: '来信无法自动识别，待人工分拣', en: 'mail the intake could not read, triage needed' },
  correction: { zh: '更正请求待核实并执行', en: 'correction to check and apply' },
  explanation: { zh: '本人提出的问题待答复', en: "the person's question to answer" },
  transfer: {
    zh: '个人信息转移：待核实接收方的接收地址',
    en: 'portability to a named company: confirm its receiving address',
  },
} as const;

function actionPath(kind: TaskNoticeKind, id: string): { zh: string; en: string } {
  switch (kind) {
    case 'review':
      return { zh: `审核决定：POST /api/requests/${id}/review`, en: `Decide: POST /api/requests/${id}/review` };
    case 'delivery':
      return {
        zh: `阅读信函：GET /api/requests/${id}（letters）；送达后登记：POST /api/requests/${id}/letters/{key}/delivered`,
        en: `Read the letter: GET /api/requests/${id} (letters); once delivered: POST /api/requests/${id}/letters/{key}/delivered`,
      };
    case 'identifiers':
      return {
        zh: `核对后更正：POST /api/requests/${id}/identifiers`,
        en: `Check and correct: POST /api/requests/${id}/identifiers`,
      };
    case 'verification':
      return {
        zh: `审阅证明材料（来信附件见 GET /api/requests/${id}）后：POST /api/requests/${id}/verification（method: document_review）；或电话核验：同一入口（method: hotline_staff，已故用户的近亲属除外）`,
        en: `Once the documents are reviewed (the mail's attachments: GET /api/requests/${id}): POST /api/requests/${id}/verification (method: document_review); or a check on a call: same route (method: hotline_staff; not for a relative of a deceased person)`,
      };
    case 'child_data':
      return {
        zh: `隐私政策第五条：删除后记录：POST /api/requests/${id}/child-data`,
        en: `Privacy policy §5: record the deletion: POST /api/requests/${id}/child-data`,
      };
    case 'triage':
      return {
        zh: `阅读来信并分拣：GET /api/requests/${id}；POST /api/requests/${id}/triage（请求事项与主体，或"不是请求"）`,
        en: `Read the mail and triage it: GET /api/requests/${id}; POST /api/requests/${id}/triage (rights and subject, or "not a request")`,
      };
    case 'correction':
      return {
        zh: `核实并在业务系统中更正后登记：POST /api/requests/${id}/corrections（系统随即向本人发送更正确认函）`,
        en: `Once checked and applied in the company's systems: POST /api/requests/${id}/corrections (the confirmation letter then goes to the person)`,
      };
    case 'explanation':
      return {
        zh: `阅读请求原文（GET /api/requests/${id}）后答复，答复将载入答复函：POST /api/requests/${id}/explanation`,
        en: `Read the request (GET /api/requests/${id}), then answer; the answer goes into the reply: POST /api/requests/${id}/explanation`,
      };
    case 'transfer':
      return {
        zh: `核实本人指定的接收方及其接收地址（如向该公司官方渠道核对）后：POST /api/requests/${id}/transfer（confirm：接收方名称与邮箱，系统随即发送下载链接及另函提取码）；不予转移时给出理由（refuse）`,
        en: `Check the company the person named and its receiving address (e.g. with the company's official channel), then: POST /api/requests/${id}/transfer (confirm: its name and e-mail; the link and, separately, its code go out at once); or refuse with a reason`,
      };
    case 'failure':
      return {
        zh: `查看：GET /api/requests/${id}；排除原因后重新执行工作流`,
        en: `Inspect: GET /api/requests/${id}; re-drive the workflow once the cause is fixed`,
      };
  }
}

/** Reason codes of the notices other than a review, in words. */
const NOTICE_REASONS: Record<string, { zh: string; en: string }> = {
  child_under_14_found: {
    zh: '请求涉及的用户未满十四周岁，其个人信息在我司系统中（隐私政策第五条：发现后尽快删除）',
    en: 'the person the request is about is under 14 and their data is in our systems (privacy policy §5: delete it promptly)',
  },
  identifier_conflict: {
    zh: '身份证号与手机号分别对应不同的客户，请与来信/来电人核对后更正',
    en: 'the ID number and the phone point to different customers: check with the person and correct them',
  },
  deceased_subject: {
    zh: '已故用户的近亲属提出请求：不向逝者的联系方式发送验证码，须审阅其身份证件、死亡证明及亲属关系证明，并确认《个人信息保护法》第四十九条的条件',
    en: "a deceased user's close relative asks: no code to the deceased's contacts; review their identity, the proof of death and of kinship, and confirm the conditions of PIPL art. 49",
  },
  guardian_documents: {
    zh: '监护人代未成年人提出请求：不向未成年人的联系方式发送验证码，须审阅监护人的身份证件及监护关系证明（《个人信息保护法》第三十一条）',
    en: "a guardian asks for a minor: no code to the child's contacts; review the guardian's identity and the proof of guardianship (PIPL art. 31)",
  },
  no_contact_on_file: {
    zh: '我司未留存该用户的手机号或电子邮箱，无法发送验证码：请电话核验或审阅证明材料',
    en: 'no phone or email on file, so no code can be sent: verify on a call or by documents',
  },
  request_limit: {
    zh: '本请求可发送的验证码次数已用完：请电话核验或审阅证明材料',
    en: 'the codes allowed for this request are used up: verify on a call or by documents',
  },
};

/** A reason in words: review reason codes are said as the rules word them, known notice codes too, anything else as given. */
function inWords(reason: string): { zh: string; en: string } {
  const known = (REVIEW_REASONS as Record<string, { zh: string; en: string }>)[reason] ?? NOTICE_REASONS[reason];
  const r = redactText(reason).slice(0, 200);
  return known ?? { zh: r, en: r };
}

export function composeTaskNotice(n: TaskNotice, consoleUrl?: string): { subject: string; text: string } {
  const { id, deadline } = n.request;
  const reasons = n.reasons.map(inWords);
  const t = TITLE[n.kind];
  const act = actionPath(n.kind, id);
  const provisionalZh = deadline.provisional ? '（按临时日历估算，正式日期只会相同或更晚）' : '';
  const provisionalEn = deadline.provisional ? ' (early estimate on a provisional calendar)' : '';
  const zh = [
    '个人信息保护负责人：',
    '',
    `请求 ${id} ${t.zh}。`,
    ...(n.warnings ?? []).map((w) => `【注意】${w.zh}`),
    `原因：${reasons.length > 0 ? reasons.map((r) => r.zh).join('；') : '未注明'}`,
    `答复期限：${deadline.deadline}${provisionalZh}`,
    `处理入口：${act.zh}${consoleUrl ? `\n控制台：${consoleUrl}` : ''}`,
    '十五个工作日的答复期限是我们在隐私政策中向用户作出的承诺（第三条第（四）项、第四条第（四）项、第八条第（二）项），不因核验、审核或等待而暂停或延长。',
  ];
  const en = [
    'To the privacy officer:',
    '',
    `Request ${id}: ${t.en}.`,
    ...(n.warnings ?? []).map((w) => `[Attention] ${w.en}`),
    `Why: ${reasons.length > 0 ? reasons.map((r) => r.en).join('; ') : 'not stated'}`,
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
    key: `task-notice:${n.request.id}:${n.kind}${n.about ? `:${n.about}` : ''}`,
    kind: 'task_notice',
    requestId: n.request.id,
    from: deps.config.senderAddress,
    to: [deps.config.privacyOfficerEmail],
    subject,
    text,
  });
}
