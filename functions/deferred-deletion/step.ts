// DeferredDeletion: the target of the one-off schedules ScheduleDeferredDeletions creates at a hold's end. Erases the
// held categories whose retention duty has truly ended, re-checked now with the domain's rules (a later transaction
// extends the AML duty); what is still held stays restricted and is scheduled again for the day after its new end.
// Idempotent: erase/restrict/schedule are idempotent, and the outcome (with its audit event) is recorded once per
// firing, so Scheduler's at-least-once delivery and Lambda's async retries change nothing.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { ErasureMode } from '../../domain/policy/schema.ts';
import { DATA_CATEGORIES, DataCategory, RequestId } from '../../domain/request/model.ts';
import { addCalendarDays } from '../../domain/rules/dates.ts';
import { retentionHolds } from '../../domain/rules/index.ts';
import type { FulfilResult } from '../fulfil-right/results.ts';
import type { StepDeps } from '../shared/deps.ts';
import { defineStep, fulfilKey } from '../shared/step.ts';

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
  /** Still held: the new end of the hold and the day the next attempt is scheduled for. */
  rescheduled: { categories: DataCategory[]; until: string; day: string }[];
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
  categories: DataCategory[],
  until: string,
) {
  // Keep the extended hold visible to the company's systems: storage and security measures only.
  await deps.company.restrict(customerId, categories, until);
  const day = addCalendarDays(until, 1);
  await deps.scheduler.scheduleAt(deferredScheduleName(requestId, day, categories), startOfShanghaiDay(day), {
    requestId,
    customerId,
    categories,
    kind: 'deferred_deletion',
  });
  return { categories, until, day };
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
    const fulfilled = await deps.store.getStepResult<FulfilResult>(requestId, fulfilKey('delete'));
    const customerId = given ?? fulfilled?.customerId;
    let result: DeferredDeletionResult;
    if (!customerId) {
      result = { status: 'no_customer', erased: [], counts: {}, rescheduled: [], at: now.toISOString() };
    } else {
      const anchors = await deps.company.retentionAnchors(customerId);
      // The relationship ended with the deletion at the latest: without that, "not ended" would re-anchor at today
      // and postpone the deletion forever.
      const endedAt = anchors.relationshipEndedAt ?? fulfilled?.at ?? now.toISOString();
      const holds = retentionHolds(cats, { ...anchors, relationshipEndedAt: endedAt }, deps.policy, now);
      const held = new Set(holds.map((h) => h.category));
      const due = cats.filter((c) => !held.has(c));
      const byMode = new Map<ErasureMode, DataCategory[]>();
      for (const c of due) {
        const mode = deps.policy.retention.erasure[c];
        byMode.set(mode, [...(byMode.get(mode) ?? []), c]);
      }
      const counts: Partial<Record<DataCategory, number>> = {};
      for (const [mode, group] of byMode) Object.assign(counts, await deps.company.erase(customerId, group, mode));
      const byUntil = new Map<string, DataCategory[]>();
      for (const h of holds) byUntil.set(h.until, [...(byUntil.get(h.until) ?? []), h.category]);
      const rescheduled = [];
      for (const [until, group] of byUntil)
        rescheduled.push(await reschedule(deps, requestId, customerId, group, until));
      result = {
        status: rescheduled.length === 0 ? 'erased' : due.length > 0 ? 'partial' : 'rescheduled',
        erased: due,
        counts,
        rescheduled,
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
        },
      });
      deps.metrics.count(`deferred_deletion_${result.status}`);
    } else {
      return (await deps.store.getStepResult<DeferredDeletionResult>(requestId, key)) ?? result;
    }
    return result;
  },
});
