// Deletion grounds (PIPL art. 47 ¶1; policy §4(2)): which of the five grounds a deletion of each category rests on.
// A category the ongoing service needs has no ground while the relationship runs; the letter then says the service
// continues and what stays, and closing the account is the way to let it go.
import type { DeletionGroundCode, Policy } from '../policy/schema.ts';
import { DATA_CATEGORIES, type DataCategory } from '../request/model.ts';

export type GroundFinding =
  | { category: DataCategory; ground: DeletionGroundCode }
  /** No ground: the service the person still uses needs this category (policy deletion-grounds.yaml). */
  | { category: DataCategory; ground: null; why: 'service_needed' };

export interface GroundFacts {
  /** The business relationship has ended, or ends with this request (account closure). */
  relationshipEnded: boolean;
  /** Grounds the privacy officer determined for named categories (e.g. unlawful processing found on review). */
  determined?: Partial<Record<DataCategory, DeletionGroundCode>> | undefined;
  /** The ground the request itself rests on for every category it covers (e.g. consent withdrawn for consent data). */
  asserted?: DeletionGroundCode | undefined;
}

/** The ground for each of `categories`, in canonical order. */
export function deletionGrounds(
  categories: readonly DataCategory[],
  facts: GroundFacts,
  policy: Pick<Policy, 'deletionGrounds'>,
): GroundFinding[] {
  const { erasable } = policy.deletionGrounds.whileServiceContinues;
  return DATA_CATEGORIES.filter((c) => categories.includes(c)).map((category): GroundFinding => {
    const determined = facts.determined?.[category];
    if (determined) return { category, ground: determined };
    if (facts.asserted) return { category, ground: facts.asserted };
    if (facts.relationshipEnded) return { category, ground: 'service_ended' };
    const ground = erasable[category];
    return ground ? { category, ground } : { category, ground: null, why: 'service_needed' };
  });
}
