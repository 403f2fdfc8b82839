// A right answered in general terms (below strong verification; domain/request/disclosure.ts): a marketing opt-out is
// acted on if the identifiers find a customer, and an explanation gives the rules that apply to everyone. Neither
// result records whether anything was found, so no letter can say it.
import type { Right, RightsRequest } from '../../../domain/request/model.ts';
import type { StepDeps } from '../../shared/deps.ts';
import { findCustomerFor } from '../../shared/step.ts';
import { type FulfilResult, UNVERIFIED_CODE } from '../results.ts';

export async function generalAnswer(
  deps: StepDeps,
  r: RightsRequest,
  right: Right,
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  if (right === 'explain') return { status: 'done', scope: ['general_explanation'], disclosure: 'general' };
  if (right === 'withdraw_consent') {
    // An opt-out harms no one if a stranger sends it; stopping more than marketing needs strong verification.
    const customerId = await findCustomerFor(deps, r);
    if (customerId) await deps.company.stopMarketing(customerId);
    return { status: 'done', scope: ['marketing'], disclosure: 'general', ...(customerId ? { customerId } : {}) };
  }
  return {
    status: 'refused',
    reason: {
      code: UNVERIFIED_CODE,
      zh: '我们未能核实您的身份，因此未处理本项请求，亦未披露任何个人信息。',
      en: 'We could not verify your identity, so this part of the request was not processed and nothing was disclosed.',
    },
  };
}
