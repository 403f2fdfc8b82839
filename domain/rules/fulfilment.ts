// The deletion plan: what to erase now (and how), what to keep under a hold (storage and security measures only,
// PIPL art. 47 ¶2) until when, and how long deleted data lingers in backups (the isolation list's purge-by date).
import { shanghaiDate } from '../identity/shanghai-date.ts';
import type { ErasureMode, Policy } from '../policy/schema.ts';
import { DATA_CATEGORIES, type DataCategory } from '../request/model.ts';
import { addCalendarDays } from './dates.ts';
import type { Hold } from './types.ts';

export interface ErasurePlan {
  /** Categories to erase now, grouped by mode (one CompanyDataSource.erase call per mode). */
  erase: { mode: ErasureMode; categories: DataCategory[] }[];
  /** Held categories, one entry each: the governing (longest) hold. */
  hold: Hold[];
  /** Categories that stay untouched because they were not asked for (a narrower request). */
  untouched: DataCategory[];
  /** Last day a backup may still hold erased data: today + backup retention days. Null when nothing is erased. */
  backupPurgeBy: string | null;
  /** The deferred deletions to schedule: one per dated hold, the day after it ends. */
  deferred: { category: DataCategory; at: string }[];
  priority: boolean;
}

export interface ErasureInput {
  /** Categories the company holds for the person. */
  held: readonly DataCategory[];
  /** Categories the request covers; all held categories when absent (a full deletion). */
  requested?: readonly DataCategory[] | undefined;
  holds: readonly Hold[];
  minor: boolean;
  now: Date;
}

/** The later of two hold ends; null (open-ended) beats any date. */
function laterHold(a: Hold, b: Hold): Hold {
  if (a.until === null) return a;
  if (b.until === null) return b;
  return b.until > a.until ? b : a;
}

export function planErasure(input: ErasureInput, policy: Pick<Policy, 'retention' | 'settings'>): ErasurePlan {
  const requested = input.requested ?? input.held;
  const governing = new Map<DataCategory, Hold>();
  for (const h of input.holds) {
    const cur = governing.get(h.category);
    governing.set(h.category, cur ? laterHold(cur, h) : h);
  }
  const erase = new Map<ErasureMode, DataCategory[]>();
  const hold: Hold[] = [];
  const untouched: DataCategory[] = [];
  for (const c of DATA_CATEGORIES) {
    if (!input.held.includes(c)) continue;
    if (!requested.includes(c)) {
      untouched.push(c);
      continue;
    }
    const h = governing.get(c);
    if (h) hold.push(h);
    else {
      const mode = policy.retention.erasure[c];
      erase.set(mode, [...(erase.get(mode) ?? []), c]);
    }
  }
  const anyErased = erase.size > 0;
  return {
    erase: [...erase].map(([mode, categories]) => ({ mode, categories })),
    hold,
    untouched,
    backupPurgeBy: anyErased ? addCalendarDays(shanghaiDate(input.now), policy.settings.backups.retentionDays) : null,
    deferred: hold.flatMap((h) =>
      h.until === null ? [] : [{ category: h.category, at: addCalendarDays(h.until, 1) }],
    ),
    priority: input.minor && policy.settings.minors.priorityDeletion,
  };
}
