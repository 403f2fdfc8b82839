// FulfilRight (one Map item per right): acts on the company's systems through the CompanyDataSource and records
// what was done. Recorded once per right, so a re-drive never erases or exports twice. Each right's work is in rights/.
import * as z from 'zod';
import { disclosureFor } from '../../domain/request/disclosure.ts';
import { meetsVerification, RequestId, Right, type RightsRequest } from '../../domain/request/model.ts';
import type { RecordedReview } from '../request-review/operations.ts';
import { isVerified } from '../request-verification/operations.ts';
import type { StepDeps } from '../shared/deps.ts';
import { defineStep, findCustomerFor, fulfilKey, moveStatus, mustGetRequest, stepError } from '../shared/step.ts';
import { type FulfilResult, UNVERIFIED_CODE, WITHHELD_CODE } from './results.ts';
import { cancelQuickPay } from './rights/cancel-quickpay.ts';
import { closeAccount } from './rights/close-account.ts';
import { withdrawConsent } from './rights/consent.ts';
import { openCorrection } from './rights/correct.ts';
import { describeHeld, GENERAL_RULES } from './rights/describe.ts';
import { erase } from './rights/erase.ts';
import { openExplanation } from './rights/explanation.ts';
import { exportData } from './rights/export.ts';
import { generalAnswer } from './rights/general.ts';
import { restrictProcessing } from './rights/restrict.ts';
import { openTransfer } from './rights/transfer.ts';

/** Recorded for every right when the identity check did not reach the level the rights need (PIPL art. 50 ¶1). */
const UNVERIFIED: Omit<FulfilResult, 'right' | 'at'> = {
  status: 'refused',
  reason: {
    code: UNVERIFIED_CODE,
    zh: '我们未能核实您的身份，因此未处理本项请求，亦未披露任何个人信息。',
    en: 'We could not verify your identity, so this part of the request was not processed and nothing was disclosed.',
  },
};

async function fulfil(
  deps: StepDeps,
  r: RightsRequest,
  right: Right,
  review: RecordedReview | undefined,
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const now = deps.clock.now();
  const withheld = review?.decision === 'partial' ? review.withheld : undefined;
  // The privacy officer withheld this right (partial decision): it is not fulfilled; the letter lists it.
  if (withheld?.rights.includes(right))
    return { status: 'refused', reason: { code: WITHHELD_CODE, zh: review?.reasons ?? '', en: review?.reasons ?? '' } };
  const withheldCategories = withheld?.categories ?? [];
  // A correction is checked and applied by staff (a `correction` task); recording it sends the confirmation letter.
  if (right === 'correct') return openCorrection(deps, r);
  // An explanation needs only control of the channel: such a person hears the rules, never whether or what we hold
  // about anyone (an ID number alone proves nothing, PIPL art. 51).
  if (right === 'explain' && !meetsVerification(r.verification.level, ['access']))
    return openExplanation(deps, r, GENERAL_RULES);
  // Below strong verification the answer is general and says nothing about the person (domain/request/disclosure.ts).
  if (disclosureFor(r.verification.level) === 'general') return generalAnswer(deps, r, right);
  const customerId = await findCustomerFor(deps, r);
  if (!customerId) return right === 'explain' ? openExplanation(deps, r, GENERAL_RULES) : { status: 'no_data' };
  switch (right) {
    case 'delete':
      return erase(deps, r, customerId, now, withheldCategories);
    case 'cancel_quickpay':
      return cancelQuickPay(deps, r, customerId, now);
    case 'close_account':
      return closeAccount(deps, r, customerId, now);
    case 'explain':
      return openExplanation(deps, r, await describeHeld(deps, customerId, withheldCategories));
    case 'access': {
      // The letter discloses the processing; the data itself comes through the secure download.
      const described = await describeHeld(deps, customerId, withheldCategories);
      return { ...(await exportData(deps, r, 'access', customerId, withheldCategories)), ...described };
    }
    case 'copy':
      return exportData(deps, r, right, customerId, withheldCategories);
    case 'portability':
      return openTransfer(deps, r, await exportData(deps, r, right, customerId, withheldCategories));
    case 'withdraw_consent':
      return withdrawConsent(deps, r, customerId, now);
    case 'restrict':
      return restrictProcessing(deps, r, customerId, now);
  }
}

export const step = defineStep({
  name: 'FulfilRight',
  input: z.object({ requestId: RequestId, right: Right }),
  async run({ requestId, right }, deps) {
    const key = fulfilKey(right);
    const recorded = await deps.store.getStepResult<FulfilResult>(requestId, key);
    if (recorded) return { right, status: recorded.status };
    const r = await mustGetRequest(deps, requestId);
    if (!r.rights.includes(right)) throw stepError('Right.NotRequested', `${requestId} does not ask for ${right}`);
    // Defence in depth: whatever path led here, nothing is erased, exported or disclosed for an unverified person.
    const verificationTask = await deps.store.getTask(requestId, 'verification');
    const verified = isVerified(r) && verificationTask?.status !== 'failed';
    if (verified) await moveStatus(deps, requestId, 'fulfilling');
    const review = (await deps.store.getTask(requestId, 'review'))?.result as RecordedReview | undefined;
    const done = verified ? await fulfil(deps, r, right, review) : UNVERIFIED;
    const result: FulfilResult = { right, ...done, at: deps.clock.now().toISOString() };
    if (await deps.store.putStepResult(requestId, key, result))
      await deps.store.appendEvent(requestId, {
        type: 'right_fulfilled',
        actor: 'workflow:FulfilRight',
        data: {
          right,
          status: result.status,
          ...(result.counts ? { counts: result.counts } : {}),
          ...(result.held ? { held: result.held.map((h) => ({ category: h.category, until: h.until })) } : {}),
          ...(result.exportKey ? { exportKey: result.exportKey } : {}),
        },
      });
    const kept = (await deps.store.getStepResult<FulfilResult>(requestId, key)) ?? result;
    return { right, status: kept.status };
  },
});
