// close_account (网络数据安全管理条例 arts. 23–24; policy §4(5)): refused while a dispute is open — closing ends every
// quick-pay agreement, which the policy allows only without one. Otherwise closes the account (the end of the
// relationship, recorded by the company as the retention anchor), ends the quick-pay agreements with it, and then
// erases or anonymises everything no duty holds; what a duty holds stays storage-only until its end (the deferred
// deletion erases it then). Everyone who received the person's data hears of the closure.
import type { RightsRequest } from '../../../domain/request/model.ts';
import { basisReason } from '../../../domain/rules/index.ts';
import type { StepDeps } from '../../shared/deps.ts';
import { eraseGuarded } from '../../shared/erasure.ts';
import { type ErasureSnapshot, erasurePlanKey, type FulfilResult } from '../results.ts';

type Result = Omit<FulfilResult, 'right' | 'at'>;
/** The agreements active before closing are recorded too: a re-run after a crash still names them in the letter. */
type ClosureSnapshot = ErasureSnapshot & { bindingIds: string[] };

export async function closeAccount(deps: StepDeps, r: RightsRequest, customerId: string, now: Date): Promise<Result> {
  const key = erasurePlanKey('close_account');
  let snapshot = await deps.store.getStepResult<ClosureSnapshot>(r.id, key);
  // A re-run after the account was closed goes on from the recorded snapshot: a dispute opened since does not undo a
  // closure (its records are held by the erasure guard like any other hold).
  if (!snapshot) {
    if ((await deps.company.openDisputes(customerId)) > 0)
      return { status: 'refused', customerId, reason: basisReason('open_disputes_account', deps.policy) };
    // Read before anything ends or is erased: afterwards the company can no longer say who received the data.
    const [described, recipients, bindings] = await Promise.all([
      deps.company.describe(customerId),
      deps.company.recipientsOf(customerId),
      deps.company.quickPayBindings(customerId),
    ]);
    const active = bindings.filter((b) => b.status === 'active');
    snapshot = {
      customerId,
      held: described.map((d) => d.category),
      recipients: [...new Set([...recipients, ...active.flatMap((b) => [b.issuingBank, ...b.clearing])])].sort(),
      bindingIds: active.map((b) => b.bindingId),
      at: now.toISOString(),
    };
    await deps.store.putStepResult(r.id, key, snapshot);
    snapshot = (await deps.store.getStepResult<ClosureSnapshot>(r.id, key)) ?? snapshot;
  }
  const closed = await deps.company.closeAccount(customerId, now.toISOString());
  const bindingIds = snapshot.bindingIds;
  const ended = (await deps.company.quickPayBindings(customerId)).filter((b) => bindingIds.includes(b.bindingId));
  // The relationship has ended: no category is kept "for the service" any more; retention duties count from the
  // closure (the company's anchor), and what they hold is restricted, not erased.
  const { plan, counts } = await eraseGuarded(deps, {
    customerId,
    present: snapshot.held,
    requested: snapshot.held,
    relationshipEnds: true,
    assertedGround: 'service_ended',
    minor: r.minor,
    now,
  });
  return {
    // The closure itself is done; what a duty keeps makes it partial, and the letter says what stays and until when.
    status: plan.hold.length > 0 ? 'partial' : 'done',
    customerId,
    accountClosedAt: closed.closedAt,
    bindingsEnded: ended.map((b) => ({
      bindingId: b.bindingId,
      cardLast4: b.cardLast4,
      issuingBank: b.issuingBank,
      clearing: b.clearing,
      merchant: b.merchant,
      endedAt: b.endedAt ?? closed.closedAt,
    })),
    erased: plan.erase.flatMap((g) => g.categories),
    counts,
    grounds: plan.grounds,
    held: plan.hold,
    backupPurgeBy: plan.backupPurgeBy,
    deferred: plan.deferred,
    recipients: snapshot.recipients,
  };
}
