// The deletion plan over the guard's decision: what to erase now (and how), what to keep storage-only (PIPL art. 47
// ¶2) until when, when to look again at what is held, and how long erased data lingers in backups (the isolation
// list's purge-by date).
import { shanghaiDate } from '../identity/shanghai-date.ts';
import type { DeletionGroundCode, ErasureMode, Policy } from '../policy/schema.ts';
import type { DataCategory } from '../request/model.ts';
import { addCalendarDays } from './dates.ts';
import { erasedBy, type GuardedErasure, heldBy, keptForServiceBy } from './guard.ts';
import type { Hold } from './types.ts';

export interface ErasurePlan {
  /** Categories to erase now, grouped by mode (one CompanyDataSource.erase call per mode). */
  erase: { mode: ErasureMode; categories: DataCategory[] }[];
  /** The ground each erased category rests on (PIPL art. 47 ¶1). */
  grounds: { category: DataCategory; ground: DeletionGroundCode }[];
  /** Held categories, one entry each: the governing hold. */
  hold: Hold[];
  /** Categories the ongoing service needs (no deletion ground while it runs): left in use. */
  keptForService: DataCategory[];
  /** Categories that stay untouched because they were not asked for (a narrower request). */
  untouched: DataCategory[];
  /** Last day a backup may still hold erased data: today + backup retention days. Null when nothing is erased. */
  backupPurgeBy: string | null;
  /**
   * When to act on each held category again: the day after a dated hold ends, or a re-check of a hold without a
   * date (retention.yaml `recheckOpenHoldsDays`). Deferred deletion re-checks everything then.
   */
  deferred: { category: DataCategory; at: string }[];
  priority: boolean;
}

export function planErasure(
  decision: GuardedErasure,
  input: { minor: boolean; now: Date },
  policy: Pick<Policy, 'retention' | 'settings'>,
): ErasurePlan {
  const today = shanghaiDate(input.now);
  const erase = new Map<ErasureMode, DataCategory[]>();
  for (const e of erasedBy(decision)) erase.set(e.mode, [...(erase.get(e.mode) ?? []), e.category]);
  const hold = heldBy(decision);
  return {
    erase: [...erase].map(([mode, categories]) => ({ mode, categories })),
    grounds: erasedBy(decision).map((e) => ({ category: e.category, ground: e.ground })),
    hold,
    keptForService: keptForServiceBy(decision),
    untouched: [...decision.untouched],
    backupPurgeBy: erase.size > 0 ? addCalendarDays(today, policy.settings.backups.retentionDays) : null,
    deferred: hold.map((h) => ({
      category: h.category,
      at:
        h.until === null ? addCalendarDays(today, policy.retention.recheckOpenHoldsDays) : addCalendarDays(h.until, 1),
    })),
    priority: input.minor && policy.settings.minors.priorityDeletion,
  };
}
