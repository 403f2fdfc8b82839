// restrict (PIPL art. 44): processing limited to storage and security measures.
import type { StepDeps } from '../../shared/deps.ts';
import type { FulfilResult } from '../results.ts';
import { OPEN_ENDED } from './erase.ts';

export async function restrictProcessing(
  deps: StepDeps,
  customerId: string,
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const categories = (await deps.company.describe(customerId)).map((d) => d.category);
  if (categories.length > 0) await deps.company.restrict(customerId, categories, OPEN_ENDED);
  return { status: 'done', customerId, scope: categories };
}
