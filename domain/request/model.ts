// The rights request: the one record every channel creates and the workflow drives to a reply.
// zod schemas are the source of the types (docs/design.md §1, §3).
import * as z from 'zod';

/** Rights codes used everywhere (docs/design.md §1). */
export const RIGHTS = [
  'access',
  'copy',
  'correct',
  'delete',
  'withdraw_consent',
  'cancel_quickpay',
  'portability',
  'explain',
  'restrict',
] as const;
export const Right = z.enum(RIGHTS);
export type Right = z.infer<typeof Right>;

export const RIGHT_LABELS: Record<Right, { zh: string; en: string; policy: string }> = {
  access: { zh: '查阅', en: 'access', policy: '§4(1)' },
  copy: { zh: '复制', en: 'copy', policy: '§4(1)' },
  correct: { zh: '更正、补充', en: 'correction', policy: '§4(1)' },
  delete: { zh: '删除', en: 'deletion', policy: '§3(4), §4(2)' },
  withdraw_consent: { zh: '撤回同意 / 退订', en: 'withdrawal of consent', policy: '§1(1)5, §4(3)' },
  cancel_quickpay: { zh: '注销快捷支付', en: 'cancellation of quick pay', policy: '§4(5)' },
  portability: { zh: '转移', en: 'portability', policy: 'PIPL art. 45' },
  explain: { zh: '解释说明', en: 'explanation', policy: 'PIPL art. 48' },
  restrict: { zh: '限制处理', en: 'restriction', policy: 'PIPL art. 44' },
};

export const Channel = z.enum(['email', 'hotline', 'web']);
export type Channel = z.infer<typeof Channel>;

/** Who is asking on whose behalf (PIPL arts. 31, 49). */
export const RequesterType = z.enum(['self', 'guardian', 'relative_of_deceased', 'agent']);
export type RequesterType = z.infer<typeof RequesterType>;

/** `contact`: control of the channel (enough for marketing opt-out); `strong`: SMS code, hotline check or documents. */
export const VerificationLevel = z.enum(['none', 'contact', 'strong']);
export type VerificationLevel = z.infer<typeof VerificationLevel>;

export const VerificationMethod = z.enum([
  'sms_code',
  'email_code',
  'hotline_staff',
  'document_review',
  'channel_control',
]);
export type VerificationMethod = z.infer<typeof VerificationMethod>;

/** Rights that disclose or change data need strong verification (docs/design.md §2 Identity). */
export const STRONG_VERIFICATION_RIGHTS: ReadonlySet<Right> = new Set([
  'access',
  'copy',
  'correct',
  'delete',
  'cancel_quickpay',
  'portability',
  'restrict',
]);

export function requiredVerificationLevel(rights: readonly Right[]): VerificationLevel {
  if (rights.some((r) => STRONG_VERIFICATION_RIGHTS.has(r))) return 'strong';
  return rights.length > 0 ? 'contact' : 'none';
}

const LEVEL_RANK: Record<VerificationLevel, number> = { none: 0, contact: 1, strong: 2 };

/** Whether a verification at `level` covers everything these rights need. */
export function meetsVerification(level: VerificationLevel, rights: readonly Right[]): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK[requiredVerificationLevel(rights)];
}

export const STATUSES = [
  'triage', // could not be parsed or classified: staff decide
  'received',
  'awaiting_verification',
  'checking', // automatic exception checks
  'under_review', // privacy officer decides exceptions / refusal / fee
  'awaiting_fee',
  'fulfilling',
  'replying',
  'replied', // reply sent; partner acknowledgements may still be chased
  'closed',
  'failed', // a step failed after retries: a human task is open
  'withdrawn', // the requester withdrew the request
] as const;
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

export const TERMINAL_STATUSES: ReadonlySet<Status> = new Set(['closed', 'withdrawn']);
/** Statuses in which the 15-working-day reply duty still runs. */
export const REPLY_PENDING_STATUSES: ReadonlySet<Status> = new Set([
  'triage',
  'received',
  'awaiting_verification',
  'checking',
  'under_review',
  'awaiting_fee',
  'fulfilling',
  'replying',
  'failed',
]);

const TRANSITIONS: Record<Status, readonly Status[]> = {
  triage: ['received', 'closed', 'withdrawn'],
  received: ['awaiting_verification', 'checking', 'replying', 'failed', 'withdrawn'],
  awaiting_verification: ['checking', 'replying', 'failed', 'withdrawn'],
  checking: ['under_review', 'awaiting_fee', 'fulfilling', 'replying', 'failed', 'withdrawn'],
  under_review: ['awaiting_fee', 'fulfilling', 'replying', 'failed', 'withdrawn'],
  awaiting_fee: ['fulfilling', 'replying', 'failed', 'withdrawn'],
  fulfilling: ['replying', 'failed'],
  replying: ['replied', 'failed'],
  // withdrawn: a fee quote not accepted (the letter saying so is the reply).
  replied: ['closed', 'withdrawn', 'failed'],
  // A failed request is re-driven from the top: every step skips what it already recorded.
  failed: [
    'received',
    'awaiting_verification',
    'checking',
    'under_review',
    'fulfilling',
    'replying',
    'replied',
    'closed',
  ],
  closed: [],
  withdrawn: [],
};

export function canTransition(from: Status, to: Status): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export class InvalidTransitionError extends Error {
  override name = 'InvalidTransition';
  constructor(
    readonly from: Status,
    readonly to: Status,
  ) {
    super(`a request in status "${from}" cannot move to "${to}"`);
  }
}

export function assertTransition(from: Status, to: Status): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

export const Outcome = z.enum([
  'completed',
  'partially_completed',
  /** A deletion where everything asked for is held by a retention duty or legal hold (nothing deleted). */
  'held',
  'refused',
  'unable_to_verify',
  'fee_quoted',
  'fee_declined',
  'not_a_request',
]);
export type Outcome = z.infer<typeof Outcome>;

/** The person the request is about, as claimed. Personal data: stored sealed, shown masked, looked up by hash. */
export const SubjectClaim = z.object({
  name: z.string().min(1).max(100).optional(),
  idNumber: z.string().max(40).optional(),
  idNumberValid: z.boolean().optional(),
  phone: z.string().max(20).optional(),
  email: z.string().max(254).optional(),
  bankCardLast4: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
});
export type SubjectClaim = z.infer<typeof SubjectClaim>;

export const Deadline = z.object({
  receivedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** End of the deadline day in Asia/Shanghai, as an ISO instant. */
  deadlineAt: z.string(),
  workingDays: z.number().int().positive(),
  provisional: z.boolean(),
  clockStart: z.enum(['receipt', 'verification']),
});
export type Deadline = z.infer<typeof Deadline>;

/** Request numbers shown to people and used as the execution name: RF-YYYYMMDD-XXXXXX (Crockford base32). */
export const REQUEST_ID_PATTERN = /^RF-\d{8}-[0-9A-HJKMNP-TV-Z]{6}$/;
export const RequestId = z.string().regex(REQUEST_ID_PATTERN, 'a request number looks like RF-20261125-7K3QZ8');

export const Requester = z.object({
  type: RequesterType,
  name: z.string().max(100).optional(),
  email: z.string().max(254).optional(),
  phone: z.string().max(20).optional(),
});
export type Requester = z.infer<typeof Requester>;

export const Verification = z.object({
  level: VerificationLevel,
  method: VerificationMethod.optional(),
  verifiedAt: z.string().optional(),
  /** Staff user who verified at the hotline or reviewed documents. */
  verifiedBy: z.string().optional(),
});
export type Verification = z.infer<typeof Verification>;

/** A rights request as the domain sees it (subject decrypted). The store seals personal fields. */
export const RightsRequest = z.object({
  id: RequestId,
  channel: Channel,
  status: Status,
  rights: z.array(Right),
  language: z.enum(['zh', 'en']),
  subject: SubjectClaim,
  requester: Requester,
  /** Under 14 per the ID number's birth date (policy §5): priority deletion, guardian acts. */
  minor: z.boolean(),
  verification: Verification,
  receivedAt: z.string(),
  verifiedAt: z.string().optional(),
  /** When the reply was sent (SendReply): on-time rate and working days to reply. */
  repliedAt: z.string().optional(),
  deadline: Deadline,
  outcome: Outcome.optional(),
  /** When the request was first answered (replied, closed or withdrawn): the retention clock of its records. */
  answeredAt: z.string().optional(),
  /** When its personal fields were removed (policy/request-records.yaml); the record and audit trail stay. */
  personalDataPurgedAt: z.string().optional(),
  /** Free text the person wrote (mail body or hotline notes); personal data, sealed at rest. */
  details: z.string().max(20_000).optional(),
  /** Correction asked for, when rights include `correct`. */
  correction: z.string().max(5_000).optional(),
  source: z.object({
    messageId: z.string().optional(),
    rawKey: z.string().optional(),
    subjectLine: z.string().optional(),
    idempotencyKey: z.string().optional(),
    /** HMAC of the API body sent with the Idempotency-Key: the same key with another body is refused (422). */
    bodyFingerprint: z.string().optional(),
  }),
  linkedRequestIds: z.array(z.string()).default([]),
  createdBy: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().nonnegative(),
});
export type RightsRequest = z.infer<typeof RightsRequest>;

/**
 * Categories of personal data a payment company holds (policy §1(1), §2 table). Retention rules, recipients'
 * registries, exports and deletion counts all speak in these.
 */
export const DATA_CATEGORIES = [
  'identity', // 姓名、身份证件号码及影印件、有效期、国籍、性别、住址、职业
  'contact', // 手机号码、电子邮箱
  'bank_cards', // 银行卡卡号、预留手机号
  'transactions', // 交易信息：金额、对象、订单号
  'device', // IP、终端信息、浏览器版本、地理位置
  'marketing', // 营销特征标签、订阅、问卷
  'support', // 客服记录、通话录音
] as const;
export const DataCategory = z.enum(DATA_CATEGORIES);
export type DataCategory = z.infer<typeof DataCategory>;
