// Where a fee quote goes: to the contact the verification proved, as the reply will. A code mailed to the address
// on file proved that address (the asker's own From proves nothing about the person); otherwise the asker's address.
// No address: undefined, and staff deliver the quote by phone (deliverLetter's delivery task).
import type { RightsRequest } from '../../domain/request/model.ts';
import { contactOnFile } from '../request-verification/send-code.ts';
import type { StepDeps } from '../shared/deps.ts';
import { findCustomerFor, replyAddress } from '../shared/step.ts';

export async function quoteDestination(deps: StepDeps, r: RightsRequest): Promise<string | undefined> {
  if (r.verification.method !== 'email_code') return replyAddress(r);
  const customerId = await findCustomerFor(deps, r);
  return customerId ? (await contactOnFile(deps, customerId)).email : undefined;
}
