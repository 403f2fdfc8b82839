// A deferred deletion (a hold ended, DeferredDeletion erased what it kept) goes on the backup isolation list too: the
// backups taken while the hold ran still hold that data, so a restore must erase it again until the last of them has
// expired (policy §4(2)). It is a later part of the request's isolation — same subject hash, same list in the table and
// in the EvidenceVault — so restore-guard and the sweep's backup expiry treat it like the first entry.
import { createHash } from 'node:crypto';
import { addDays, endOfShanghaiDay, shanghaiDate } from '../../domain/calendar/dates.ts';
import { DATA_CATEGORIES, type DataCategory } from '../../domain/request/model.ts';
import { OPEN_ENDED } from '../fulfil-right/rights/erase.ts';
import type { StepDeps } from '../shared/deps.ts';
import { mustGetRequest } from '../shared/step.ts';
import type { IsolationEntry } from '../shared/store/workflow-store.ts';
import { erasureGroups, isolationSubjectHash, recordIsolation } from './step.ts';

export interface DeferredIsolation {
  part: string;
  categories: DataCategory[];
  /** The Shanghai day the last backup holding the data expires. */
  purgeBy: string;
}

/** The part's name: one per firing day and set of categories, so a redelivered firing rewrites the same entry. */
export function deferredPart(day: string, categories: readonly DataCategory[]): string {
  const ordered = DATA_CATEGORIES.filter((c) => categories.includes(c));
  return `dd-${day}-${createHash('sha256').update(ordered.join('+')).digest('hex').slice(0, 8)}`;
}

export async function isolateDeferredErasure(
  deps: StepDeps,
  order: {
    requestId: string;
    customerId: string;
    erased: readonly DataCategory[];
    /** From the erasure plan; the longest backup plan from today when it has none. */
    backupPurgeBy: string | null;
    /** Still held after this firing (re-scheduled): a restore restricts them again until then. */
    held: readonly { categories: readonly DataCategory[]; until: string | null }[];
  },
): Promise<DeferredIsolation> {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const r = await mustGetRequest(deps, order.requestId);
  const categories = DATA_CATEGORIES.filter((c) => order.erased.includes(c));
  const purgeBy = order.backupPurgeBy ?? addDays(today, deps.policy.settings.backups.retentionDays);
  const part = deferredPart(today, categories);
  const entry: IsolationEntry = {
    subjectHash: isolationSubjectHash(deps, r, order.customerId),
    requestId: order.requestId,
    part,
    categories,
    purgeBy: endOfShanghaiDay(purgeBy),
    recordedAt: now.toISOString(),
    erase: erasureGroups(deps, categories),
    held: order.held.flatMap((g) => g.categories.map((category) => ({ category, until: g.until ?? OPEN_ENDED }))),
    customerRef: await deps.cipher.seal(order.customerId),
  };
  await recordIsolation(deps, entry);
  return { part, categories, purgeBy };
}
