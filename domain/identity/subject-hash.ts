// Salted lookup hash of a subject (GSI2, isolation list): the same person gives the same hash whichever way the
// identifiers were written; without the salt the hash cannot be reversed by enumerating ID or phone numbers.
import { createHmac } from 'node:crypto';
import { parsePhone } from './phone.ts';
import { parseResidentId } from './resident-id.ts';

export interface SubjectIdentifiers {
  idNumber?: string | undefined;
  phone?: string | undefined;
}

/**
 * HMAC-SHA256(salt, "id:<ID number>") when a valid resident ID is given, else "phone:<mobile>", as hex;
 * undefined when neither identifier is valid (nothing reliable to look up by).
 */
export function subjectHash(identifiers: SubjectIdentifiers, salt: string | Uint8Array): string | undefined {
  if (typeof salt === 'string' ? salt.length === 0 : salt.byteLength === 0) throw new Error('subjectHash needs a salt');
  let material: string | undefined;
  const id = identifiers.idNumber ? parseResidentId(identifiers.idNumber) : undefined;
  if (id?.ok) material = `id:${id.value}`;
  else {
    const phone = identifiers.phone ? parsePhone(identifiers.phone) : undefined;
    if (phone?.ok) material = `phone:${phone.value}`;
  }
  return material === undefined ? undefined : createHmac('sha256', salt).update(material).digest('hex');
}
