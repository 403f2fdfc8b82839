// What a partner notice tells the partner to do: erase, keep storage-only, end quick-pay agreements, close an account.
import type { NoticePlan } from '../../domain/rules/index.ts';

/** The sections of a planned notice as the letter takes them (older plans recorded only the erased categories). */
export function noticeSections(n: NoticePlan) {
  return {
    categories: n.categories,
    restricted: n.restricted ?? [],
    restrictedCards: n.restrictedCards ?? [],
    cancellations: n.cancellations ?? [],
    ...(n.accountClosedOn ? { accountClosedOn: n.accountClosedOn } : {}),
  };
}
