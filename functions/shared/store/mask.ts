// Masked display copies kept in clear next to the sealed personal fields (lists and the console need no decryption).
import type { Requester, SubjectClaim } from '../../../domain/request/model.ts';

export function maskName(v: string): string {
  const chars = [...v];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}

export function maskDigits(v: string, keepStart: number, keepEnd: number): string {
  if (v.length <= keepStart + keepEnd) return '*'.repeat(v.length);
  return `${v.slice(0, keepStart)}${'*'.repeat(v.length - keepStart - keepEnd)}${v.slice(v.length - keepEnd)}`;
}

export function maskEmail(v: string): string {
  const at = v.lastIndexOf('@');
  if (at < 1) return maskDigits(v, 1, 0);
  return `${v[0]}***${v.slice(at)}`;
}

export interface MaskedParties {
  subject: { name?: string; idNumber?: string; phone?: string; email?: string; bankCardLast4?: string };
  requester: { type: string; name?: string; email?: string; phone?: string };
}

export function maskParties(subject: SubjectClaim, requester: Requester): MaskedParties {
  const m: MaskedParties = { subject: {}, requester: { type: requester.type } };
  if (subject.name) m.subject.name = maskName(subject.name);
  if (subject.idNumber) m.subject.idNumber = maskDigits(subject.idNumber, 3, 4);
  if (subject.phone) m.subject.phone = maskDigits(subject.phone, 3, 4);
  if (subject.email) m.subject.email = maskEmail(subject.email);
  if (subject.bankCardLast4) m.subject.bankCardLast4 = subject.bankCardLast4;
  if (requester.name) m.requester.name = maskName(requester.name);
  if (requester.email) m.requester.email = maskEmail(requester.email);
  if (requester.phone) m.requester.phone = maskDigits(requester.phone, 3, 4);
  return m;
}
