// cancel_quickpay (policy §4(5)): refused while a dispute is open; otherwise ends the bindings the person named (all
// only when asked), which ends those agreements (the end is recorded: a retention anchor). The card and transaction
// data of those bindings go through the erasure guard like any erasure: what a duty holds stays storage-only.
import type { RightsRequest } from '../../../domain/request/model.ts';
import { basisReason } from '../../../domain/rules/index.ts';
import { quickPayAsk, selectBindings } from '../../../domain/rules/quickpay.ts';
import type { StepDeps } from '../../shared/deps.ts';
import { eraseGuarded } from '../../shared/erasure.ts';
import { type ErasureSnapshot, erasurePlanKey, type FulfilResult } from '../results.ts';

type Result = Omit<FulfilResult, 'right' | 'at'>;

const NOT_NAMED = (active: number) => ({
  code: 'binding_not_named',
  zh: `您名下有${active}张银行卡开通了快捷支付，您的请求未注明需注销哪一张。为避免误注销，我们本次未作处理；请注明银行卡尾号四位，或说明注销全部快捷支付后再次提出申请。`,
  en: `${active} of your bank cards are set up for quick pay and your request did not say which one to cancel. So as not to cancel the wrong one we have not acted; please tell us the last four digits of the card, or that you want all of them cancelled.`,
});
const NO_MATCH = {
  code: 'binding_not_found',
  zh: '经核查，您所注明的银行卡在我们这里没有处于开通状态的快捷支付服务，因此无需注销。如您有其他银行卡开通了快捷支付，请注明其尾号四位后再次提出申请。',
  en: 'The card you named has no active quick pay with us, so there was nothing to cancel. If another of your cards is set up for quick pay, please tell us its last four digits.',
};

export async function cancelQuickPay(deps: StepDeps, r: RightsRequest, customerId: string, now: Date): Promise<Result> {
  if ((await deps.company.openDisputes(customerId)) > 0)
    return { status: 'refused', customerId, reason: basisReason('open_disputes', deps.policy) };
  const bindings = await deps.company.quickPayBindings(customerId);
  // A re-run after the bindings were ended acts on what the first run chose (recorded before acting).
  const key = erasurePlanKey('cancel_quickpay');
  const recorded = await deps.store.getStepResult<ErasureSnapshot & { bindingIds: string[] }>(r.id, key);
  const selection = recorded
    ? { kind: 'selected' as const, bindingIds: recorded.bindingIds, all: false }
    : selectBindings(bindings, quickPayAsk({ cardLast4: r.subject.bankCardLast4, text: r.details }));
  if (selection.kind === 'none_active') return { status: 'done', customerId, bindingsEnded: [] };
  if (selection.kind === 'not_named') return { status: 'refused', customerId, reason: NOT_NAMED(selection.active) };
  if (selection.kind === 'no_match') return { status: 'refused', customerId, reason: NO_MATCH };

  const chosen = bindings.filter((b) => selection.bindingIds.includes(b.bindingId));
  // Who hears of it: the cards' issuing banks and the networks that carried their payments (the merchant side), and
  // the processors acting for us (PIPL art. 21), which must keep the held card data storage-only too.
  const entrusted = new Set(
    deps.policy.recipients.recipients.filter((p) => p.legalBasis.article === 21).map((p) => p.id),
  );
  const snapshot = recorded ?? {
    customerId,
    held: (await deps.company.describe(customerId)).map((d) => d.category),
    recipients: [
      ...new Set([
        ...chosen.flatMap((b) => [b.issuingBank, ...b.clearing]),
        ...(await deps.company.recipientsOf(customerId)).filter((id) => entrusted.has(id)),
      ]),
    ].sort(),
    bindingIds: selection.bindingIds,
    at: now.toISOString(),
  };
  if (!recorded) await deps.store.putStepResult(r.id, key, snapshot);
  const after = await deps.company.endQuickPay(customerId, snapshot.bindingIds, now.toISOString());
  const ended = after.filter((b) => snapshot.bindingIds.includes(b.bindingId));
  // The bindings' card and transaction data: erased where nothing holds them, storage-only where a duty does.
  const { plan, counts } = await eraseGuarded(deps, {
    customerId,
    present: snapshot.held,
    requested: snapshot.held.filter((c) => c === 'bank_cards' || c === 'transactions'),
    assertedGround: 'service_ended',
    bindingIds: snapshot.bindingIds,
    minor: r.minor,
    now,
  });
  const erased = plan.erase.flatMap((g) => g.categories);
  return {
    status: plan.hold.length > 0 ? 'partial' : 'done',
    customerId,
    bindingsEnded: ended.map((b) => ({
      bindingId: b.bindingId,
      cardLast4: b.cardLast4,
      issuingBank: b.issuingBank,
      clearing: b.clearing,
      merchant: b.merchant,
      endedAt: b.endedAt ?? now.toISOString(),
    })),
    erased,
    counts,
    grounds: plan.grounds,
    held: plan.hold,
    backupPurgeBy: plan.backupPurgeBy,
    deferred: plan.deferred,
    recipients: snapshot.recipients,
  };
}
