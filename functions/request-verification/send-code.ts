// Mints (or re-derives) the current round's code and sends it once to the contact details on file: by SMS to the
// phone on file (how a payment company knows its customers, policy §1(1)1), else by mail to the address on file. The
// mail's Message-ID is claimed as a `thread:` key and the SMS's phone as a reply route, so that the person's reply
// to either attaches to the request. Limits: codes per request, SMS per phone per day (policy settings).
import { shanghaiDate } from '../../domain/calendar/index.ts';
import { maskEmail, maskPhone, toE164 } from '../../domain/identity/index.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import { documentReviewFor } from '../../domain/request/document-review.ts';
import { type RightsRequest, requiredVerificationLevel } from '../../domain/request/model.ts';
import { threadKey } from '../intake/keys.ts';
import type { StepDeps } from '../shared/deps.ts';
import { notifyOfficer } from '../shared/mail/task-notice.ts';
import { lookupCustomer, replyAddress, sendOnce, sendSmsOnce } from '../shared/step.ts';
import { deriveCode, hashCode, phoneHash } from './code.ts';

type Destination =
  | { channel: 'sms'; phone: string; level: 'strong'; method: 'sms_code' }
  | { channel: 'email'; to: string; level: 'strong' | 'contact'; method: 'email_code' | 'channel_control' };

export type NotSentReason =
  | 'deceased_subject'
  | 'guardian_documents'
  | 'identifier_conflict'
  | 'no_contact_on_file'
  | 'request_limit'
  | 'phone_daily_limit'
  | 'too_soon';

/** The phone and email the company holds for the customer (its CONTACT records). */
export async function contactOnFile(deps: StepDeps, customerId: string): Promise<{ phone?: string; email?: string }> {
  const data = await deps.company.export(customerId);
  const out: { phone?: string; email?: string } = {};
  for (const rec of data.contact ?? []) {
    const { phone, email } = rec as { phone?: unknown; email?: unknown };
    if (!out.phone && typeof phone === 'string' && toE164(phone)) out.phone = phone;
    if (!out.email && typeof email === 'string' && email.includes('@')) out.email = email;
  }
  return out;
}

/** Whether `address` is the mail address on file for the one customer the request's identifiers name. */
async function isAddressOnFile(deps: StepDeps, r: RightsRequest, address: string): Promise<boolean> {
  // A guardian's or agent's own mailbox proves nothing about them even where it is the subject's address on file.
  if (r.requester.type !== 'self') return false;
  const found = await lookupCustomer(deps, r);
  if (found.kind !== 'found') return false;
  const onFile = (await contactOnFile(deps, found.customerId)).email;
  return onFile !== undefined && onFile.trim().toLowerCase() === address.trim().toLowerCase();
}

/**
 * Where the code goes and what a correct code will prove. Only contact details on file with the company prove who the
 * person is (`strong`): the requester's own address proves control of that mailbox and nothing more (`contact`, enough
 * for a marketing opt-out), since anyone can write in claiming another person's ID number (the sender address never
 * counts as verification). A relative of a deceased person gets no code at all: the deceased's phone and mailbox
 * prove nothing about the relative (PIPL art. 49). Nor does a guardian on the child's phone or mailbox: a code there
 * proves nothing about guardianship, and would reach a child about a request someone else made (PIPL art. 31). The
 * officer reviews their identity and proofs instead (domain/request/document-review.ts).
 */
async function codeDestination(deps: StepDeps, r: RightsRequest): Promise<Destination | NotSentReason> {
  const documents = documentReviewFor(r);
  if (documents === 'relative_of_deceased') return 'deceased_subject';
  if (documents === 'guardian') return 'guardian_documents';
  // An opt-out or a general explanation needs only control of the asker's own channel, and the code always goes
  // there: a code that went elsewhere (to a phone on file) would itself tell the asker that the identifiers belong to
  // a customer. Where that address is the one on file for the customer the identifiers name, the code proves as much
  // as any code on file (`strong`: an explanation may then describe what is held); the destination is the same
  // either way, so the lookup reveals nothing.
  const own = replyAddress(r);
  if (own && requiredVerificationLevel(r.rights) === 'contact')
    return (await isAddressOnFile(deps, r, own))
      ? { channel: 'email', to: own, level: 'strong', method: 'email_code' }
      : { channel: 'email', to: own, level: 'contact', method: 'channel_control' };
  const found = await lookupCustomer(deps, r);
  // Whose phone would it be? Staff correct the identifiers first (the conflict was reported when the request loaded).
  if (found.kind === 'conflict') return 'identifier_conflict';
  if (found.kind === 'found') {
    const onFile = await contactOnFile(deps, found.customerId);
    if (onFile.phone && deps.sms) return { channel: 'sms', phone: onFile.phone, level: 'strong', method: 'sms_code' };
    if (onFile.email) return { channel: 'email', to: onFile.email, level: 'strong', method: 'email_code' };
  }
  return 'no_contact_on_file';
}

const NOT_SENT_WHY: Record<NotSentReason, string> = {
  deceased_subject: 'the subject is deceased: the relative is verified by document review, no code to the deceased',
  guardian_documents:
    "a guardian is verified by the privacy officer's review of their identity and the proof of guardianship, no code to the child",
  identifier_conflict: 'the ID number and the phone point to different customers: staff correct the identifiers',
  no_contact_on_file: 'no phone or email address on file: staff verify by phone or documents',
  request_limit: 'the codes allowed for this request are used up: staff verify by phone or documents',
  phone_daily_limit: 'the SMS allowed to this phone today are used up',
  too_soon: 'a code was sent moments ago',
};

/** The reasons after which only staff can verify (the notice goes once per request). */
const STAFF_VERIFIES: ReadonlySet<NotSentReason> = new Set([
  'deceased_subject',
  'guardian_documents',
  'no_contact_on_file',
  'request_limit',
]);

async function claimThread(deps: StepDeps, requestId: string, messageId: string): Promise<void> {
  if (await deps.store.claimLookupKey(threadKey(messageId), requestId)) return;
  // Message-IDs are unique, so this means a mailer bug; replies will go to triage instead of this request.
  deps.logger.warn('thread key of the verification mail is owned by another request', { requestId });
}

async function notSent(deps: StepDeps, r: RightsRequest, reason: NotSentReason, round: number) {
  // Once per round and reason: a re-drive after a crash reaches the same decision and must not record it again.
  // Event first, marker after: a crash between the two can repeat the event once, never lose it.
  const marker = `verification:not_sent:${round}:${reason}`;
  if (!(await deps.store.getStepResult(r.id, marker))) {
    await deps.store.appendEvent(r.id, {
      type: 'verification_code_not_sent',
      actor: 'workflow:AwaitIdentityVerification',
      data: { reason: NOT_SENT_WHY[reason], code: reason, round },
    });
    await deps.store.putStepResult(r.id, marker, { reason });
  }
  // Where no code can verify the person, someone must: the officer reviews documents, or staff call or write to them.
  if (STAFF_VERIFIES.has(reason)) await notifyOfficer(deps, { kind: 'verification', request: r, reasons: [reason] });
  return { sent: false as const, reason };
}

export async function sendCode(
  deps: StepDeps,
  r: RightsRequest,
  round: number,
): Promise<{ sent: boolean; reason?: NotSentReason }> {
  const settings = deps.policy.settings.verification;
  const destination = await codeDestination(deps, r);
  if (typeof destination === 'string') return notSent(deps, r, destination, round);
  const salt = deps.config.subjectHashSalt;
  const now = deps.clock.now();
  const current = await deps.store.getVerificationCode(r.id);
  // A re-drive re-sends the round it already minted (sendOnce decides whether it went out); only a new round counts.
  const newRound = !current || current.round < round;
  if (newRound && round > settings.maxCodesPerRequest) return notSent(deps, r, 'request_limit', round);
  const phoneKey = destination.channel === 'sms' ? phoneHash(salt, destination.phone) : undefined;
  if (newRound && phoneKey) {
    const day = shanghaiDate(now);
    const allowed = await deps.store.takeRateToken(
      `sms-phone:${phoneKey}:${day}`,
      settings.maxSmsPerPhonePerDay,
      new Date(now.getTime() + 2 * 86_400_000),
    );
    if (!allowed) return notSent(deps, r, 'phone_daily_limit', round);
  }
  const code = deriveCode(salt, r.id, round, settings.codeLength);
  const expiresAt = new Date(now.getTime() + settings.codeValidMinutes * 60_000);
  const sentTo = destination.channel === 'sms' ? maskPhone(destination.phone) : maskEmail(destination.to);
  const { level, method } = destination;
  if (newRound)
    await deps.store.putVerificationCode({
      requestId: r.id,
      round,
      codeHash: hashCode(salt, r.id, code),
      attempts: 0,
      maxAttempts: settings.maxAttempts,
      expiresAt: expiresAt.toISOString(),
      sentTo,
      method,
      level,
      createdAt: now.toISOString(),
    });
  const data = { requestId: r.id, code, validMinutes: settings.codeValidMinutes };
  let sent: boolean;
  if (destination.channel === 'sms' && deps.sms && phoneKey) {
    // One language, no English copy: an SMS must stay short.
    const text = renderLetter('verification_sms', r.language, data, deps.policy, { bilingual: false }).text;
    await deps.store.putSmsRoute(phoneKey, r.id, expiresAt);
    const res = await sendSmsOnce(
      { store: deps.store, sms: deps.sms, clock: deps.clock, metrics: deps.metrics },
      {
        key: `verification-code:${r.id}:${round}`,
        kind: 'verification_code',
        requestId: r.id,
        to: toE164(destination.phone) ?? destination.phone,
        text,
      },
    );
    sent = res.sent;
  } else if (destination.channel === 'email') {
    const letter = renderLetter('verification_code', r.language, data, deps.policy);
    const res = await sendOnce(deps, {
      key: `verification-code:${r.id}:${round}`,
      kind: 'verification_code',
      requestId: r.id,
      from: deps.config.senderAddress,
      to: [destination.to],
      subject: letter.subject,
      text: letter.text,
      html: letter.html,
      language: r.language,
      // Staff read the letters of a request: the code itself is not kept (it would let them verify for the person).
      keptText: letter.text.replaceAll(code, '******'),
    });
    // Also after a re-drive that found the mail already sent: claiming is idempotent for the same request.
    if (res.messageId) await claimThread(deps, r.id, res.messageId);
    sent = res.sent;
  } else return notSent(deps, r, 'no_contact_on_file', round);
  if (sent)
    await deps.store.appendEvent(r.id, {
      type: 'verification_code_sent',
      actor: 'workflow:AwaitIdentityVerification',
      data: { round, sentTo, channel: destination.channel, method, level },
    });
  return { sent: true };
}
