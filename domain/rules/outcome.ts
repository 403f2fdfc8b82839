// The outcome of a request, decided from what was recorded: this picks the reply letter.
import type { Outcome, Right } from '../request/model.ts';

export type RightResultStatus = 'done' | 'partial' | 'refused' | 'failed' | 'not_applicable';

export interface OutcomeFacts {
  verified: boolean;
  /** The privacy officer refused the whole request. */
  refused?: boolean | undefined;
  /** A fee was quoted and the person declined or let it expire. */
  feeDeclined?: boolean | undefined;
  /** A fee quote is still open (the reply is the quote). */
  feeQuoted?: boolean | undefined;
  rights: { right: Right; status: RightResultStatus }[];
  /** Categories held under a retention duty or legal hold (a deletion then is partial). */
  heldCategories?: number | undefined;
}

export class IncompleteFulfilmentError extends Error {
  override name = 'Fulfilment.Incomplete';
}

export function decideOutcome(facts: OutcomeFacts): Outcome {
  if (!facts.verified) return 'unable_to_verify';
  if (facts.refused) return 'refused';
  if (facts.feeDeclined) return 'fee_declined';
  if (facts.feeQuoted) return 'fee_quoted';
  const failed = facts.rights.filter((r) => r.status === 'failed');
  // A failed right is not an outcome: the step fails and a person picks it up.
  if (failed.length > 0) throw new IncompleteFulfilmentError(`not fulfilled: ${failed.map((r) => r.right).join(', ')}`);
  const relevant = facts.rights.filter((r) => r.status !== 'not_applicable');
  if (relevant.length === 0) return 'completed';
  if (relevant.every((r) => r.status === 'refused')) return 'refused';
  if (relevant.some((r) => r.status !== 'done') || (facts.heldCategories ?? 0) > 0) return 'partially_completed';
  return 'completed';
}
