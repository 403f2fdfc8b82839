// access and explain: what is held about the person, and which partners our records show received it (the letter
// sets this against the processing rules of policy/processing.yaml).
import type { DataCategory } from '../../../domain/request/model.ts';
import type { StepDeps } from '../../shared/deps.ts';
import type { FulfilResult } from '../results.ts';

export async function describeHeld(
  deps: StepDeps,
  customerId: string,
  withheldCategories: readonly DataCategory[],
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const [all, receivedBy] = await Promise.all([
    deps.company.describe(customerId),
    deps.company.recipientsOf(customerId),
  ]);
  const summary = all
    .filter((d) => !withheldCategories.includes(d.category))
    .map(({ category, records, lastActivityAt }) => ({
      category,
      records,
      ...(lastActivityAt ? { lastActivityAt } : {}),
    }));
  const kept = all.filter((d) => withheldCategories.includes(d.category)).map((d) => d.category);
  return {
    status: kept.length > 0 ? 'partial' : 'done',
    customerId,
    summary,
    receivedBy,
    ...(kept.length ? { withheld: kept } : {}),
  };
}

/** explain for a person whose identity is not verified for disclosure: the rules only, no lookup of anyone. */
export const GENERAL_RULES: Omit<FulfilResult, 'right' | 'at'> = { status: 'done', general: true };
