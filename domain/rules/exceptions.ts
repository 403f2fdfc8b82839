// The automatic exception checks (policy §4(4)) run before fulfilment. What a machine can establish from recorded
// facts (retention duties, a legal hold) applies at once; anything discretionary, any refusal and any fee goes to
// the privacy officer, with the reasons and the exception cases to consider.
import type { ExceptionCode, Policy, RefusalBasisCode } from '../policy/schema.ts';
import {
  meetsVerification,
  type RequesterType,
  type Right,
  type VerificationLevel,
  type VerificationMethod,
} from '../request/model.ts';
import { type FeeAssessment, feeAssessment } from './fees.ts';
import type { Hold } from './types.ts';

/** The letter text of a refusal basis (policy/refusal-bases.yaml), as a fulfilment or check records it. */
export function basisReason(code: RefusalBasisCode, policy: Pick<Policy, 'refusalBases'>) {
  const b = policy.refusalBases.bases.find((x) => x.code === code);
  if (!b) throw new Error(`refusal basis ${code} is not in the policy`);
  return { code, zh: b.letter.zh, en: b.letter.en };
}

export interface ExceptionFacts {
  rights: readonly Right[];
  verification: { level: VerificationLevel; method?: VerificationMethod | undefined };
  requesterType: RequesterType;
  /** Subject under 14 (policy §5): priority deletion. */
  minor: boolean;
  /** A hold ordered by an authority or by legal counsel on this customer's data. */
  legalHold: boolean;
  /** An open anti-money-laundering investigation about this customer. */
  amlInvestigationOpen: boolean;
  /** Earlier requests of the same right by the same subject within the repetition window. */
  priorCountInWindow: Partial<Record<Right, number>>;
  /** Open disputes with merchant, issuing bank or us (blocks cancel_quickpay, policy §4(5)). */
  openDisputes: number;
  /** Every hold in force on the person's data now (currentHolds): shown to the officer, applied by the guard. */
  holds: readonly Hold[];
  now: Date;
}

export const REVIEW_REASONS = {
  open_disputes: {
    zh: '存在未解决的争议，注销快捷支付需拒绝或暂缓（隐私政策第四条第（五）项）',
    en: 'Open disputes: quick-pay cancellation must be refused or deferred (policy §4(5))',
  },
  repeated_request: {
    zh: '同一权利在重复期限内多次请求：是否属于无端重复或滥用权利，由个人信息保护负责人判断',
    en: 'Repeated request of the same right within the window: the privacy officer decides whether it is abusive',
  },
  fee_quote: {
    zh: '可收取成本费用（仅限转移请求），报价须经个人信息保护负责人审核',
    en: 'A cost fee may be charged (portability only); every quote needs the privacy officer',
  },
  aml_investigation_open: {
    zh: '存在未结的反洗钱调查：披露或删除前须审核',
    en: 'An anti-money-laundering investigation is open: review before disclosing or deleting',
  },
  requester_authority: {
    zh: '代为申请（监护人、近亲属或代理人）：须审核授权或关系证明',
    en: 'Request made on behalf of the subject: proof of authority or relationship to be reviewed',
  },
} as const;
export type ReviewReason = keyof typeof REVIEW_REASONS;

export interface ProposedRefusal {
  rights: Right[];
  reasons: { code: string; zh: string; en: string }[];
}

export interface ExceptionCheck {
  /** The request cannot go on: the verification level is below what the rights need. */
  unverified: boolean;
  /** Holds in force when checked (retention duties, legal holds, dispute evidence, the person's restrictions). */
  autoHolds: Hold[];
  needsReview: boolean;
  reviewReasons: ReviewReason[];
  /** Exception cases the privacy officer should consider (never applied automatically). */
  suggestedExceptions: ExceptionCode[];
  /** Refusal bases the officer should consider (policy/refusal-bases.yaml), never one that would disclose a hold. */
  suggestedBases: RefusalBasisCode[];
  /** A refusal the officer is asked to confirm (only ever with needsReview). */
  refusal?: ProposedRefusal;
  /** Fee quotes the officer is asked to confirm. */
  fees: Extract<FeeAssessment, { kind: 'quote' }>[];
  /** Subject under 14 asking for deletion: handled first (policy §5). */
  priority: boolean;
}

const ERASING_RIGHTS: ReadonlySet<Right> = new Set(['delete', 'cancel_quickpay']);

export function checkExceptions(
  facts: ExceptionFacts,
  policy: Pick<Policy, 'exceptions' | 'retention' | 'settings' | 'refusalBases'>,
): ExceptionCheck {
  const rights = [...new Set(facts.rights)];
  const reviewReasons = new Set<ReviewReason>();
  const suggested = new Set<ExceptionCode>();
  const refusalReasons: ProposedRefusal['reasons'] = [];
  const refusedRights = new Set<Right>();
  const fees: ExceptionCheck['fees'] = [];

  const unverified = !meetsVerification(facts.verification.level, rights);
  const priority = facts.minor && policy.settings.minors.priorityDeletion && rights.some((r) => ERASING_RIGHTS.has(r));
  if (unverified)
    return {
      unverified,
      autoHolds: [],
      needsReview: false,
      reviewReasons: [],
      suggestedExceptions: [],
      suggestedBases: [],
      fees,
      priority,
    };

  // Holds block erasure of what they cover; the erasure guard applies them again at the moment of erasing.
  const autoHolds: Hold[] = rights.some((r) => ERASING_RIGHTS.has(r)) ? [...facts.holds] : [];

  // The officer sees the real reason; nothing suggests a basis that would name it to the person (AML Law arts. 7,
  // 35 ¶2, 54): a refusal rests on the neutral legal-obligation basis, if on anything.
  const bases = new Set<RefusalBasisCode>();
  if (facts.amlInvestigationOpen && rights.some((r) => r !== 'withdraw_consent' && r !== 'explain')) {
    reviewReasons.add('aml_investigation_open');
    bases.add('legal_obligation');
  }

  if (rights.includes('cancel_quickpay') && facts.openDisputes > 0) {
    reviewReasons.add('open_disputes');
    refusedRights.add('cancel_quickpay');
    refusalReasons.push(basisReason('open_disputes', policy));
    bases.add('open_disputes');
  }

  for (const right of rights) {
    const prior = facts.priorCountInWindow[right] ?? 0;
    const fee = feeAssessment(right, prior, policy.settings);
    if (fee.kind === 'quote') {
      fees.push(fee);
      reviewReasons.add('fee_quote');
    } else if (fee.repeated) {
      reviewReasons.add('repeated_request');
      suggested.add('abuse');
      bases.add('excessive_repetition');
    }
  }

  if (facts.requesterType !== 'self' && facts.verification.method !== 'document_review') {
    reviewReasons.add('requester_authority');
    bases.add('no_authority');
  }

  const check: ExceptionCheck = {
    unverified,
    autoHolds,
    needsReview: reviewReasons.size > 0,
    reviewReasons: [...reviewReasons],
    suggestedExceptions: [...suggested],
    suggestedBases: [...bases],
    fees,
    priority,
  };
  if (refusedRights.size > 0) check.refusal = { rights: [...refusedRights], reasons: refusalReasons };
  return check;
}
