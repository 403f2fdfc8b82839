// Building a new rights request, shared by every intake channel (email intake, hotline/web API): the request
// number, the claimed identifiers (validated, invalid ones kept as claimed-but-invalid), minority and deadline.
import { randomBytes } from 'node:crypto';
import {
  addWorkingDays,
  computeDeadline,
  endOfShanghaiDay,
  shanghaiDate,
  type WorkingCalendar,
} from '../../domain/calendar/index.ts';
import { isUnder14, parseEmail, parsePhone, parseResidentId } from '../../domain/identity/index.ts';
import type { Settings } from '../../domain/policy/schema.ts';
import type {
  Channel,
  Deadline,
  Requester,
  Right,
  RightsRequest,
  SubjectClaim,
  Verification,
} from '../../domain/request/model.ts';
import type { Clock } from './ports.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `RF-YYYYMMDD-XXXXXX`: the Shanghai date of receipt and 30 random bits in Crockford base32. */
export function newRequestId(clock: Clock, random: (n: number) => Uint8Array = randomBytes): string {
  const day = shanghaiDate(clock.now()).replaceAll('-', '');
  const bytes = random(4);
  let bits = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 2;
  let suffix = '';
  for (let i = 0; i < 6; i++) {
    suffix = CROCKFORD[bits & 31]! + suffix;
    bits >>>= 5;
  }
  return `RF-${day}-${suffix}`;
}

/**
 * Validates claimed identifiers: valid ones are normalised, an invalid ID number is kept as written with
 * `idNumberValid: false` (never trusted, never used for lookup); `minor` from the ID's birth date.
 */
export function claimSubject(raw: SubjectClaim, now: Date, minorAge = 14): { subject: SubjectClaim; minor: boolean } {
  const subject: SubjectClaim = {};
  let minor = false;
  if (raw.name?.trim()) subject.name = raw.name.trim();
  if (raw.idNumber?.trim()) {
    const id = parseResidentId(raw.idNumber, now);
    subject.idNumber = id.ok ? id.value : raw.idNumber.trim();
    subject.idNumberValid = id.ok;
    if (id.ok) minor = isUnder14(id.birthDate, now, minorAge);
  }
  if (raw.phone?.trim()) {
    const p = parsePhone(raw.phone);
    subject.phone = p.ok ? p.value : raw.phone.trim();
  }
  if (raw.email?.trim()) {
    const e = parseEmail(raw.email);
    subject.email = e.ok ? e.value : raw.email.trim();
  }
  if (raw.bankCardLast4) subject.bankCardLast4 = raw.bankCardLast4;
  return { subject, minor };
}

/**
 * The requester as claimed, validated like the subject: their own ID number (kept as claimed-invalid when the check
 * character is wrong), phone and email normalised. A guardian's or relative's identifiers are theirs, never used to
 * look the subject up.
 */
export function claimRequester(raw: Requester, now: Date): Requester {
  const out: Requester = { type: raw.type };
  if (raw.name?.trim()) out.name = raw.name.trim();
  if (raw.relation) out.relation = raw.relation;
  if (raw.idNumber?.trim()) {
    const id = parseResidentId(raw.idNumber, now);
    out.idNumber = id.ok ? id.value : raw.idNumber.trim();
    out.idNumberValid = id.ok;
  }
  if (raw.phone?.trim()) {
    const p = parsePhone(raw.phone);
    out.phone = p.ok ? p.value : raw.phone.trim();
  }
  if (raw.email?.trim()) {
    const e = parseEmail(raw.email);
    out.email = e.ok ? e.value : raw.email.trim();
  }
  return out;
}

/**
 * The reply deadline per the policy's working days and clock start. With clock start 'verification' the clock
 * runs from verification when it happened at intake (hotline), else from receipt until verified (domain rule).
 */
export function deadlineFor(
  calendar: WorkingCalendar,
  settings: Settings,
  receivedAt: Date,
  verifiedAt?: Date,
): Deadline {
  return computeDeadline(
    {
      receivedAt,
      ...(verifiedAt ? { verifiedAt } : {}),
      workingDays: settings.deadline.replyWorkingDays,
      clockStart: settings.deadline.clockStart,
    },
    calendar,
  );
}

/**
 * Policy §5: a child under 14 is handled first. The internal target is `minors.targetWorkingDays` working days after
 * the day of receipt (never later than the deadline); undefined for anyone else.
 */
export function priorityTarget(
  calendar: WorkingCalendar,
  settings: Settings,
  receivedAt: Date | string,
  minor: boolean,
  deadline: Deadline,
): RightsRequest['target'] {
  if (!minor || !settings.minors.priorityDeletion) return undefined;
  const days = settings.minors.targetWorkingDays;
  const date = addWorkingDays(shanghaiDate(receivedAt), days, calendar);
  const at = endOfShanghaiDay(date);
  return at < deadline.deadlineAt
    ? { date, at, workingDays: days }
    : { date: deadline.deadline, at: deadline.deadlineAt, workingDays: deadline.workingDays };
}

export interface NewRequestInput {
  id: string;
  channel: Channel;
  rights: Right[];
  language: 'zh' | 'en';
  subject: SubjectClaim;
  minor: boolean;
  requester: Requester;
  verification: Verification;
  receivedAt: Date;
  deadline: Deadline;
  /** A child's internal target (priorityTarget). */
  target?: RightsRequest['target'];
  details?: string;
  correction?: string;
  source?: RightsRequest['source'];
  createdBy?: string;
  linkedRequestIds?: string[];
}

/** A request in status `received`, version 0, ready for Store.createRequest. */
export function buildNewRequest(input: NewRequestInput): RightsRequest {
  const at = input.receivedAt.toISOString();
  return {
    id: input.id,
    channel: input.channel,
    status: 'received',
    rights: [...new Set(input.rights)],
    language: input.language,
    subject: input.subject,
    requester: input.requester,
    minor: input.minor,
    verification: input.verification,
    receivedAt: at,
    ...(input.verification.verifiedAt ? { verifiedAt: input.verification.verifiedAt } : {}),
    deadline: input.deadline,
    ...(input.target ? { target: input.target } : {}),
    ...(input.details !== undefined ? { details: input.details } : {}),
    ...(input.correction !== undefined ? { correction: input.correction } : {}),
    source: input.source ?? {},
    linkedRequestIds: input.linkedRequestIds ?? [],
    ...(input.createdBy ? { createdBy: input.createdBy } : {}),
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
}
