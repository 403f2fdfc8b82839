// FulfilRight (one Map item per right): acts on the company's systems through the CompanyDataSource and records
// what was done. Recorded once per right, so a re-drive never erases or exports twice.
import { z } from 'zod';
import { type DataCategory, RequestId, Right, type RightsRequest } from '../../domain/request/model.ts';
import { OPEN_DISPUTES_REFUSAL, planErasure } from '../../domain/rules/index.ts';
import { CHECKS_KEY, type RecordedChecks } from '../check-exceptions/step.ts';
import type { RecordedReview } from '../request-review/operations.ts';
import { isVerified } from '../request-verification/operations.ts';
import type { StepDeps } from '../shared/deps.ts';
import { defineStep, findCustomerFor, fulfilKey, moveStatus, mustGetRequest, stepError } from '../shared/step.ts';
import { type ErasureSnapshot, erasurePlanKey, type FulfilResult, UNVERIFIED_CODE, WITHHELD_CODE } from './results.ts';

/** Recorded for every right when the identity check did not reach the level the rights need (PIPL art. 50 ¶1). */
const UNVERIFIED: Omit<FulfilResult, 'right' | 'at'> = {
  status: 'refused',
  reason: {
    code: UNVERIFIED_CODE,
    zh: '我们未能核实您的身份，因此未处理本项请求，亦未披露任何个人信息。',
    en: 'We could not verify your identity, so this part of the request was not processed and nothing was disclosed.',
  },
};

/** Open-ended holds (a legal hold) are restricted without an end date the connector must honour. */
const OPEN_ENDED = '9999-12-31';

/**
 * What the person's data looked like before anything was erased: the categories held and the partners who received
 * them. Read once and recorded BEFORE erasing (`fulfil:<right>:plan`): once card or transaction records are gone the
 * company can no longer say which issuing bank or network received them, and a crash between erasing and recording
 * the result must not lose the partners to notify.
 */
async function preErasureSnapshot(
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

async function erase(
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

async function cancelQuickPay(
  deps: StepDeps,
  requestId: string,
  customerId: string,
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const disputes = await deps.company.openDisputes(customerId);
  if (disputes > 0)
    return {
      status: 'refused',
      customerId,
      reason: { ...OPEN_DISPUTES_REFUSAL },
    };
  const before = await preErasureSnapshot(deps, requestId, 'cancel_quickpay', customerId);
  const mode = deps.policy.retention.erasure.bank_cards;
  const counts = await deps.company.erase(customerId, ['bank_cards'], mode);
  // Issuing banks and the clearing networks (which carry the merchant side) hear of the cancellation.
  const roles = new Map(deps.policy.recipients.recipients.map((p) => [p.id, p.role]));
  const recipients = before.recipients.filter((id) => {
    const role = roles.get(id.split(':')[0]!);
    return role === 'issuing_bank' || role === 'clearing';
  });
  return { status: 'done', customerId, erased: ['bank_cards'], counts, recipients };
}

async function fulfil(
  deps: StepDeps,
  r: RightsRequest,
  right: Right,
  review: RecordedReview | undefined,
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const now = deps.clock.now();
  const withheld = review?.decision === 'partial' ? review.withheld : undefined;
  // The privacy officer withheld this right (partial decision): it is not fulfilled; the letter lists it.
  if (withheld?.rights.includes(right))
    return { status: 'refused', reason: { code: WITHHELD_CODE, zh: review?.reasons ?? '', en: review?.reasons ?? '' } };
  const withheldCategories = withheld?.categories ?? [];
  if (right === 'correct')
    // A correction is applied by staff in the source system (the corrections endpoint records it).
    return { status: 'pending_staff' };
  const customerId = await findCustomerFor(deps, r);
  if (!customerId) return { status: 'no_data' };
  switch (right) {
    case 'delete':
      return erase(
        deps,
        r,
        customerId,
        await deps.store.getStepResult<RecordedChecks>(r.id, CHECKS_KEY),
        now,
        withheldCategories,
      );
    case 'cancel_quickpay':
      return cancelQuickPay(deps, r.id, customerId);
    case 'access':
    case 'explain': {
      const all = await deps.company.describe(customerId);
      const summary = all.filter((d) => !withheldCategories.includes(d.category));
      const kept = all.filter((d) => withheldCategories.includes(d.category)).map((d) => d.category);
      return {
        status: kept.length > 0 ? 'partial' : 'done',
        customerId,
        summary,
        ...(kept.length ? { withheld: kept } : {}),
      };
    }
    case 'copy':
    case 'portability': {
      const everything = await deps.company.export(customerId);
      const data = Object.fromEntries(
        Object.entries(everything).filter(([c]) => !withheldCategories.includes(c as DataCategory)),
      );
      const kept = Object.keys(everything).filter((c) =>
        withheldCategories.includes(c as DataCategory),
      ) as DataCategory[];
      const exportKey = `exports/${r.id}.json.enc`;
      if (!(await deps.blobs.exists(exportKey))) {
        const sealed = await deps.cipher.seal(JSON.stringify({ requestId: r.id, exportedAt: now.toISOString(), data }));
        await deps.blobs.put(exportKey, Buffer.from(sealed, 'utf8'), 'application/vnd.rightsflow.sealed+json');
      }
      const exportRecords = Object.values(data).reduce((n, v) => n + (v?.length ?? 0), 0);
      return {
        status: kept.length > 0 ? 'partial' : 'done',
        customerId,
        exportKey,
        exportRecords,
        ...(kept.length ? { withheld: kept } : {}),
      };
    }
    case 'withdraw_consent':
      await deps.company.stopMarketing(customerId);
      return { status: 'done', customerId, scope: ['marketing'] };
    case 'restrict': {
      const categories = (await deps.company.describe(customerId)).map((d) => d.category);
      if (categories.length > 0) await deps.company.restrict(customerId, categories, OPEN_ENDED);
      return { status: 'done', customerId, scope: categories };
    }
  }
}

export const step = defineStep({
  name: 'FulfilRight',
  input: z.object({ requestId: RequestId, right: Right }),
  async run({ requestId, right }, deps) {
    const key = fulfilKey(right);
    const recorded = await deps.store.getStepResult<FulfilResult>(requestId, key);
    if (recorded) return { right, status: recorded.status };
    const r = await mustGetRequest(deps, requestId);
    if (!r.rights.includes(right)) throw stepError('Right.NotRequested', `${requestId} does not ask for ${right}`);
    // Defence in depth: whatever path led here, nothing is erased, exported or disclosed for an unverified person.
    const verificationTask = await deps.store.getTask(requestId, 'verification');
    const verified = isVerified(r) && verificationTask?.status !== 'failed';
    if (verified) await moveStatus(deps, requestId, 'fulfilling');
    const review = (await deps.store.getTask(requestId, 'review'))?.result as RecordedReview | undefined;
    const done = verified ? await fulfil(deps, r, right, review) : UNVERIFIED;
    const result: FulfilResult = { right, ...done, at: deps.clock.now().toISOString() };
    if (await deps.store.putStepResult(requestId, key, result))
      await deps.store.appendEvent(requestId, {
        type: 'right_fulfilled',
        actor: 'workflow:FulfilRight',
        data: {
          right,
          status: result.status,
          ...(result.counts ? { counts: result.counts } : {}),
          ...(result.held ? { held: result.held.map((h) => ({ category: h.category, until: h.until })) } : {}),
          ...(result.exportKey ? { exportKey: result.exportKey } : {}),
        },
      });
    const kept = (await deps.store.getStepResult<FulfilResult>(requestId, key)) ?? result;
    return { right, status: kept.status };
  },
});
