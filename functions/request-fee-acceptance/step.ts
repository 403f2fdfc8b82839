// AwaitFeeAcceptance (.waitForTaskToken): sends the fee quote the privacy officer approved and waits for the person
// to accept; the quote lapses at acceptBy (timer → {accepted: false, expired: true}).
import * as z from 'zod';
import { addWorkingDays, endOfShanghaiDay, shanghaiDate } from '../../domain/calendar/index.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import { RequestId } from '../../domain/request/model.ts';
import { CHECKS_KEY, type RecordedChecks } from '../check-exceptions/step.ts';
import type { RecordedReview } from '../request-review/operations.ts';
import { deliverLetter } from '../shared/mail/letters.ts';
import {
  defineStep,
  moveStatus,
  mustGetRequest,
  openWaitingTask,
  replyAddress,
  stepError,
  threadOf,
} from '../shared/step.ts';

export const step = defineStep({
  name: 'AwaitFeeAcceptance',
  input: z.object({ requestId: RequestId, taskToken: z.string().min(1) }),
  async run({ requestId, taskToken }, deps) {
    const r = await mustGetRequest(deps, requestId);
    const review = (await deps.store.getTask(requestId, 'review'))?.result as RecordedReview | undefined;
    if (!review?.fee) throw stepError('Fee.NoQuote', `no approved fee quote for ${requestId}`);
    const checks = await deps.store.getStepResult<RecordedChecks>(requestId, CHECKS_KEY);
    const quote = checks?.check.fees[0];
    const acceptBy = addWorkingDays(
      shanghaiDate(deps.clock.now()),
      deps.policy.settings.verification.windowWorkingDays,
      deps.calendar,
    );
    const { handedBack, task } = await openWaitingTask(deps, {
      requestId,
      kind: 'fee_acceptance',
      taskToken,
      dueAt: endOfShanghaiDay(acceptBy),
      onDue: 'succeed',
      // FeeAccepted? reads $.fee.accepted: a lapsed quote must carry it too.
      dueResult: { accepted: false, expired: true },
      assignee: 'requester',
      context: { amount: review.fee.amount, currency: review.fee.currency, acceptBy },
    });
    if (handedBack) return { waiting: false };
    await moveStatus(deps, requestId, 'awaiting_fee');
    const letter = renderLetter(
      'fee_quote',
      r.language,
      {
        requestId,
        rights: r.rights,
        receivedOn: r.deadline.receivedOn,
        amount: review.fee.amount,
        currency: review.fee.currency,
        priorCount: quote ? quote.requestNumber - 1 : 0,
        windowMonths: deps.policy.settings.repetition.windowMonths,
        reason: quote?.basis ?? { zh: '隐私政策第四条第（四）项', en: 'Privacy policy §4(4)' },
        acceptBy: String(task.context?.['acceptBy'] ?? acceptBy),
      },
      deps.policy,
    );
    // Mailed once; a caller without an address hears it from staff (the delivery task) — the quote is never silent.
    const delivered = await deliverLetter(deps, {
      key: `fee-quote:${requestId}`,
      kind: 'fee_quote',
      requestId,
      language: r.language,
      from: deps.config.senderAddress,
      to: replyAddress(r),
      subject: letter.subject,
      text: letter.text,
      html: letter.html,
      ...threadOf(r),
    });
    if (delivered.first)
      await deps.store.appendEvent(requestId, {
        type: 'fee_quoted',
        actor: 'workflow:AwaitFeeAcceptance',
        data: { amount: review.fee.amount, currency: review.fee.currency },
      });
    return { waiting: true };
  },
});
