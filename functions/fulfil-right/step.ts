// FulfilRight (one Map item per right): acts on the company's systems through the CompanyDataSource and records
// what was done. Recorded once per right, so a re-drive never erases or exports twice.
import { z } from 'zod';
import { type DataCategory, RequestId, Right, type RightsRequest } from '../../domain/request/model.ts';
import { planErasure } from '../../domain/rules/index.ts';
import { CHECKS_KEY, type RecordedChecks } from '../check-exceptions/step.ts';
import type { StepDeps } from '../shared/deps.ts';
import { defineStep, findCustomerFor, fulfilKey, moveStatus, mustGetRequest, stepError } from '../shared/step.ts';
import type { FulfilResult } from './results.ts';

/** Open-ended holds (a legal hold) are restricted without an end date the connector must honour. */
const OPEN_ENDED = '9999-12-31';

async function erase(
  deps: StepDeps,
  r: RightsRequest,
  customerId: string,
  checks: RecordedChecks | undefined,
  now: Date,
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const held = (await deps.company.describe(customerId)).map((d) => d.category);
  const plan = planErasure({ held, holds: checks?.check.autoHolds ?? [], minor: r.minor, now }, deps.policy);
  const counts: Partial<Record<DataCategory, number>> = {};
  for (const group of plan.erase)
    Object.assign(counts, await deps.company.erase(customerId, group.categories, group.mode));
  const byUntil = new Map<string, DataCategory[]>();
  for (const h of plan.hold)
    byUntil.set(h.until ?? OPEN_ENDED, [...(byUntil.get(h.until ?? OPEN_ENDED) ?? []), h.category]);
  for (const [until, categories] of byUntil) await deps.company.restrict(customerId, categories, until);
  return {
    status: plan.hold.length > 0 ? 'partial' : 'done',
    customerId,
    erased: plan.erase.flatMap((g) => g.categories),
    counts,
    held: plan.hold,
    backupPurgeBy: plan.backupPurgeBy,
    deferred: plan.deferred,
    recipients: await deps.company.recipientsOf(customerId),
  };
}

async function cancelQuickPay(deps: StepDeps, customerId: string): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const disputes = await deps.company.openDisputes(customerId);
  if (disputes > 0)
    return {
      status: 'refused',
      customerId,
      reason: {
        code: 'open_disputes',
        zh: '您与商户、发卡行或我们之间存在尚未解决的争议，争议解决前无法注销快捷支付（隐私政策第四条第（五）项）。',
        en: 'Quick pay cannot be cancelled while disputes with the merchant, the issuing bank or us are open (privacy policy §4(5)).',
      },
    };
  const mode = deps.policy.retention.erasure.bank_cards;
  const counts = await deps.company.erase(customerId, ['bank_cards'], mode);
  // Issuing banks and the clearing networks (which carry the merchant side) hear of the cancellation.
  const roles = new Map(deps.policy.recipients.recipients.map((p) => [p.id, p.role]));
  const recipients = (await deps.company.recipientsOf(customerId)).filter((id) => {
    const role = roles.get(id.split(':')[0]!);
    return role === 'issuing_bank' || role === 'clearing';
  });
  return { status: 'done', customerId, erased: ['bank_cards'], counts, recipients };
}

async function fulfil(deps: StepDeps, r: RightsRequest, right: Right): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const now = deps.clock.now();
  if (right === 'correct')
    // A correction is applied by staff in the source system (the corrections endpoint records it).
    return { status: 'pending_staff' };
  const customerId = await findCustomerFor(deps, r);
  if (!customerId) return { status: 'no_data' };
  switch (right) {
    case 'delete':
      return erase(deps, r, customerId, await deps.store.getStepResult<RecordedChecks>(r.id, CHECKS_KEY), now);
    case 'cancel_quickpay':
      return cancelQuickPay(deps, customerId);
    case 'access':
    case 'explain': {
      const summary = await deps.company.describe(customerId);
      return { status: 'done', customerId, summary };
    }
    case 'copy':
    case 'portability': {
      const data = await deps.company.export(customerId);
      const exportKey = `exports/${r.id}.json.enc`;
      if (!(await deps.blobs.exists(exportKey))) {
        const sealed = await deps.cipher.seal(JSON.stringify({ requestId: r.id, exportedAt: now.toISOString(), data }));
        await deps.blobs.put(exportKey, Buffer.from(sealed, 'utf8'), 'application/vnd.rightsflow.sealed+json');
      }
      const exportRecords = Object.values(data).reduce((n, v) => n + (v?.length ?? 0), 0);
      return { status: 'done', customerId, exportKey, exportRecords };
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
    await moveStatus(deps, requestId, 'fulfilling');
    const result: FulfilResult = { right, ...(await fulfil(deps, r, right)), at: deps.clock.now().toISOString() };
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
