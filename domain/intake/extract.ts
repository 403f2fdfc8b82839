// Who the mail is about and who writes it: name, resident ID (validated; an invalid one is kept as claimed-invalid),
// mobile, bank card tail, email — for the subject and, when a guardian or a relative of a deceased person writes, for
// the requester too. Validation is domain/identity's; names are names.ts's; who is who is parties.ts's.
import { ageAt, parseBankCard, parseEmail, parsePhone, parseResidentId } from '../identity/index.ts';
import { childName, deceasedName, guardianName, relativeName, writerName } from './names.ts';
import { type Relation, type RequesterKind, type Role, roleAt, whoIsAsking } from './parties.ts';

export interface ExtractedSubject {
  name?: string;
  idNumber?: string;
  idNumberValid?: boolean;
  /** Birth date from a valid ID number (for the under-14 check). */
  birthDate?: string;
  phone?: string;
  email: string;
  bankCardLast4?: string;
}

/** The writer, when they ask for someone else (a guardian, a relative of a deceased person). */
export interface ExtractedRequester {
  type: RequesterKind;
  relation?: Relation;
  name?: string;
  idNumber?: string;
  idNumberValid?: boolean;
  phone?: string;
}

export interface Extraction {
  subject: ExtractedSubject;
  requester: ExtractedRequester;
  /** The writer's own name when it differs from the subject's (a guardian, a relative). */
  requesterName?: string;
  guardian: boolean;
}

// ID numbers: a labelled value of any plausible length, or any 18-character run not part of a longer one.
const ID_LABELLED = /(?:身份证|证件)(?:号码|号|编号)?\s*(?:是|为)?\s*[:：]?\s*([0-9Xx]{15,20})(?![0-9])/g;
const ID_LABELLED_EN =
  /\b(?:ID|identity card|resident ID|ID card)(?: number| no\.?)?\s*(?:is|:)?\s*([0-9Xx]{15,20})(?![0-9])/gi;
const ID_LOOSE = /(?<![0-9])([1-9][0-9]{16}[0-9Xx])(?![0-9A-Za-z])/g;
const CARD_LABEL = /(?:卡号|银行卡号?|card(?: number| no\.?)?)\s*(?:是|为|is)?\s*[:：]?\s*([0-9][0-9 -]{10,24}[0-9])/i;
const CARD_TAIL =
  /(?:尾号|末四位|后四位|末尾|尾数)\s*(?:是|为)?\s*[:：]?\s*([0-9]{4})(?![0-9])|\b(?:ending(?: in| with)?|last (?:four|4) digits(?: are| is)?:?)\s*([0-9]{4})\b/i;
const PHONE = /(?<![0-9])((?:\+?86[\s-]?)?1[3-9][0-9](?:[\s-]?[0-9]{4}){2})(?![0-9])/g;
const EMAIL_LABELLED =
  /(?:邮箱|电子邮件|email|e-mail)\s*(?:地址)?\s*(?:是|为|is)?\s*[:：]?\s*([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/i;

// An address given for the company a portability transfer goes to ("转移至某某公司（接收邮箱 …）") is that company's,
// not the person's (domain/exports/receiver.ts reads it as the receiver's contact).
const RECEIVER_CONTEXT = /接收|转移|迁移|转交|转至|receiv|transfer|\bport\b|send it/i;

function statedEmail(text: string): string | undefined {
  for (const m of text.matchAll(new RegExp(EMAIL_LABELLED.source, 'gi'))) {
    const before = text.slice(Math.max(0, m.index - 40), m.index + m[0].length - (m[1]?.length ?? 0));
    const mine = /(?:我的|本人|\bmy)\s*$/i.test(text.slice(Math.max(0, m.index - 6), m.index));
    if (mine || !RECEIVER_CONTEXT.test(before)) return m[1];
  }
  return undefined;
}

interface FoundId {
  value: string;
  valid: boolean;
  birthDate?: string;
  /** Where the number starts in the text. */
  at: number;
  role: Role;
}

/** Every ID number in the text, labelled ones first (the order a single-person mail is read in), each once. */
function idNumbers(text: string, now: Date, kind: RequesterKind): FoundId[] {
  const out: FoundId[] = [];
  for (const re of [ID_LABELLED, ID_LABELLED_EN, ID_LOOSE]) {
    for (const m of text.matchAll(re)) {
      const raw = m[1]!;
      const at = (m.index ?? 0) + m[0].lastIndexOf(raw);
      if (out.some((x) => x.at === at)) continue;
      const id = parseResidentId(raw, now);
      const found: FoundId = {
        value: id.ok ? id.value : raw.toUpperCase(),
        valid: id.ok,
        at,
        role: roleAt(text, at, kind),
      };
      if (id.ok) found.birthDate = id.birthDate;
      // Whoever the words point to, the ID number of someone under 18 in a guardian's mail is the child's.
      if (kind === 'guardian' && id.ok && ageAt(id.birthDate, now) < 18) found.role = 'subject';
      else if (kind === 'guardian' && id.ok && found.role === 'unknown') found.role = 'requester';
      out.push(found);
    }
  }
  return out;
}

function phones(text: string, kind: RequesterKind): { value: string; role: Role }[] {
  const out: { value: string; role: Role }[] = [];
  for (const m of text.matchAll(PHONE)) {
    const phone = parsePhone(m[1]!);
    if (phone.ok) out.push({ value: phone.value, role: roleAt(text, m.index ?? 0, kind) });
  }
  return out;
}

/** The first of `items` for `role`; with `fallback`, an unattributed one too. */
function pick<T extends { role: Role }>(items: T[], role: Role, fallback: boolean): T | undefined {
  return items.find((x) => x.role === role) ?? (fallback ? items.find((x) => x.role === 'unknown') : undefined);
}

/**
 * `text` is the normalised authored part, `original` the same text before normalisation (same length);
 * `fromAddress` is the sender (the fallback email, never proof of identity).
 */
export function extractSubject(text: string, fromAddress: string, now: Date, original: string = text): Extraction {
  const subject: ExtractedSubject = { email: fromAddress };
  const parties = whoIsAsking(text);
  const kind = parties.type;
  const requester: ExtractedRequester = { type: kind, ...(parties.relation && { relation: parties.relation }) };

  const ids = idNumbers(text, now, kind);
  // Self: the first ID number. A guardian's: the child's (an unattributed invalid one is taken as claimed for the
  // child). A relative's: the deceased's unless the words say it is the writer's own.
  const subjectId = pick(ids, 'subject', kind !== 'guardian' || ids.every((x) => !x.valid));
  if (subjectId) {
    subject.idNumber = subjectId.value;
    subject.idNumberValid = subjectId.valid;
    if (subjectId.birthDate) subject.birthDate = subjectId.birthDate;
  }
  const requesterId = kind === 'self' ? undefined : ids.find((x) => x.role === 'requester' && x !== subjectId);
  if (requesterId) {
    requester.idNumber = requesterId.value;
    requester.idNumberValid = requesterId.valid;
  }

  const card = CARD_LABEL.exec(text)?.[1];
  const cardParsed = card ? parseBankCard(card) : undefined;
  if (cardParsed?.ok) subject.bankCardLast4 = cardParsed.last4;
  else {
    const tail = CARD_TAIL.exec(text);
    const last4 = tail?.[1] ?? tail?.[2];
    if (last4) subject.bankCardLast4 = last4;
  }

  // A phone in a guardian's or relative's mail is the writer's contact unless the words give it to the other person.
  const phoneList = phones(text, kind);
  const subjectPhone = pick(phoneList, 'subject', kind === 'self');
  if (subjectPhone) subject.phone = subjectPhone.value;
  const requesterPhone = kind === 'self' ? undefined : pick(phoneList, 'requester', true);
  if (requesterPhone && requesterPhone !== subjectPhone) requester.phone = requesterPhone.value;

  const stated = statedEmail(text);
  const email = stated ? parseEmail(stated) : undefined;
  if (email?.ok) subject.email = email.value;

  const guardian = kind === 'guardian';
  const result: Extraction = { subject, requester, guardian };
  if (kind === 'self') {
    const writer = writerName(text, original);
    if (writer) subject.name = writer;
    return result;
  }
  const other = kind === 'guardian' ? childName(text, original) : deceasedName(text, original);
  const writer = kind === 'guardian' ? guardianName(text, original) : relativeName(text, original);
  if (other) subject.name = other;
  if (writer && writer !== other) {
    requester.name = writer;
    result.requesterName = writer;
  }
  return result;
}
