// The email intake: one raw message in, at most one request out (or an event on an existing one). Raw first: the
// bytes are stored before anything parses them, so whatever fails next, the mail is never lost and can be replayed.
// Thin over the domain (classification) and the store (atomic lookup keys); the SES Lambda and the local SMTP
// server both call receiveRawEmail.
import type { WorkingCalendar } from '../../domain/calendar/index.ts';
import { subjectHash } from '../../domain/identity/index.ts';
import {
  type AutomatedVerdict,
  type Classification,
  classifyMail,
  RETURNED_MESSAGE_TYPES,
  returnedMessage,
} from '../../domain/intake/index.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { REPLY_PENDING_STATUSES, type Requester, type RightsRequest } from '../../domain/request/model.ts';
import type { StepLogger } from '../shared/deps.ts';
import { DEFAULT_MAIL_LIMITS, type MailLimits, type ParsedMail, parseMail } from '../shared/mail/parse.ts';
import { sendOnce } from '../shared/mail/send-once.ts';
import { composeTaskNotice } from '../shared/mail/task-notice.ts';
import type { BlobStore, Clock, FieldCipher, Mailer } from '../shared/ports.ts';
import {
  buildNewRequest,
  claimRequester,
  claimSubject,
  deadlineFor,
  newRequestId,
  priorityTarget,
} from '../shared/requests.ts';
import type { Store } from '../shared/store/store.ts';
import { sendAcknowledgement } from './acknowledge.ts';
import { type StoredAttachment, storeAttachments } from './attachments.ts';
import { msgidKey, rawHashKey, rawMailKey, STARTED_STEP, threadCandidates } from './keys.ts';

export interface IntakeDeps {
  store: Store;
  blobs: BlobStore;
  cipher: FieldCipher;
  mailer: Mailer;
  clock: Clock;
  policy: Policy;
  calendar: WorkingCalendar;
  /** The stage's sender address: the acknowledgement goes out from it (StepConfig.senderAddress). */
  senderAddress: string;
  startWorkflow(requestId: string): Promise<void>;
  /** Salt of subject hashes (StepConfig.subjectHashSalt). Without it, follow-ups are not linked by subject. */
  subjectHashSalt?: string;
  /** Called with a verification code found in a reply to one of our mails (the caller completes verification). */
  onVerificationCode?(requestId: string, code: string): Promise<void>;
  logger?: StepLogger;
  limits?: MailLimits;
  /** Where the notice of a mail staff must triage goes (StepConfig's addresses); absent = the task only. */
  officer?: { privacyOfficerEmail: string; consoleUrl?: string | undefined };
}

export interface IntakeMeta {
  /** ses: stored by SES in the raw-mail bucket; s3: dropped by the company's mail gateway; smtp: the local server;
   * quarantine: staff released a quarantined mail (already stored under rawKey). */
  source: 'ses' | 's3' | 'smtp' | 'quarantine';
  /** SES path: the object is already in S3 under this key; it is not stored again. */
  rawKey?: string;
  envelopeTo?: string[];
  /**
   * When the mail reached the mailbox (SES: the S3 ObjectCreated event time; SMTP: when the DATA ended). The
   * reply deadline runs from it, not from when intake got to the mail (a retry or a queue may come later).
   */
  receivedAt?: Date;
  /**
   * Staff released this quarantined mail as a request (the console's quarantine): the spam verdict no longer keeps
   * it out; every other check (bounce, auto-reply, bulk, duplicates) still applies.
   */
  releasedBy?: string;
}

export interface IntakeResult {
  /** The request created or attached to; '' for machine-sent mail that answered none of ours (see `automated`). */
  requestId: string;
  created: boolean;
  triage: boolean;
  /** The existing request this mail was attached to (a reply, a re-delivery or a follow-up). */
  attachedTo?: string;
  /** A one-time code found in a reply; also handed to deps.onVerificationCode. */
  verificationCode?: string;
  /** Machine-sent (bounce, auto-reply, bulk) or spam: recorded, no request, no deadline. */
  automated?: AutomatedVerdict['kind'];
  /** A request number or thread the mail named, when it became a new request rather than joining a closed one. */
  linkedTo?: string;
}

const MAX_DETAILS = 20_000;

const silent: StepLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Who wrote: the person themself (named as the subject), or a guardian or relative of a deceased person with their
 * own name, ID number, phone and relation as the mail gives them. The sender address is only where to reply.
 */
function requesterOf(c: Classification, from: string, subjectName: string | undefined, now: Date): Requester {
  const r = c.requester;
  if (r.type === 'self') return { type: 'self', email: from, ...(subjectName && { name: subjectName }) };
  return claimRequester(
    {
      type: r.type,
      email: from,
      ...(r.relation && { relation: r.relation }),
      ...((r.name ?? c.requesterName) && { name: r.name ?? c.requesterName }),
      ...(r.idNumber && { idNumber: r.idNumber }),
      ...(r.phone && { phone: r.phone }),
    },
    now,
  );
}

export function createIntakeService(deps: IntakeDeps) {
  const log = deps.logger ?? silent;
  const { store } = deps;

  async function ensureAckAndStart(request: RightsRequest): Promise<void> {
    await sendAcknowledgement(deps, request);
    if (request.status !== 'received') return;
    if (await store.getStepResult(request.id, STARTED_STEP)) return;
    await deps.startWorkflow(request.id);
    await store.putStepResult(request.id, STARTED_STEP, { at: deps.clock.now().toISOString() });
  }

  // A request in triage waits for a person, not for a workflow: an open `triage` task for staff and one notice to
  // the privacy officer (once per request), never a failure.
  async function openTriageTask(request: RightsRequest, reasons: string[]): Promise<void> {
    await store.putTask({
      requestId: request.id,
      kind: 'triage',
      taskToken: 'none',
      status: 'open',
      assignee: 'agent',
      context: { reasons },
      createdAt: deps.clock.now().toISOString(),
    });
    if (!deps.officer) return;
    const { subject, text } = composeTaskNotice({ kind: 'triage', request, reasons }, deps.officer.consoleUrl);
    try {
      await sendOnce(deps, {
        key: `task-notice:${request.id}:triage`,
        kind: 'task_notice',
        requestId: request.id,
        from: deps.senderAddress,
        to: [deps.officer.privacyOfficerEmail],
        subject,
        text,
      });
    } catch (err) {
      // The task is open and the queue shows it; a lost notice must not lose the mail.
      log.error('triage notice not sent', { requestId: request.id, errorName: (err as Error).name });
    }
  }

  async function recordAutomated(
    verdict: AutomatedVerdict,
    mail: ParsedMail,
    c: Classification,
    lookupKey: string,
    rawKey: string,
    receivedAt: Date,
  ): Promise<IntakeResult> {
    // Spam answers nothing of ours: it is only quarantined. A bounce or auto-reply of one of our letters is recorded
    // on that request too (a bounced letter did not reach the person).
    let target = verdict.kind === 'spam' ? undefined : await findThreadTarget(c);
    if (!target && verdict.kind === 'bounce') {
      // A delivery report returns our message's header block as a part of its own: find our thread from it.
      for (const part of mail.attachments.filter((a) => RETURNED_MESSAGE_TYPES.has(a.contentType.toLowerCase()))) {
        const back = returnedMessage(part.content.toString('utf8'));
        target = await findThreadTarget({
          ...c,
          threadIds: back.messageId ? [back.messageId] : [],
          ...(back.requestNumber && { requestNumber: back.requestNumber }),
        });
        if (target) break;
      }
    }
    const recorded = await store.recordIntakeMail({
      key: lookupKey,
      kind: verdict.kind,
      signal: verdict.signal,
      rawKey,
      receivedAt: receivedAt.toISOString(),
      ...(target && { attachedTo: target }),
    });
    if (recorded && target) {
      await store.appendEvent(target, {
        type: verdict.kind === 'bounce' ? 'email.bounced' : `email.${verdict.kind}_received`,
        actor: 'system',
        data: { rawKey, signal: verdict.signal },
      });
    }
    log.info('intake: machine-sent mail recorded, no request', {
      kind: verdict.kind,
      signal: verdict.signal,
      ...(target && { requestId: target }),
    });
    return {
      requestId: target ?? '',
      ...(target && { attachedTo: target }),
      created: false,
      triage: false,
      automated: verdict.kind,
    };
  }

  async function duplicate(existingId: string): Promise<IntakeResult> {
    const existing = await store.getRequest(existingId);
    if (!existing) return { requestId: existingId, created: false, triage: false, attachedTo: existingId };
    // Finish whatever a crashed first delivery left undone (Lambda's async retry comes within about a minute). Both
    // parts are once-only by key, so a concurrent delivery does no harm: the ack by its mail key (sendOnce), the
    // start by the execution name (= request id) and the step record.
    await ensureAckAndStart(existing);
    return { requestId: existing.id, created: false, triage: existing.status === 'triage', attachedTo: existing.id };
  }

  async function findThreadTarget(c: Classification): Promise<string | undefined> {
    for (const id of c.threadIds) {
      for (const key of threadCandidates(id)) {
        const owner = await store.findRequestIdByLookupKey(key);
        if (owner) return owner;
      }
    }
    if (c.requestNumber && (await store.getRequest(c.requestNumber))) return c.requestNumber;
    return undefined;
  }

  async function attach(
    targetId: string,
    mail: ParsedMail,
    c: Classification,
    rawKey: string,
    sha: string,
    attachments: StoredAttachment[],
    type: 'email.reply_received' | 'email.followup_received',
  ): Promise<IntakeResult> {
    // Once per mail (conditional put): a re-delivered reply never delivers its code twice. The msgid key lets a
    // later re-delivery be recognised before it is even classified.
    const once = `intake:attached:${mail.messageId ? msgidKey(mail.messageId) : rawHashKey(sha)}`;
    if (!(await store.putStepResult(targetId, once, { rawKey, at: deps.clock.now().toISOString() }))) {
      return { requestId: targetId, created: false, triage: false, attachedTo: targetId };
    }
    if (mail.messageId) await store.claimLookupKey(msgidKey(mail.messageId), targetId);
    const target = await store.getRequest(targetId);
    const sameSender = target ? (target.requester.email ?? target.subject.email) === mail.from : false;
    await store.appendEvent(targetId, {
      type,
      actor: 'requester',
      data: {
        rawKey,
        sameSender,
        rights: c.rights,
        attachments,
        hasVerificationCode: c.verificationCode !== undefined,
      },
    });
    const result: IntakeResult = { requestId: targetId, created: false, triage: false, attachedTo: targetId };
    if (c.verificationCode) {
      result.verificationCode = c.verificationCode;
      await deps.onVerificationCode?.(targetId, c.verificationCode);
    }
    log.info('intake: mail attached', { requestId: targetId, type });
    return result;
  }

  async function createTriageForRejection(
    rawKey: string,
    sha: string,
    code: string,
    receivedAt: Date,
  ): Promise<IntakeResult> {
    const id = newRequestId(deps.clock);
    const request: RightsRequest = {
      ...buildNewRequest({
        id,
        channel: 'email',
        rights: [],
        language: 'zh',
        subject: {},
        minor: false,
        requester: { type: 'self' },
        verification: { level: 'none' },
        receivedAt,
        deadline: deadlineFor(deps.calendar, deps.policy.settings, receivedAt),
        source: { rawKey },
      }),
      status: 'triage',
    };
    const res = await store.createRequest(request, {
      lookupKeys: [rawHashKey(sha)],
      event: { type: 'email.rejected', actor: 'system', data: { rawKey, reason: code } },
    });
    if (!res.created) return duplicate(res.existingId);
    await openTriageTask(res.request, [`rejected:${code}`]);
    log.warn('intake: mail rejected, triage request created', { requestId: id, reason: code });
    return { requestId: id, created: true, triage: true };
  }

  async function receiveRawEmail(raw: Uint8Array, meta: IntakeMeta): Promise<IntakeResult> {
    const now = deps.clock.now();
    // Never a receipt time in the future (a skewed clock): then the processing time is the safer one.
    const receivedAt = meta.receivedAt && meta.receivedAt.getTime() <= now.getTime() ? meta.receivedAt : now;
    const { key: ownKey, sha } = rawMailKey(raw, now);
    const rawKey = meta.rawKey ?? ownKey;
    if (!meta.rawKey) await deps.blobs.put(rawKey, raw, 'message/rfc822');

    const parsed = await parseMail(raw, deps.limits ?? DEFAULT_MAIL_LIMITS);
    if (!parsed.ok) {
      const owner = await store.findRequestIdByLookupKey(rawHashKey(sha));
      if (owner) return duplicate(owner);
      return createTriageForRejection(rawKey, sha, parsed.rejection.code, receivedAt);
    }
    const mail = parsed.mail;
    const lookupKey = mail.messageId ? msgidKey(mail.messageId) : rawHashKey(sha);
    const owner = await store.findRequestIdByLookupKey(lookupKey);
    if (owner) return duplicate(owner);

    const minorAge = deps.policy.settings.minors.minorAge;
    const c = classifyMail(mail, receivedAt, minorAge);
    if (c.automated && !(meta.releasedBy && c.automated.kind === 'spam'))
      return recordAutomated(c.automated, mail, c, lookupKey, rawKey, receivedAt);
    const attachments = await storeAttachments(mail.attachments, deps, now, sha);

    // A reply joins its request only while that request is still being answered and asks nothing new. A new ask, or
    // any mail about a request already answered or closed, is new work: a new request linked to the old one, with
    // its own acknowledgement and deadline (a closed request would swallow it unseen).
    let linkedTo: RightsRequest | undefined;
    if (c.isReply) {
      const targetId = await findThreadTarget(c);
      const target = targetId ? await store.getRequest(targetId) : undefined;
      if (target) {
        const open = REPLY_PENDING_STATUSES.has(target.status);
        const asksNew = c.rights.some((right) => !target.rights.includes(right));
        if (open && !asksNew) return attach(target.id, mail, c, rawKey, sha, attachments, 'email.reply_received');
        linkedTo = target;
      }
    }
    // New rights on top of a request still open: the new request carries only what is new.
    const rights =
      linkedTo && REPLY_PENDING_STATUSES.has(linkedTo.status)
        ? c.rights.filter((right) => !linkedTo.rights.includes(right))
        : c.rights;

    const { subject, minor } = claimSubject(c.subject, receivedAt, minorAge);
    const hash = deps.subjectHashSalt
      ? subjectHash(
          { idNumber: subject.idNumberValid ? subject.idNumber : undefined, phone: subject.phone },
          deps.subjectHashSalt,
        )
      : undefined;
    const linked: string[] = linkedTo ? [linkedTo.id] : [];
    if (hash) {
      const open = (await store.findRequestsBySubjectHash(hash)).filter(
        (r) => REPLY_PENDING_STATUSES.has(r.status) && (r.requester.email ?? r.subject.email) === mail.from,
      );
      // The same sender again about the same person: nothing new asked → part of that request; new rights → a new
      // request linked to it.
      const covering = linkedTo ? undefined : open.find((r) => rights.every((right) => r.rights.includes(right)));
      if (covering) return attach(covering.id, mail, c, rawKey, sha, attachments, 'email.followup_received');
      for (const r of open) if (!linked.includes(r.id)) linked.push(r.id);
    }

    const triageReasons = [...c.triageReasons];
    if (rights.length === 0 && !triageReasons.includes('no_right_recognised'))
      triageReasons.push('no_right_recognised');
    const triage = triageReasons.length > 0;
    const id = newRequestId(deps.clock);
    const details = c.details.slice(0, MAX_DETAILS);
    const deadline = deadlineFor(deps.calendar, deps.policy.settings, receivedAt);
    const target = priorityTarget(deps.calendar, deps.policy.settings, receivedAt, minor || c.minor, deadline);
    const request: RightsRequest = {
      ...buildNewRequest({
        id,
        channel: 'email',
        rights,
        language: c.language,
        subject,
        minor: minor || c.minor,
        requester: requesterOf(c, mail.from, subject.name, receivedAt),
        // The sender address is not identity: anyone can write any From. Verification starts at none.
        verification: { level: 'none' },
        receivedAt,
        deadline,
        ...(target && { target }),
        ...(details && { details }),
        ...(rights.includes('correct') && details && { correction: details.slice(0, 5_000) }),
        source: {
          rawKey,
          ...(mail.messageId && { messageId: mail.messageId }),
          ...(mail.subject && { subjectLine: mail.subject.slice(0, 500) }),
        },
        linkedRequestIds: linked,
      }),
      status: triage ? 'triage' : 'received',
    };
    const res = await store.createRequest(request, {
      lookupKeys: [lookupKey],
      ...(hash && { subjectHash: hash }),
      event: {
        type: 'email.received',
        actor: 'system',
        data: {
          source: meta.source,
          rawKey,
          rights,
          language: c.language,
          guardian: c.guardian,
          requesterType: request.requester.type,
          ...(request.requester.relation && { relation: request.requester.relation }),
          minor: request.minor,
          triageReasons,
          attachments,
          linkedRequestIds: linked,
          ...(linkedTo && { followsUp: linkedTo.id, followsUpStatus: linkedTo.status }),
          idNumberValid: subject.idNumberValid,
          ...(meta.releasedBy && { releasedFromQuarantine: { by: meta.releasedBy, signal: c.automated?.signal } }),
        },
      },
    });
    if (!res.created) return duplicate(res.existingId);
    for (const other of linked) {
      await store.appendEvent(other, { type: 'request.linked', actor: 'system', data: { requestId: id } });
    }
    log.info('intake: request created', { requestId: id, rights, triage, attachments: attachments.length });
    if (triage) await openTriageTask(res.request, triageReasons);
    await ensureAckAndStart(res.request);
    return { requestId: id, created: true, triage, ...(linkedTo && { linkedTo: linkedTo.id }) };
  }

  return { receiveRawEmail };
}

export type IntakeService = ReturnType<typeof createIntakeService>;
