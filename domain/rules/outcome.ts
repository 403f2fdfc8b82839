// The outcome of a request, decided from what was recorded: this picks the reply letter. Each right asked for ends
// done, partly done (something done, something held or withheld), held (nothing done: a duty keeps all of it),
// refused, or failed. "completed" only when every right was done; "held" when nothing was done and at least one
// right was held; "refused" when everything was refused; otherwise "partially_completed".
import type { Outcome, Right } from '../request/model.ts';

export type RightResultStatus = 'done' | 'partial' | 'held' | 'refused' | 'failed' | 'not_applicable';

export interface OutcomeFacts {
  verified: boolean;
  /** The privacy officer refused the whole request. */
  refused?: boolean | undefined;
  /** A fee was quoted and the person declined or let it expire. */
  feeDeclined?: boolean | undefined;
  /** A fee quote is still open (the reply is the quote). */
  feeQuoted?: boolean | undefined;
  rights: { right: Right; status: RightResultStatus }[];
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
  if (relevant.every((r) => r.status === 'done')) return 'completed';
  if (relevant.every((r) => r.status === 'refused')) return 'refused';
  const somethingDone = relevant.some((r) => r.status === 'done' || r.status === 'partial');
  if (!somethingDone) return 'held';
  return 'partially_completed';
}
