// cancel_quickpay (policy §4(5)): refused while a dispute is open; otherwise ends the binding and tells the banks.
import { OPEN_DISPUTES_REFUSAL } from '../../../domain/rules/index.ts';
import type { StepDeps } from '../../shared/deps.ts';
import type { FulfilResult } from '../results.ts';
import { preErasureSnapshot } from './erase.ts';

export async function cancelQuickPay(
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
