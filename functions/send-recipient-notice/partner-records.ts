// What partners need to find the person, read from the company's systems before anything is erased (the notices go
// out after the erasure). Sealed with the field cipher: it holds names, ID numbers and phones. One record per request.
import type { CustomerRecords } from '../../domain/identity/partner-reference.ts';
import type { StepDeps } from '../shared/deps.ts';

export const PARTNER_RECORDS_KEY = 'partner-records';

interface Recorded {
  customerId: string;
  sealed: string;
  at: string;
}

/** Only the fields a partner's reference uses: the profile's name and ID, cards, quick-pay bindings, transactions. */
const KEEP: Record<string, readonly string[]> = {
  PROFILE: ['name', 'idNumber'],
  CARD: ['cardId', 'bankId', 'maskedNumber', 'reservedPhone'],
  QP: ['bindingId', 'cardId', 'merchant', 'boundAt'],
  TXN: ['txnId', 'orderNo', 'at', 'amount', 'clearing', 'cardId'],
};

function subset(data: CustomerRecords): CustomerRecords {
  const out: CustomerRecords = {};
  for (const [category, list] of Object.entries(data) as [keyof CustomerRecords, unknown[]][]) {
    const kept = list.flatMap((rec) => {
      const r = rec as Record<string, unknown>;
      const fields = KEEP[String(r['recordType'])];
      return fields ? [Object.fromEntries([['recordType', r['recordType']], ...fields.map((f) => [f, r[f]])])] : [];
    });
    if (kept.length) out[category] = kept;
  }
  return out;
}

/** Records the partner-facing records once (a re-drive keeps the first, read before the erasure). */
export async function capturePartnerRecords(deps: StepDeps, requestId: string, customerId: string): Promise<void> {
  if (await deps.store.getStepResult(requestId, PARTNER_RECORDS_KEY)) return;
  const sealed = await deps.cipher.seal(JSON.stringify(subset(await deps.company.export(customerId))));
  await deps.store.putStepResult(requestId, PARTNER_RECORDS_KEY, {
    customerId,
    sealed,
    at: deps.clock.now().toISOString(),
  } satisfies Recorded);
}

/** The records captured before the erasure; what the company still holds when none were captured. */
export async function partnerRecords(deps: StepDeps, requestId: string, customerId: string): Promise<CustomerRecords> {
  const recorded = await deps.store.getStepResult<Recorded>(requestId, PARTNER_RECORDS_KEY);
  if (recorded) return JSON.parse(await deps.cipher.open(recorded.sealed)) as CustomerRecords;
  return subset(await deps.company.export(customerId));
}
