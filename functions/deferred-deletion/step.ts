// DeferredDeletion: the target of the one-off schedules ScheduleDeferredDeletions creates at a hold's end (or at a
// re-check of a hold without a date). It re-checks EVERYTHING at the moment it runs, through the erasure guard: the
// retention duties on today's anchors (a later transaction extends them), legal holds opened meanwhile, open disputes,
// the person's restrictions, and whether the relationship resumed (the service then needs the data again). What is
// still held or needed is not erased: it stays storage-only where held and is scheduled again.
// Idempotent: erase/restrict/schedule are idempotent, and the outcome (with its audit event) is recorded once per
// firing, so Scheduler's at-least-once delivery and Lambda's async retries change nothing.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { shanghaiDate } from '../../domain/identity/shanghai-date.ts';
import { DATA_CATEGORIES, DataCategory, RequestId } from '../../domain/request/model.ts';
import { addCalendarDays } from '../../domain/rules/dates.ts';
import { erasureResults, type FulfilResult } from '../fulfil-right/results.ts';
import { type DeferredIsolation, isolateDeferredErasure } from '../isolate-backups/deferred.ts';
import type { StepDeps } from '../shared/deps.ts';
import { eraseGuarded } from '../shared/erasure.ts';
import { defineStep } from '../shared/step.ts';
import { notifyDeferredErasure } from './notify.ts';

/** What ScheduleDeferredDeletions (and this step, when it re-schedules) puts in the schedule's Input. */
export const DeferredDeletionInput = z.object({
  requestId: RequestId,
  categories: z.array(DataCategory).min(1),
  customerId: z.string().min(1).optional(),
  kind: z.literal('deferred_deletion').optional(),
});
export type DeferredDeletionInput = z.infer<typeof DeferredDeletionInput>;

export interface DeferredDeletionResult {
  status: 'erased' | 'partial' | 'rescheduled' | 'no_customer';
  erased: DataCategory[];
  counts: Partial<Record<DataCategory, number>>;
  /** The PIPL art. 47 ¶1 ground each erased category rests on. */
  grounds?: { category: DataCategory; ground: string }[];
  /**
   * Not erased: the hold's end (null when it has none yet) and the day of the next attempt. `why` is what still
   * holds it: a hold's kind, or `relationship_resumed` (the service needs it again).
   */
  rescheduled: { categories: DataCategory[]; until: string | null; day: string; why: string }[];
  /** Processors told to delete what they had kept storage-only for us. */
  notified?: string[];
  at: string;
}

const ordered = (cs: readonly DataCategory[]) => DATA_CATEGORIES.filter((c) => cs.includes(c));

/** One schedule per request, day and set of categories (names ≤ 64 chars; a group of the same day never collides). */
export function deferredScheduleName(requestId: string, day: string, categories: readonly DataCategory[]): string {
  const h = createHash('sha256').update(ordered(categories).join('+')).digest('hex').slice(0, 8);
  return `rf-${requestId}-dd-${day}-${h}`;
}

/** The start of a Shanghai day: the schedule fires at 00:00 +08:00 of the day after the hold's last day. */
export const startOfShanghaiDay = (day: string) => new Date(`${day}T00:00:00+08:00`);

async function reschedule(
  deps: StepDeps,
  requestId: string,
  customerId: string,
  group: { categories: DataCategory[]; until: string | null; day: string; why: string },
) {
  await deps.scheduler.scheduleAt(
    deferredScheduleName(requestId, group.day, group.categories),
    startOfShanghaiDay(group.day),
    { requestId, customerId, categories: group.categories, kind: 'deferred_deletion' },
  );
  return group;
}

/** The customer the deletion acted on, from the recorded erasing results (older schedules carry no customerId). */
async function customerOf(deps: StepDeps, requestId: string): Promise<string | undefined> {
  const results: FulfilResult[] = await erasureResults(deps.store, requestId, { all: true });
  return results.find((x) => x.customerId)?.customerId;
}

export const step = defineStep({
  name: 'DeferredDeletion',
  input: DeferredDeletionInput,
  async run({ requestId, categories, customerId: given }, deps): Promise<DeferredDeletionResult> {
    const cats = ordered(categories);
    const firingKey = `deferred-deletion:${cats.join('+')}`;
    const done = await deps.store.getStepResult<DeferredDeletionResult>(requestId, firingKey);
    if (done) return done;

    const now = deps.clock.now();
    const customerId = given ?? (await customerOf(deps, requestId));
    let result: DeferredDeletionResult;
    let isolation: DeferredIsolation | undefined;
    if (!customerId) {
      result = { status: 'no_customer', erased: [], counts: {}, rescheduled: [], at: now.toISOString() };
    } else {
      const present = (await deps.company.describe(customerId)).map((d) => d.category);
      const { plan, counts } = await eraseGuarded(deps, {
        customerId,
        present,
        requested: cats.filter((c) => present.includes(c)),
        minor: false,
        now,
      });
      // What is still held comes back on the day after its end, or at the re-check of a hold without a date; what the
      // resumed service needs again is re-checked too.
      const groups = new Map<string, { categories: DataCategory[]; until: string | null; day: string; why: string }>();
      const add = (category: DataCategory, until: string | null, day: string, why: string) => {
        const key = `${day}|${why}|${until}`;
        const g = groups.get(key) ?? { categories: [], until, day, why };
        g.categories.push(category);
        groups.set(key, g);
      };
      const recheck = addCalendarDays(shanghaiDate(now), deps.policy.retention.recheckOpenHoldsDays);
      for (const h of plan.hold)
        add(h.category, h.until, plan.deferred.find((d) => d.category === h.category)!.at, h.kind);
      for (const c of plan.keptForService) add(c, null, recheck, 'relationship_resumed');
      const rescheduled = [];
      for (const g of groups.values()) rescheduled.push(await reschedule(deps, requestId, customerId, g));
      const erased = plan.erase.flatMap((g) => g.categories);
      // Backups taken while the hold ran still hold what is erased now: it goes on the isolation list too.
      if (erased.length > 0)
        isolation = await isolateDeferredErasure(deps, {
          requestId,
          customerId,
          erased,
          backupPurgeBy: plan.backupPurgeBy,
          held: rescheduled.filter((g) => g.why !== 'relationship_resumed'),
        });
      // The processors that kept it storage-only for us hear that it is to be deleted now.
      const notified =
        erased.length > 0
          ? await notifyDeferredErasure(deps, requestId, erased, `${shanghaiDate(now)}-${cats.join('+')}`)
          : [];
      result = {
        status: rescheduled.length === 0 ? 'erased' : erased.length > 0 ? 'partial' : 'rescheduled',
        erased: ordered(erased),
        counts,
        grounds: plan.grounds,
        rescheduled,
        ...(notified.length > 0 ? { notified } : {}),
        at: now.toISOString(),
      };
    }
    // A completed erasure closes this set of categories for good; a re-scheduling is recorded per new date, so the
    // later firing (same categories) is not mistaken for this one.
    const key =
      result.rescheduled.length === 0 ? firingKey : `${firingKey}@${result.rescheduled.map((r) => r.day).join(',')}`;
    if (await deps.store.putStepResult(requestId, key, result)) {
      await deps.store.appendEvent(requestId, {
        type: 'deferred_deletion_done',
        actor: 'scheduler:DeferredDeletion',
        data: {
          status: result.status,
          categories: cats,
          erased: result.erased,
          counts: result.counts,
          rescheduled: result.rescheduled,
          ...(result.notified ? { notified: result.notified } : {}),
        },
      });
      if (isolation)
        await deps.store.appendEvent(requestId, {
          type: 'backups_isolated',
          actor: 'scheduler:DeferredDeletion',
          data: { categories: isolation.categories, purgeBy: isolation.purgeBy, part: isolation.part, deferred: true },
        });
      deps.metrics.count(`deferred_deletion_${result.status}`);
    } else {
      return (await deps.store.getStepResult<DeferredDeletionResult>(requestId, key)) ?? result;
    }
    return result;
  },
});
