// The erasure guard: the one decision in front of every erasure (deletion, quick-pay cancellation, account closure,
// deferred deletion, consent-based deletions). Holds win: a category under a retention duty, a legal hold, an open
// dispute or the person's own restriction is never erased; it is kept storage-only with its end (PIPL art. 47 ¶2).
// Every erasure is explained: it names the art. 47 ¶1 ground it rests on. A category the service still needs (no
// ground) stays in use. The result is branded: the only way to erase (functions/shared/erasure.ts) takes it.
import type { DeletionGroundCode, ErasureMode, Policy } from '../policy/schema.ts';
import { DATA_CATEGORIES, type DataCategory } from '../request/model.ts';
import type { GroundFinding } from './grounds.ts';
import { governingHold } from './holds.ts';
import type { Hold } from './types.ts';

export type Disposition =
  /** Erased now (deleted or anonymised), on this ground. */
  | { category: DataCategory; action: 'erase'; mode: ErasureMode; ground: DeletionGroundCode }
  /** Held: storage and security measures only until the governing hold ends. */
  | { category: DataCategory; action: 'hold'; hold: Hold }
  /** No art. 47 ¶1 ground: the service the person still uses needs it; it stays in use. */
  | { category: DataCategory; action: 'keep_for_service' };

declare const guarded: unique symbol;

/** The guard's decision; only guardErasure makes one, and only erasure.ts acts on it. */
export type GuardedErasure = {
  readonly dispositions: readonly Disposition[];
  /** Categories present but not asked for: untouched. */
  readonly untouched: readonly DataCategory[];
} & { readonly [guarded]: true };

export interface GuardInput {
  /** Categories the company holds for the person. */
  present: readonly DataCategory[];
  /** Categories the request asks to erase (a subset of present is used). */
  requested: readonly DataCategory[];
  /** The art. 47 ¶1 ground per requested category (deletionGrounds); a category without a finding has no ground. */
  grounds: readonly GroundFinding[];
  /** Every hold in force now (currentHolds), whatever its kind. */
  holds: readonly Hold[];
}

export function guardErasure(input: GuardInput, policy: Pick<Policy, 'retention'>): GuardedErasure {
  const governing = new Map<DataCategory, Hold>();
  for (const h of input.holds) {
    const cur = governing.get(h.category);
    governing.set(h.category, cur ? governingHold(cur, h) : h);
  }
  const groundOf = new Map(input.grounds.map((g) => [g.category, g]));
  const dispositions: Disposition[] = [];
  const untouched: DataCategory[] = [];
  for (const category of DATA_CATEGORIES) {
    if (!input.present.includes(category)) continue;
    if (!input.requested.includes(category)) {
      untouched.push(category);
      continue;
    }
    const finding = groundOf.get(category);
    const hold = governing.get(category);
    if (!finding || finding.ground === null) dispositions.push({ category, action: 'keep_for_service' });
    else if (hold) dispositions.push({ category, action: 'hold', hold });
    else
      dispositions.push({
        category,
        action: 'erase',
        mode: policy.retention.erasure[category],
        ground: finding.ground,
      });
  }
  return { dispositions, untouched } as unknown as GuardedErasure;
}

export const erasedBy = (d: GuardedErasure) =>
  d.dispositions.filter((x): x is Extract<Disposition, { action: 'erase' }> => x.action === 'erase');
export const heldBy = (d: GuardedErasure) =>
  d.dispositions.filter((x): x is Extract<Disposition, { action: 'hold' }> => x.action === 'hold').map((x) => x.hold);
export const keptForServiceBy = (d: GuardedErasure) =>
  d.dispositions.filter((x) => x.action === 'keep_for_service').map((x) => x.category);
