// Words of the evidence report, Chinese first: codes and the legal basis of each kind of hold. Event types have
// their words in domain/request/event-labels.ts, shared with the console's timeline.
import type { Policy } from '../../../domain/policy/schema.ts';
import type { Bilingual } from '../../../domain/request/event-labels.ts';

export { type Bilingual, eventLabel } from '../../../domain/request/event-labels.ts';

const CODES: Record<string, Record<string, Bilingual>> = {
  channel: {
    email: { zh: '邮件', en: 'email' },
    hotline: { zh: '客服热线', en: 'hotline' },
    web: { zh: '网页', en: 'web' },
  },
  status: {
    closed: { zh: '已结束', en: 'closed' },
    replied: { zh: '已答复', en: 'replied' },
    withdrawn: { zh: '已撤回', en: 'withdrawn' },
    failed: { zh: '处理失败', en: 'failed' },
  },
  outcome: {
    completed: { zh: '已办理', en: 'completed' },
    partially_completed: { zh: '部分办理', en: 'partly completed' },
    refused: { zh: '不予办理', en: 'refused' },
    unable_to_verify: { zh: '无法核验身份', en: 'unable to verify identity' },
    fee_quoted: { zh: '已报价', en: 'fee quoted' },
    fee_declined: { zh: '未接受费用', en: 'fee declined' },
    not_a_request: { zh: '非权利请求', en: 'not a rights request' },
  },
  decision: {
    approve: { zh: '同意办理', en: 'approved' },
    partial: { zh: '部分办理', en: 'partly approved' },
    refuse: { zh: '不予办理', en: 'refused' },
  },
  requester: {
    self: { zh: '本人', en: 'the person' },
    guardian: { zh: '监护人', en: 'guardian' },
    relative_of_deceased: { zh: '死者近亲属', en: 'close relative of a deceased person' },
    agent: { zh: '代理人', en: 'agent' },
  },
  level: {
    none: { zh: '未核验', en: 'not verified' },
    contact: { zh: '联系渠道控制', en: 'control of the contact channel' },
    strong: { zh: '强核验', en: 'strong' },
  },
  method: {
    sms_code: { zh: '短信验证码（发送至档案中的手机号）', en: 'SMS code to the phone number on file' },
    email_code: { zh: '邮件验证码（发送至档案中的邮箱）', en: 'email code to the address on file' },
    hotline_staff: { zh: '客服电话核验', en: 'verified by hotline staff' },
    document_review: { zh: '证件材料审核', en: 'document review' },
    channel_control: { zh: '联系渠道控制', en: 'control of the contact channel' },
  },
  fulfil: {
    done: { zh: '已完成', en: 'done' },
    partial: { zh: '部分完成', en: 'partly done' },
    held: { zh: '依法保留', en: 'held' },
    refused: { zh: '不予办理', en: 'refused' },
    no_data: { zh: '未找到相关信息', en: 'no data held' },
    pending_staff: { zh: '待人工办理', en: 'pending staff' },
  },
  answer: {
    completed: { zh: '已删除', en: 'deleted' },
    not_found: { zh: '未持有该信息', en: 'held no data' },
    exception: { zh: '依法无法删除（附理由）', en: 'cannot delete (reason given)' },
  },
};

/** A code in words; the code itself when it has none. */
export function label(kind: keyof typeof CODES | string, code: string): Bilingual {
  return CODES[kind]?.[code] ?? { zh: code, en: code };
}

/** Holds that are no retention rule: what they rest on (the policy and the law texts in docs/law/). */
const OTHER_HOLDS: Record<string, Bilingual> = {
  legal_hold: {
    zh: '法律保全：与履行法律法规规定的义务相关（《连连支付隐私政策》第四条第（四）项第1种情形；《个人信息保护法》第十三条第一款第（三）项），至解除为止',
    en: 'legal hold: related to legal obligations (privacy policy §4(4) case 1; PIPL art. 13 ¶1 (3)), until lifted',
  },
  aml_investigation: {
    zh: '法律保全：与刑事侦查等直接相关（《连连支付隐私政策》第四条第（四）项第4种情形；《反洗钱法》第七条保密义务），至解除为止',
    en: 'legal hold: directly related to a criminal investigation (privacy policy §4(4) case 4; AML Law art. 7 confidentiality), until lifted',
  },
  dispute: {
    zh: '未决争议的证据（《连连支付隐私政策》第四条第（五）项），至争议解决为止',
    en: 'evidence of an open dispute (privacy policy §4(5)), until it is resolved',
  },
  restriction: {
    zh: '本人限制处理，仅存储（《个人信息保护法》第四十四条）',
    en: "the person's own restriction to storage only (PIPL art. 44)",
  },
};

/** The legal basis of a hold, by its rule: a retention rule's citation from policy/retention.yaml, else the table. */
export function holdBasis(rule: string, policy: Pick<Policy, 'retention'>): Bilingual {
  const retention = policy.retention.rules.find((r) => r.id === rule);
  if (retention)
    return {
      zh: `${retention.source.cite.zh}：${retention.source.text}（保存${retention.years}年）`,
      en: `${retention.source.cite.en} (kept ${retention.years} years)`,
    };
  return OTHER_HOLDS[rule] ?? { zh: rule, en: rule };
}
