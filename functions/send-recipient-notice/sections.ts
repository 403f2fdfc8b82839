// What a partner notice tells the partner to do: erase, keep storage-only, end quick-pay agreements, close an account.
import type { NoticePlan } from '../../domain/rules/index.ts';

/** The sections of a planned notice as the letter takes them (older plans recorded only the erased categories). */
export function noticeSections(n: NoticePlan) {
  return {
    categories: n.categories,
    restricted: n.restricted ?? [],
    restrictedCards: n.restrictedCards ?? [],
    cancellations: n.cancellations ?? [],
    corrected: n.corrected ?? [],
    consentWithdrawn: (n.consentWithdrawn ?? []).map(({ zh, en, deletes }) => ({ zh, en, deletes })),
    processingRestricted: (n.processingRestricted ?? []).map(({ zh, en, since }) => ({ zh, en, since })),
    restrictionLifted: (n.restrictionLifted ?? []).map(({ zh, en, since, liftedOn }) => ({ zh, en, since, liftedOn })),
    ...(n.accountClosedOn ? { accountClosedOn: n.accountClosedOn } : {}),
  };
}
