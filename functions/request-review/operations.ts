// The privacy officer's decision (the API enforces the role; this validates the content and resumes the workflow).
import * as z from 'zod';
import { ExceptionCode, RefusalBasisCode } from '../../domain/policy/schema.ts';
import { DataCategory, Right } from '../../domain/request/model.ts';
import { confidentialityProblems, type ResolvedBasis, resolveBases } from '../../domain/rules/index.ts';
import { CHECKS_KEY, type RecordedChecks } from '../check-exceptions/step.ts';
import { FeeDecision, quoteFromDecision, type RecordedFee } from '../request-fee-acceptance/quote.ts';
import type { StepDeps } from '../shared/deps.ts';
import { completeWaitingTask, mustGetRequest, stepError } from '../shared/step.ts';

/** One basis the officer chose, with the letter text as edited for this request (the policy's text when absent). */
export const ChosenBasis = z.strictObject({
  code: RefusalBasisCode,
  text: z.strictObject({ zh: z.string().trim().min(1).max(2_000), en: z.string().trim().min(1).max(2_000) }).optional(),
});

/** The officer's decision, as the API takes it (POST /api/requests/{id}/review) and the workflow records it. */
export const ReviewDecision = z
  .strictObject({
    decision: z.enum(['proceed', 'partial', 'refuse', 'fee_quote']),
    /** What a refusal or partial refusal rests on (policy/refusal-bases.yaml), each with its letter text. */
    bases: z.array(ChosenBasis).max(14).default([]),
    /** The §4(4) cases, the older way to name a basis (each maps to the basis of the same code). */
    exceptionCodes: z.array(ExceptionCode).max(8).default([]),
    /** The officer's own words, printed in the letter after the bases. */
    reasons: z.string().trim().max(5_000).optional(),
    fee: FeeDecision.optional(),
    /** Scope of a `partial` decision: rights not fulfilled and categories kept (neither erased nor disclosed). */
    withheld: z
      .strictObject({
        rights: z.array(Right).max(10).default([]),
        categories: z.array(DataCategory).max(20).default([]),
      })
      .optional(),
  })
  .superRefine((b, ctx) => {
    if (b.withheld && b.decision !== 'partial')
      ctx.addIssue({ code: 'custom', path: ['withheld'], message: 'only a partial decision withholds a scope' });
    if (b.withheld && b.withheld.rights.length === 0 && b.withheld.categories.length === 0)
      ctx.addIssue({ code: 'custom', path: ['withheld'], message: 'a withheld scope names rights or categories' });
    if ((b.decision === 'refuse' || b.decision === 'partial') && b.bases.length + b.exceptionCodes.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['bases'],
        message: 'a refusal or partial refusal names the basis it rests on (bases, or exceptionCodes)',
      });
    if (new Set(b.bases.map((x) => x.code)).size !== b.bases.length)
      ctx.addIssue({ code: 'custom', path: ['bases'], message: 'each basis once' });
    if (b.decision === 'fee_quote' && !b.fee)
      ctx.addIssue({ code: 'custom', path: ['fee'], message: 'a fee quote needs its fee (amount and/or cost items)' });
  });
export type ReviewDecision = z.input<typeof ReviewDecision>;

export interface Withheld {
  rights: Right[];
  categories: DataCategory[];
}

/** What the review task records and hands to the workflow (`$.review`). */
export interface RecordedReview {
  decision: 'proceed' | 'partial' | 'refuse' | 'fee_quote';
  /** The bases the refusal rests on, with the letter text as printed (absent in reviews recorded before bases). */
  bases?: ResolvedBasis[];
  exceptionCodes: string[];
  reasons: string;
  /** The quote as it will be sent (checked against the cost basis and the deadline: quote.ts). */
  fee?: RecordedFee;
  withheld?: Withheld;
  decidedBy: string;
  decidedAt: string;
}

export async function decideReview(
  deps: StepDeps,
  requestId: string,
  officer: string,
  decision: ReviewDecision,
): Promise<void> {
  const parsed = ReviewDecision.safeParse(decision);
  if (!parsed.success) throw stepError('InvalidInput', parsed.error.issues.map((i) => i.message).join('; '));
  const d = parsed.data;
  const task = await deps.store.getTask(requestId, 'review');
  if (task?.status !== 'open') throw stepError('Task.NotOpen', `no open review for ${requestId}`);
  // Whatever goes to a person under a legal hold must not hint at it (AML Law arts. 7, 35 ¶2, 54).
  const checks = await deps.store.getStepResult<RecordedChecks>(requestId, CHECKS_KEY);
  const problems = confidentialityProblems(
    { chosen: d.bases, reasons: d.reasons, underLegalHold: (checks?.legalHolds?.length ?? 0) > 0 },
    deps.policy,
  );
  if (problems.length > 0)
    // Its own error (API 422 with this message): the officer must learn why, and the message names fields only.
    throw stepError(
      'Review.TipOff',
      `${problems.join(', ')}：本人会读到这段文字，不得提及调查、可疑交易报告或有权机关的要求（《反洗钱法》第七条、第三十五条第二款），请改用中性文字 / the person would read this; it must not name an investigation, a suspicious-transaction report or an authority's request (AML Law arts. 7, 35 ¶2) — use neutral wording`,
    );
  const bases = resolveBases(d.bases, d.exceptionCodes, deps.policy);
  const fee = d.decision === 'fee_quote' && d.fee ? await checkedFee(deps, requestId, d.fee) : undefined;
  const result: RecordedReview = {
    decision: d.decision,
    ...(bases.length > 0 ? { bases } : {}),
    exceptionCodes: d.exceptionCodes,
    reasons: d.reasons ?? '',
    ...(fee ? { fee } : {}),
    ...(d.withheld ? { withheld: d.withheld } : {}),
    decidedBy: officer,
    decidedAt: deps.clock.now().toISOString(),
  };
  if (!(await completeWaitingTask(deps, requestId, 'review', { status: 'succeeded', result })))
    throw stepError('Task.NotOpen', `the review of ${requestId} was already decided`);
  // The officer's free text may name people: the audit keeps the decision and codes, the task keeps the text.
  await deps.store.appendEvent(requestId, {
    type: 'review_decided',
    actor: `staff:${officer}`,
    data: {
      decision: d.decision,
      bases: bases.map((b) => b.code),
      exceptionCodes: d.exceptionCodes,
      ...(fee ? { fee } : {}),
      ...(d.withheld ? { withheld: d.withheld } : {}),
    },
  });
}

/** The fee as it will be quoted, or Fee.Invalid (API 422) naming what the law or the deadline does not allow. */
async function checkedFee(deps: StepDeps, requestId: string, fee: FeeDecision): Promise<RecordedFee> {
  return quoteFromDecision(deps, await mustGetRequest(deps, requestId), fee);
}
