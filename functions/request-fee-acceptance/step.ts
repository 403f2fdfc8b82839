// AwaitFeeAcceptance (.waitForTaskToken): sends the fee quote the privacy officer approved (its cost basis, the amount
// in 人民币, how to pay) and waits for the person to accept. The quote lapses at acceptBy (timer → {accepted: false,
// expired: true}), which the policy's acceptance window and the reply deadline both bound: a quote never pushes the
// reply past the 15 working days the policy promises. A lapse means the request is withdrawn (send-reply says so).
import * as z from 'zod';
import { endOfShanghaiDay, shanghaiDate } from '../../domain/calendar/index.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import { RequestId } from '../../domain/request/model.ts';
import { acceptanceWindow, costBasis } from '../../domain/rules/index.ts';
import { CHECKS_KEY, type RecordedChecks } from '../check-exceptions/step.ts';
import type { RecordedReview } from '../request-review/operations.ts';
import { deliverRenderedLetter } from '../shared/mail/letters.ts';
import { defineStep, moveStatus, mustGetRequest, openWaitingTask, stepError, threadOf } from '../shared/step.ts';
import { quoteDestination } from './destination.ts';

export const step = defineStep({
  name: 'AwaitFeeAcceptance',
  input: z.object({ requestId: RequestId, taskToken: z.string().min(1) }),
  async run({ requestId, taskToken }, deps) {
    const r = await mustGetRequest(deps, requestId);
    const review = (await deps.store.getTask(requestId, 'review'))?.result as RecordedReview | undefined;
    if (!review?.fee) throw stepError('Fee.NoQuote', `no approved fee quote for ${requestId}`);
    const fees = deps.policy.settings.fees;
    const basis = costBasis(review.fee.items, fees);
    const existing = await deps.store.getTask(requestId, 'fee_acceptance');
    const window = acceptanceWindow(shanghaiDate(deps.clock.now()), r.deadline.deadline, fees, deps.calendar);
    // The officer's decision was checked for time; a step that runs much later (a re-drive after a failure) must
    // not send a quote the person has no time left to accept.
    if (!existing && !window.ok)
      throw stepError(
        'Fee.TooLate',
        `a quote sent now would leave ${window.workingDays} working day(s) to accept before ${window.latestAcceptBy}`,
      );
    const acceptBy = window.ok ? window.acceptBy : window.latestAcceptBy;
    const { handedBack, task } = await openWaitingTask(deps, {
      requestId,
      kind: 'fee_acceptance',
      taskToken,
      dueAt: endOfShanghaiDay(acceptBy),
      onDue: 'succeed',
      // FeeAccepted? reads $.fee.accepted: a lapsed quote must carry it too.
      dueResult: { accepted: false, expired: true },
      assignee: 'requester',
      context: { amount: review.fee.amount, currency: fees.currency, costTotal: basis.totalFen / 100, acceptBy },
    });
    if (handedBack) return { waiting: false };
    await moveStatus(deps, requestId, 'awaiting_fee');
    const quote = (await deps.store.getStepResult<RecordedChecks>(requestId, CHECKS_KEY))?.check.fees[0];
    const letter = renderLetter(
      'fee_quote',
      r.language,
      {
        requestId,
        rights: r.rights,
        receivedOn: r.deadline.receivedOn,
        amount: review.fee.amount,
        currency: fees.currency,
        priorCount: quote ? quote.requestNumber - 1 : 0,
        windowMonths: deps.policy.settings.repetition.windowMonths,
        reason: quote?.basis ?? { zh: '隐私政策第四条第（四）项', en: 'Privacy policy §4(4)' },
        costLines: basis.lines.map((l) => ({
          zh: l.zh,
          en: l.en,
          quantity: l.quantity,
          unit: l.unit,
          unitCost: l.unitCostFen / 100,
          subtotal: l.subtotalFen / 100,
        })),
        costTotal: basis.totalFen / 100,
        payment: fees.payment,
        acceptBy: String(task.context?.['acceptBy'] ?? acceptBy),
        replyBy: r.deadline.deadline,
      },
      deps.policy,
    );
    // To the contact the verification proved; with none, staff tell the person (the delivery task): never silent.
    const delivered = await deliverRenderedLetter(deps, r, letter, {
      key: `fee-quote:${requestId}`,
      kind: 'fee_quote',
      to: await quoteDestination(deps, r),
      ...threadOf(r),
    });
    if (delivered.first)
      await deps.store.appendEvent(requestId, {
        type: 'fee_quoted',
        actor: 'workflow:AwaitFeeAcceptance',
        data: {
          amount: review.fee.amount,
          currency: fees.currency,
          costTotal: basis.totalFen / 100,
          acceptBy: String(task.context?.['acceptBy'] ?? acceptBy),
          mailed: delivered.mailed,
        },
      });
    return { waiting: true };
  },
});
