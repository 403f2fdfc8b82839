// Finding the person in the company's systems (issue 13 item 5). Each strong identifier the request carries — a valid
// ID number, a mobile — is looked up on its own: the customer is the one any of them still points to (after a partial
// deletion the phone may be gone while the ID number remains), and two identifiers pointing to two different
// customers is a conflict for staff to resolve, never an answer of "we hold no data".
import type { RightsRequest } from '../../domain/request/model.ts';
import type { StepDeps } from './deps.ts';
import { stepError } from './step.ts';

export type MatchedBy = 'idNumber' | 'phone';

export type CustomerLookup =
  | { kind: 'none' }
  | { kind: 'found'; customerId: string; matchedBy: MatchedBy[] }
  /** The ID number points to one customer and the phone to another (internal customer ids, for staff only). */
  | { kind: 'conflict'; byIdNumber: string; byPhone: string };

/** The identifiers the company's systems are searched by: a valid ID number and the phone (never the name alone). */
export function customerLookup(r: Pick<RightsRequest, 'subject'>): { idNumber?: string; phone?: string } {
  const lookup: { idNumber?: string; phone?: string } = {};
  if (r.subject.idNumber && r.subject.idNumberValid !== false) lookup.idNumber = r.subject.idNumber;
  if (r.subject.phone) lookup.phone = r.subject.phone;
  return lookup;
}

export async function lookupCustomer(
  deps: Pick<StepDeps, 'company'>,
  r: Pick<RightsRequest, 'subject'>,
): Promise<CustomerLookup> {
  const { idNumber, phone } = customerLookup(r);
  const [byId, byPhone] = await Promise.all([
    idNumber ? deps.company.findCustomer({ idNumber }) : undefined,
    phone ? deps.company.findCustomer({ phone }) : undefined,
  ]);
  if (byId && byPhone && byId.customerId !== byPhone.customerId)
    return { kind: 'conflict', byIdNumber: byId.customerId, byPhone: byPhone.customerId };
  const customerId = byId?.customerId ?? byPhone?.customerId;
  if (!customerId) return { kind: 'none' };
  const matchedBy: MatchedBy[] = [];
  if (byId) matchedBy.push('idNumber');
  if (byPhone) matchedBy.push('phone');
  return { kind: 'found', customerId, matchedBy };
}

/** The error a step throws on a conflict: the request goes to staff (RecordFailure) instead of a "no data" reply. */
export const CUSTOMER_CONFLICT = 'Customer.Conflict';

/** The customer the request is about, undefined when none; throws `Customer.Conflict` when identifiers disagree. */
export async function findCustomerFor(
  deps: Pick<StepDeps, 'company'>,
  r: Pick<RightsRequest, 'id' | 'subject'>,
): Promise<string | undefined> {
  const found = await lookupCustomer(deps, r);
  if (found.kind === 'conflict')
    throw stepError(
      CUSTOMER_CONFLICT,
      `${r.id}: the ID number and the phone point to different customers; staff must correct the identifiers (POST /api/requests/${r.id}/identifiers)`,
    );
  return found.kind === 'found' ? found.customerId : undefined;
}
