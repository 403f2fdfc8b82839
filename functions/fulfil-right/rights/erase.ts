// delete: erase what no duty holds, restrict what is held (storage only), and remember who received the data.
import type { DataCategory, Right, RightsRequest } from '../../../domain/request/model.ts';
import { planErasure } from '../../../domain/rules/index.ts';
import type { RecordedChecks } from '../../check-exceptions/step.ts';
import type { StepDeps } from '../../shared/deps.ts';
import { type ErasureSnapshot, erasurePlanKey, type FulfilResult } from '../results.ts';

/** Open-ended holds (a legal hold) are restricted without an end date the connector must honour. */
export const OPEN_ENDED = '9999-12-31';

/**
 * What the person's data looked like before anything was erased: the categories held and the partners who received
 * them. Read once and recorded BEFORE erasing (`fulfil:<right>:plan`): once card or transaction records are gone the
 * company can no longer say which issuing bank or network received them, and a crash between erasing and recording
 * the result must not lose the partners to notify.
 */
export async function preErasureSnapshot(
  deps: StepDeps,
  requestId: string,
  right: Right,
  customerId: string,
): Promise<ErasureSnapshot> {
  const key = erasurePlanKey(right);
  const recorded = await deps.store.getStepResult<ErasureSnapshot>(requestId, key);
  if (recorded) return recorded;
  const [described, recipients] = await Promise.all([
    deps.company.describe(customerId),
    deps.company.recipientsOf(customerId),
  ]);
  const snapshot: ErasureSnapshot = {
    customerId,
    held: described.map((d) => d.category),
    recipients,
    at: deps.clock.now().toISOString(),
  };
  await deps.store.putStepResult(requestId, key, snapshot);
  // A concurrent run may have recorded first: follow the recorded snapshot.
  return (await deps.store.getStepResult<ErasureSnapshot>(requestId, key)) ?? snapshot;
}

export async function erase(
  deps: StepDeps,
  r: RightsRequest,
  customerId: string,
  checks: RecordedChecks | undefined,
  now: Date,
  withheld: readonly DataCategory[],
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const before = await preErasureSnapshot(deps, r.id, 'delete', customerId);
  // Categories the privacy officer withheld are kept as they are: neither erased nor restricted here.
  const kept = before.held.filter((c) => !withheld.includes(c));
  const plan = planErasure({ held: kept, holds: checks?.check.autoHolds ?? [], minor: r.minor, now }, deps.policy);
  const counts: Partial<Record<DataCategory, number>> = {};
  for (const group of plan.erase)
    Object.assign(counts, await deps.company.erase(customerId, group.categories, group.mode));
  const byUntil = new Map<string, DataCategory[]>();
  for (const h of plan.hold)
    byUntil.set(h.until ?? OPEN_ENDED, [...(byUntil.get(h.until ?? OPEN_ENDED) ?? []), h.category]);
  for (const [until, categories] of byUntil) await deps.company.restrict(customerId, categories, until);
  const withheldHeld = before.held.filter((c) => withheld.includes(c));
  return {
    status: plan.hold.length > 0 || withheldHeld.length > 0 ? 'partial' : 'done',
    customerId,
    ...(withheldHeld.length > 0 ? { withheld: withheldHeld } : {}),
    erased: plan.erase.flatMap((g) => g.categories),
    counts,
    held: plan.hold,
    backupPurgeBy: plan.backupPurgeBy,
    deferred: plan.deferred,
    recipients: before.recipients,
  };
}
