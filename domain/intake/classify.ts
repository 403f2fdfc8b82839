// One mail in, the classified intake out: rights, subject, guardian/minor, language, reply signals and whether
// staff must triage it. Pure: the caller has parsed the MIME already (functions/shared/mail/parse.ts).
import { isUnder14 } from '../identity/index.ts';
import type { Right } from '../request/model.ts';
import { type AutomatedVerdict, type AutomationHeaders, automatedMail } from './automated.ts';
import type { AttachmentInfo, ParsedEmail } from './contract.ts';
import { type ExtractedRequester, extractSubject } from './extract.ts';
import { detectLanguage, type Language } from './language.ts';
import { replySignals, verificationCode } from './reply.ts';
import { classifyRights } from './rights.ts';
import { authoredPart, normalizeText } from './text.ts';

/** What the MIME layer hands to the rules. */
export interface MailFacts {
  messageId?: string | undefined;
  /** Sender address as written in From (never proof of identity). */
  from: string;
  subject: string;
  text: string;
  inReplyTo?: string | undefined;
  references?: readonly string[] | undefined;
  attachments: readonly AttachmentInfo[];
  /** Problems the parser recovered from (broken boundary, unknown charset…): staff should look. */
  warnings: readonly string[];
  /** The header fields that say whether a machine sent it (bounces, auto-replies, spam verdicts). */
  automation?: AutomationHeaders | undefined;
}

export interface Classification {
  rights: Right[];
  language: Language;
  isReply: boolean;
  requestNumber?: string;
  threadIds: string[];
  verificationCode?: string;
  subject: ParsedEmail['subject'] & { bankCardLast4?: string; birthDate?: string };
  /** Who writes: the person themself, a guardian, or a relative of a deceased person, with their own identifiers. */
  requester: ExtractedRequester;
  requesterName?: string;
  guardian: boolean;
  minor: boolean;
  /** Staff must look: nothing recognised, or the parser had to recover. */
  triage: boolean;
  triageReasons: string[];
  /** The authored text (personal data: sealed at rest, never logged). */
  details: string;
  /** Machine-sent (bounce, auto-reply, bulk) or flagged spam: recorded, never a request. */
  automated?: AutomatedVerdict;
}

export function classifyMail(mail: MailFacts, receivedAt: Date, minorAge = 14): Classification {
  const authored = authoredPart(mail.text);
  const original = `${mail.subject}\n${authored}`;
  const normalized = normalizeText(original);
  const reply = replySignals({
    subject: normalizeText(mail.subject),
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    body: normalized,
  });
  // The subject line of a reply repeats our own ("Re: 您的请求 RF-… 已受理：删除"): rights come from the body then.
  const ruleText = reply.isReply ? normalizeText(authored) : normalized;
  const rights = classifyRights(ruleText);
  const extraction = extractSubject(normalized, mail.from.toLowerCase(), receivedAt, original);
  const { birthDate, ...claimed } = extraction.subject;
  const minor = birthDate !== undefined && isUnder14(birthDate, receivedAt, minorAge);

  const triageReasons: string[] = mail.warnings.map((w) => `parse:${w}`);
  if (rights.length === 0 && !reply.isReply) triageReasons.push('no_right_recognised');
  const code = reply.isReply ? verificationCode(normalizeText(authored)) : undefined;

  const out: Classification = {
    rights,
    language: detectLanguage(`${mail.subject}\n${authored}`),
    isReply: reply.isReply,
    threadIds: reply.threadIds,
    subject: birthDate ? { ...claimed, birthDate } : claimed,
    requester: extraction.requester,
    guardian: extraction.guardian,
    minor,
    triage: triageReasons.length > 0,
    triageReasons,
    details: authored.trim(),
  };
  const automated = automatedMail(mail.automation ?? {}, mail.from.toLowerCase(), mail.subject);
  if (automated) out.automated = automated;
  if (reply.requestNumber) out.requestNumber = reply.requestNumber;
  if (code) out.verificationCode = code;
  if (extraction.requesterName) out.requesterName = extraction.requesterName;
  return out;
}

/** The §4 contract view of a classification (exact keys; no bank card, no birth date, no body). */
export function toParsedEmail(mail: MailFacts, c: Classification): ParsedEmail {
  const { name, idNumber, idNumberValid, phone, email } = c.subject;
  return {
    messageId: mail.messageId ?? null,
    from: mail.from.toLowerCase(),
    isReply: c.isReply,
    rights: c.rights,
    triage: c.triage,
    subject: {
      ...(name !== undefined && { name }),
      ...(idNumber !== undefined && { idNumber }),
      ...(idNumberValid !== undefined && { idNumberValid }),
      ...(phone !== undefined && { phone }),
      email,
    },
    requester: {
      type: c.requester.type,
      ...(c.requester.name !== undefined && { name: c.requester.name }),
      ...(c.requester.idNumber !== undefined && { idNumber: c.requester.idNumber }),
      ...(c.requester.relation !== undefined && { relation: c.requester.relation }),
    },
    guardian: c.guardian,
    minor: c.minor,
    attachments: mail.attachments.map(({ filename, contentType, size }) => ({ filename, contentType, size })),
    language: c.language,
  };
}
