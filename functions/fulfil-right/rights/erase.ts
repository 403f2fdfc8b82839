// delete: erase what no duty holds, restrict what is held (storage only), and remember who received the data.
import type { DataCategory, Right, RightsRequest } from '../../../domain/request/model.ts';
import { capturePartnerRecords } from '../../send-recipient-notice/partner-records.ts';
import type { StepDeps } from '../../shared/deps.ts';
import { eraseGuarded } from '../../shared/erasure.ts';

export { OPEN_ENDED } from '../../shared/erasure.ts';

import { type ErasureSnapshot, erasurePlanKey, type FulfilResult } from '../results.ts';

/** A deletion that finds nothing the ongoing service can do without: refused on its real basis (PIPL art. 47 ¶1). */
export const NO_GROUND_WHILE_SERVICE_RUNS = {
  code: 'no_deletion_ground',
  zh: '您的账户仍在使用中，我们为继续向您提供支付服务所必需的个人信息不属于《个人信息保护法》第四十七条第一款规定的应当删除的情形。如您不再使用我们的服务，可以申请注销账户，注销后我们将删除或匿名化处理您的个人信息（法律、行政法规规定须保存的除外）。',
  en: 'Your account is still in use; the personal information we need to keep providing the payment service to you is not in any of the cases of Article 47(1) of the Personal Information Protection Law in which it must be deleted. If you no longer use our service you may ask us to close your account; we then delete or anonymise your personal information, except what laws and administrative regulations require us to keep.',
} as const;

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
  // What each partner needs to find the person (cards, agreements, transactions), sealed, before it is gone.
  await capturePartnerRecords(deps, requestId, customerId);
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
    ...(status === 'refused' ? { reason: NO_GROUND_WHILE_SERVICE_RUNS } : {}),
  };
}
