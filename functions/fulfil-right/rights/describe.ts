// access and explain: what is held about the person.
import type { DataCategory } from '../../../domain/request/model.ts';
import type { StepDeps } from '../../shared/deps.ts';
import type { FulfilResult } from '../results.ts';

export async function describeHeld(
  deps: StepDeps,
  customerId: string,
  withheldCategories: readonly DataCategory[],
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const all = await deps.company.describe(customerId);
  const summary = all.filter((d) => !withheldCategories.includes(d.category));
  const kept = all.filter((d) => withheldCategories.includes(d.category)).map((d) => d.category);
  return {
    status: kept.length > 0 ? 'partial' : 'done',
    customerId,
    summary,
    ...(kept.length ? { withheld: kept } : {}),
  };
}
