// The privacy officer's decision (the API enforces the role; this validates the content and resumes the workflow).
import * as z from 'zod';
import { ExceptionCode } from '../../domain/policy/schema.ts';
import { DataCategory, Right } from '../../domain/request/model.ts';
import { FeeDecision, quoteFromDecision, type RecordedFee } from '../request-fee-acceptance/quote.ts';
import type { StepDeps } from '../shared/deps.ts';
import { completeWaitingTask, mustGetRequest, stepError } from '../shared/step.ts';

export const ReviewDecision = z
  .object({
    decision: z.enum(['proceed', 'partial', 'refuse', 'fee_quote']),
    exceptionCodes: z.array(ExceptionCode).max(8).default([]),
    reasons: z.string().trim().max(5_000).optional(),
    fee: FeeDecision.optional(),
    /** Scope of a `partial` decision: rights not fulfilled and categories kept (neither erased nor disclosed). */
    withheld: z
      .object({
        rights: z.array(Right).max(9).default([]),
        categories: z.array(DataCategory).max(20).default([]),
      })
      .optional(),
  })
  .superRefine((b, ctx) => {
    if (b.withheld && b.decision !== 'partial')
      ctx.addIssue({ code: 'custom', path: ['withheld'], message: 'only a partial decision withholds a scope' });
    if (b.withheld && b.withheld.rights.length === 0 && b.withheld.categories.length === 0)
      ctx.addIssue({ code: 'custom', path: ['withheld'], message: 'a withheld scope names rights or categories' });
    if ((b.decision === 'refuse' || b.decision === 'partial') && (!b.reasons || b.exceptionCodes.length === 0))
      ctx.addIssue({ code: 'custom', path: ['reasons'], message: 'a refusal states its reasons and exception codes' });
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
  const fee = d.decision === 'fee_quote' && d.fee ? await checkedFee(deps, requestId, d.fee) : undefined;
  const result: RecordedReview = {
    decision: d.decision,
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
