// The privacy officer's fee decision, checked before it is recorded: a fee only for rights the law lets us charge
// (网络数据安全管理条例 art. 25 ¶2: excessive portability), an amount never above the itemised cost of the transfer,
// and enough time left for the person to accept and for us to reply by the deadline. What is recorded is the quote
// as it will be sent: amount in yuan, the cost items and their total.
import * as z from 'zod';
import { shanghaiDate } from '../../domain/calendar/index.ts';
import { RIGHT_LABELS, type RightsRequest } from '../../domain/request/model.ts';
import { acceptanceWindow, chargedFen, costBasis, FeeError } from '../../domain/rules/index.ts';
import type { StepDeps } from '../shared/deps.ts';

/** What the officer decides: the API body's `fee` (additive: `items` is new, `amount` now optional). */
export const FeeDecision = z.object({
  /** Yuan; default the cost of the items. Never more than that cost. */
  amount: z.number().positive().max(100_000).optional(),
  currency: z.string().length(3).optional(),
  /** Cost items (policy fees.costItems) and quantities; default the policy's standard transfer. */
  items: z
    .array(z.object({ code: z.string().min(1).max(64), quantity: z.number().positive().max(1_000) }))
    .max(20)
    .optional(),
});
export type FeeDecision = z.infer<typeof FeeDecision>;

export interface RecordedFee {
  amount: number;
  currency: 'CNY';
  items: { code: string; quantity: number }[];
  /** The cost of the items (yuan): the most the law allows. */
  costTotal: number;
}

export function quoteFromDecision(
  deps: Pick<StepDeps, 'policy' | 'calendar' | 'clock'>,
  r: RightsRequest,
  fee: FeeDecision,
): RecordedFee {
  const fees = deps.policy.settings.fees;
  if (fee.currency !== undefined && fee.currency !== fees.currency)
    throw new FeeError(`fees are quoted in ${fees.currency} (人民币), not ${fee.currency}`);
  const free = r.rights.filter((right) => !fees.chargeableRights.includes(right));
  if (free.length > 0)
    throw new FeeError(
      `a fee may be charged only for ${fees.chargeableRights.join(', ')} (NDSR art. 25 ¶2); this request also asks for ${free.map((x) => `${RIGHT_LABELS[x].en} (${RIGHT_LABELS[x].zh})`).join(', ')}, which are free: decide proceed, or partial to withhold the excessive part`,
    );
  const basis = costBasis(fee.items, fees);
  const fen = chargedFen(fee.amount, basis);
  const window = acceptanceWindow(shanghaiDate(deps.clock.now()), r.deadline.deadline, fees, deps.calendar);
  if (!window.ok)
    throw new FeeError(
      `too late for a fee quote: the person would have ${window.workingDays} working day(s) to accept (at least ${fees.minAcceptanceWorkingDays}) before ${window.latestAcceptBy}, ${fees.reserveWorkingDays} working days before the reply deadline ${r.deadline.deadline}; decide proceed (free of charge), partial or refuse`,
    );
  return {
    amount: fen / 100,
    currency: 'CNY',
    items: basis.lines.map((l) => ({ code: l.code, quantity: l.quantity })),
    costTotal: basis.totalFen / 100,
  };
}
