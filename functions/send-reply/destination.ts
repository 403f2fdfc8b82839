// Where the reply goes. A letter that discloses personal data (access, copy/portability, explain) goes only to the
// address on file that the emailed code proved (verification method `email_code`), never to the asker's own From:
// anyone can write in claiming another person's identifiers, and the code proved control of the address on file only.
import type { Right, RightsRequest } from '../../domain/request/model.ts';
import type { StepDeps } from '../shared/deps.ts';
import { findCustomerFor, replyAddress } from '../shared/step.ts';
import type { Letter } from './decide.ts';

const DISCLOSING: ReadonlySet<Right> = new Set(['access', 'copy', 'portability', 'explain']);

export function disclosesPersonalData(r: RightsRequest, letter: Letter): boolean {
  if (letter.kind !== 'completed' && letter.kind !== 'partially_completed') return false;
  return r.rights.some((right) => DISCLOSING.has(right));
}

async function addressOnFile(deps: StepDeps, r: RightsRequest): Promise<string | undefined> {
  const customerId = await findCustomerFor(deps, r);
  if (!customerId) return undefined;
  const data = await deps.company.export(customerId);
  for (const rec of data.contact ?? []) {
    const email = (rec as { email?: unknown }).email;
    if (typeof email === 'string' && email.includes('@')) return email;
  }
  return undefined;
}

/**
 * The reply's address: the asker's (replyAddress) unless the letter discloses personal data to a person verified by
 * a code mailed to the address on file, in which case that address or none (staff then deliver it: `mailed: false`).
 */
export async function replyDestination(deps: StepDeps, r: RightsRequest, letter: Letter): Promise<string | undefined> {
  const asker = replyAddress(r);
  if (!disclosesPersonalData(r, letter) || r.verification.method !== 'email_code') return asker;
  return addressOnFile(deps, r);
}
