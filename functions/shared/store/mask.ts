// Masked display copies kept in clear next to the sealed personal fields (lists and the console need no decryption).
// The masks are the domain's (domain/identity), so the store, the API, logs and partner notices agree:
// ID 330106********1234, phone 138****5678, email z***@example.com, name 张*.
import { maskEmail, maskIdNumber, maskName, maskPhone } from '../../../domain/identity/index.ts';
import type { Requester, SubjectClaim } from '../../../domain/request/model.ts';

export { maskEmail, maskIdNumber, maskName, maskPhone };

export interface MaskedParties {
  subject: { name?: string; idNumber?: string; phone?: string; email?: string; bankCardLast4?: string };
  requester: { type: string; name?: string; email?: string; phone?: string; idNumber?: string; relation?: string };
}

export function maskParties(subject: SubjectClaim, requester: Requester): MaskedParties {
  const m: MaskedParties = { subject: {}, requester: { type: requester.type } };
  if (subject.name) m.subject.name = maskName(subject.name);
  if (subject.idNumber) m.subject.idNumber = maskIdNumber(subject.idNumber);
  if (subject.phone) m.subject.phone = maskPhone(subject.phone);
  if (subject.email) m.subject.email = maskEmail(subject.email);
  if (subject.bankCardLast4) m.subject.bankCardLast4 = subject.bankCardLast4;
  if (requester.name) m.requester.name = maskName(requester.name);
  if (requester.email) m.requester.email = maskEmail(requester.email);
  if (requester.phone) m.requester.phone = maskPhone(requester.phone);
  if (requester.idNumber) m.requester.idNumber = maskIdNumber(requester.idNumber);
  if (requester.relation) m.requester.relation = requester.relation;
  return m;
}
