// Words of the evidence report, Chinese first: event types, codes, and the legal basis of each kind of hold. The
// console has its own copy of the event labels (web/ cannot import the server's modules); both keep the code visible.
import type { Policy } from '../../../domain/policy/schema.ts';

export interface Bilingual {
  zh: string;
  en: string;
}

const EVENTS: Record<string, Bilingual> = {
  request_received: { zh: '收到请求', en: 'request received' },
  workflow_started: { zh: '流程启动', en: 'workflow started' },
  workflow_start_failed: { zh: '流程启动失败', en: 'workflow start failed' },
  verification_code_sent: { zh: '已发送验证码', en: 'verification code sent' },
  verification_code_not_sent: { zh: '未能发送验证码', en: 'verification code not sent' },
  verification_code_rejected: { zh: '验证码错误', en: 'wrong verification code' },
  identity_verified: { zh: '身份已核验', en: 'identity verified' },
  hotline_verification_failed: { zh: '电话核验未通过', en: 'hotline verification failed' },
  exceptions_checked: { zh: '例外情形检查', en: 'exception checks' },
  review_requested: { zh: '提交隐私官审核', en: 'referred to the privacy officer' },
  review_decided: { zh: '隐私官决定', en: 'privacy officer decided' },
  fee_quoted: { zh: '已报价', en: 'fee quoted' },
  right_fulfilled: { zh: '权利已办理', en: 'right fulfilled' },
  correction_applied: { zh: '更正已完成', en: 'correction applied' },
  notices_planned: { zh: '计划通知接收方', en: 'recipient notices planned' },
  recipient_notified: { zh: '已通知接收方', en: 'recipient notified' },
  recipient_reminded: { zh: '已提醒接收方', en: 'recipient reminded' },
  recipient_acknowledged: { zh: '接收方已确认', en: 'recipient answered' },
  recipient_ack_escalated: { zh: '接收方未确认，已上报', en: 'recipient answer escalated' },
  acknowledgements_unanswered: { zh: '接收方最终未确认', en: 'recipients never answered' },
  backups_isolated: { zh: '备份已隔离', en: 'backups isolated' },
  backup_expired: { zh: '最后一份备份已过期', en: 'last backup holding the data expired' },
  reapplied_after_restore: { zh: '备份恢复后已重新执行', en: 're-applied after a restore' },
  restore_held_for_review: { zh: '备份恢复后因法律保全仅限制处理', en: 'restore: restricted only (legal hold)' },
  deletions_scheduled: { zh: '已安排延后删除', en: 'deferred deletions scheduled' },
  deferred_deletion_done: { zh: '延后删除完成', en: 'deferred deletion done' },
  schedule_fired: { zh: '定时任务触发', en: 'schedule fired' },
  timer_fired: { zh: '等待期满', en: 'timer fired' },
  reply_sent: { zh: '已答复', en: 'reply sent' },
  letter_to_deliver: { zh: '信件待人工送达', en: 'letter to deliver by staff' },
  letter_delivered: { zh: '信件已送达', en: 'letter delivered' },
  request_closed: { zh: '请求结束', en: 'request closed' },
  deadline_escalated: { zh: '临近期限提醒', en: 'deadline escalation' },
  deadline_breached: { zh: '已超过答复期限', en: 'deadline breached' },
  personal_data_revealed: { zh: '查看完整个人信息', en: 'personal data revealed' },
  evidence_report_generated: { zh: '生成证据报告', en: 'evidence report generated' },
  retry_requested: { zh: '重新运行', en: 'retry requested' },
  failure_redriven: { zh: '失败后重新运行', en: 'failure re-driven' },
  step_failed: { zh: '步骤失败', en: 'step failed' },
  'triage.accepted': { zh: '已分拣为权利请求', en: 'triaged as a request' },
  'email.received': { zh: '收到邮件', en: 'mail received' },
  'email.reply_received': { zh: '收到回复邮件', en: 'reply mail received' },
  'email.followup_received': { zh: '收到补充邮件', en: 'follow-up mail received' },
  'email.rejected': { zh: '邮件被拒收', en: 'mail rejected' },
  'mail.ack_sent': { zh: '已发送受理回执', en: 'acknowledgement of receipt sent' },
  'mail.not_delivered': { zh: '邮件未能送达', en: 'mail not delivered' },
  'mail.complained': { zh: '邮件被投诉为垃圾邮件', en: 'mail reported as spam' },
  'deadline.recomputed': { zh: '期限已按正式日历重算', en: 'deadline recomputed on the official calendar' },
  'request.linked': { zh: '已关联同一主体的请求', en: 'linked to a request about the same person' },
  'workflow.started_by_sweep': { zh: '由定时任务启动流程', en: 'workflow started by the sweep' },
  'triage.not_a_request': { zh: '非权利请求', en: 'not a rights request' },
};

export const eventLabel = (type: string): Bilingual => EVENTS[type] ?? { zh: type, en: type };

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
