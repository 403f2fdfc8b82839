// What the API shows of a request: personal data masked unless a privacy officer or admin asks to reveal
// (audit-logged by the router); lists are always masked and carry no free text.
import {
  maskEmail,
  maskIdNumber,
  maskName,
  maskNames,
  maskPhone,
  redact,
  redactText,
} from '../../domain/identity/index.ts';
import { namesIn } from '../../domain/intake/index.ts';
import type { Requester, RightsRequest, SubjectClaim } from '../../domain/request/model.ts';
import type { AuditEvent, PendingTask } from '../shared/store/store.ts';
import type { LetterRecord, RecipientNotice } from '../shared/store/workflow-store.ts';

export function maskSubject(s: SubjectClaim): SubjectClaim {
  return {
    ...(s.name ? { name: maskName(s.name) } : {}),
    ...(s.idNumber ? { idNumber: maskIdNumber(s.idNumber) } : {}),
    ...(s.idNumberValid !== undefined ? { idNumberValid: s.idNumberValid } : {}),
    ...(s.phone ? { phone: maskPhone(s.phone) } : {}),
    ...(s.email ? { email: maskEmail(s.email) } : {}),
    ...(s.bankCardLast4 ? { bankCardLast4: s.bankCardLast4 } : {}),
  };
}

export function maskRequester(r: Requester): Requester {
  return {
    type: r.type,
    ...(r.name ? { name: maskName(r.name) } : {}),
    ...(r.email ? { email: maskEmail(r.email) } : {}),
    ...(r.phone ? { phone: maskPhone(r.phone) } : {}),
    ...(r.idNumber ? { idNumber: maskIdNumber(r.idNumber) } : {}),
    ...(r.idNumberValid !== undefined ? { idNumberValid: r.idNumberValid } : {}),
    ...(r.relation ? { relation: r.relation } : {}),
  };
}

/**
 * Free text in a masked view: identifiers redacted, and the names of the request's parties and any name the intake
 * finds in it (a signature, "我叫…", a child's or a deceased person's name) masked (D11).
 */
export function maskFreeText(text: string, r: Pick<RightsRequest, 'subject' | 'requester'>): string {
  return maskNames(redactText(text), [r.subject.name, r.requester.name, ...namesIn(text)]);
}

/** The full request; masked unless `reveal`. */
export function presentRequest(r: RightsRequest, reveal = false) {
  if (reveal) return { ...r, masked: false };
  const { subject, requester, details, correction, source, ...rest } = r;
  return {
    ...rest,
    subject: maskSubject(subject),
    requester: maskRequester(requester),
    ...(details !== undefined ? { details: maskFreeText(details, r) } : {}),
    ...(correction !== undefined ? { correction: maskFreeText(correction, r) } : {}),
    source: {
      ...(source.messageId ? { messageId: source.messageId } : {}),
      ...(source.subjectLine ? { subjectLine: maskFreeText(source.subjectLine, r) } : {}),
      ...(source.idempotencyKey ? { idempotencyKey: source.idempotencyKey } : {}),
    },
    masked: true,
  };
}

/** A list row: masked, no free text. */
export function presentSummary(r: RightsRequest) {
  return {
    id: r.id,
    channel: r.channel,
    status: r.status,
    rights: r.rights,
    language: r.language,
    minor: r.minor,
    ...(r.target ? { target: r.target } : {}),
    subject: maskSubject(r.subject),
    requesterType: r.requester.type,
    verification: r.verification.level,
    receivedAt: r.receivedAt,
    deadline: r.deadline,
    ...(r.outcome ? { outcome: r.outcome } : {}),
    updatedAt: r.updatedAt,
  };
}

/** Events hold no personal data by contract; redacting again costs little and guards against a slip. */
export function presentEvent(e: AuditEvent) {
  return {
    seq: e.seq,
    at: e.at,
    type: e.type,
    actor: e.actor,
    ...(e.data ? { data: redact(e.data) } : {}),
    hash: e.hash,
  };
}

/** Open tasks without their task token: a token completes a workflow step and is a capability. */
export function presentTask(t: PendingTask) {
  const { taskToken: _token, result: _result, ...rest } = t;
  return rest;
}

/** A partner notice as staff see it: no sealed reason (the partner's own words may name someone). */
export function presentNotice(n: RecipientNotice) {
  const { reasonSealed: _sealed, ...rest } = n;
  return { ...rest, hasReason: _sealed !== undefined };
}

/**
 * A letter as staff read it: the text as it was written (letters carry no personal data in clear; one-time codes
 * were blanked before keeping), addresses masked unless `reveal`.
 */
export function presentLetter(l: LetterRecord, reveal = false) {
  return {
    key: l.key,
    kind: l.kind,
    language: l.language,
    to: reveal ? l.to : l.to.map(maskEmail),
    subject: l.subject,
    text: l.text,
    mailed: l.mailed,
    at: l.at,
    ...(l.delivered ? { delivered: l.delivered } : {}),
  };
}
