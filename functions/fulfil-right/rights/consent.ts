// withdraw_consent: stop the processing that rests on consent.
import type { StepDeps } from '../../shared/deps.ts';
import type { FulfilResult } from '../results.ts';

export async function withdrawConsent(deps: StepDeps, customerId: string): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  await deps.company.stopMarketing(customerId);
  return { status: 'done', customerId, scope: ['marketing'] };
}
