// delete: erase what no duty holds, restrict what is held (storage only), and remember who received the data.
import type { DataCategory, Right, RightsRequest } from '../../../domain/request/model.ts';
import { basisReason } from '../../../domain/rules/index.ts';
import type { StepDeps } from '../../shared/deps.ts';
import { eraseGuarded } from '../../shared/erasure.ts';

export { OPEN_ENDED } from '../../shared/erasure.ts';

import { type ErasureSnapshot, erasurePlanKey, type FulfilResult } from '../results.ts';

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
  now: Date,
  withheld: readonly DataCategory[],
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const before = await preErasureSnapshot(deps, r.id, 'delete', customerId);
  // Categories the privacy officer withheld are kept as they are: neither erased nor restricted here.
  const requested = before.held.filter((c) => !withheld.includes(c));
  const { plan, counts, anchors } = await eraseGuarded(deps, {
    customerId,
    present: before.held,
    requested,
    minor: r.minor,
    now,
  });
  const erased = plan.erase.flatMap((g) => g.categories);
  const withheldHeld = before.held.filter((c) => withheld.includes(c));
  const kept = plan.hold.length + plan.keptForService.length + withheldHeld.length;
  // Nothing erased: all held is "held" (not a partial success); nothing erasable while the service runs is a refusal
  // on its real basis, with account closure offered.
  const status =
    erased.length > 0 ? (kept > 0 ? 'partial' : 'done') : plan.hold.length > 0 ? 'held' : kept > 0 ? 'refused' : 'done';
  return {
    status,
    customerId,
    ...(withheldHeld.length > 0 ? { withheld: withheldHeld } : {}),
    erased,
    counts,
    grounds: plan.grounds,
    held: plan.hold,
    keptForService: plan.keptForService,
    ...(anchors.relationshipEndedAt ? {} : { serviceContinues: true }),
    backupPurgeBy: plan.backupPurgeBy,
    deferred: plan.deferred,
    recipients: before.recipients,
    ...(status === 'refused' ? { reason: basisReason('no_deletion_ground', deps.policy) } : {}),
  };
}
