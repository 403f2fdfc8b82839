// Staff add or correct the identifiers of a request before it is verified (issue 13 item 5; newcomer review D10): the
// ID number or phone the caller gave on the phone, a mistyped digit, the child's ID a guardian forgot. Audited with
// masked values and the reason; the request is re-filed under its new identifiers, a live code to the old phone is
// retired and a new one sent to the phone on file of the customer the identifiers now find.
import { redactText, subjectHash } from '../../domain/identity/index.ts';
import {
  type Relation,
  type Requester,
  type RightsRequest,
  type SubjectClaim,
  TERMINAL_STATUSES,
} from '../../domain/request/model.ts';
import { screenSubject } from '../load-request/screen.ts';
import type { StepDeps } from '../shared/deps.ts';
import { claimRequester, claimSubject, priorityTarget } from '../shared/requests.ts';
import { mustGetRequest, stepError } from '../shared/step.ts';
import { maskParties } from '../shared/store/mask.ts';
import { VersionConflictError } from '../shared/store/store.ts';
import { isVerified } from './operations.ts';
import { sendCode } from './send-code.ts';

type Nullable<T> = { [K in keyof T]?: T[K] | null };

export interface IdentifierChange {
  /** A value sets the field, `null` removes it. */
  subject?: Nullable<Pick<SubjectClaim, 'name' | 'idNumber' | 'phone' | 'email' | 'bankCardLast4'>>;
  requester?: Nullable<Pick<Requester, 'name' | 'idNumber' | 'phone' | 'email'>> & { relation?: Relation | null };
  /** Why (audited, redacted). */
  reason: string;
}

/** Statuses in which identifiers may still change: nothing has been disclosed or done on the strength of them. */
const EDITABLE: ReadonlySet<RightsRequest['status']> = new Set(['received', 'awaiting_verification', 'failed']);

/** Why the identifiers of `r` can no longer change, or undefined when they can. */
export function identifiersLocked(r: RightsRequest): 'Identifiers.Locked' | 'Identifiers.Verified' | undefined {
  if (TERMINAL_STATUSES.has(r.status) || !EDITABLE.has(r.status)) return 'Identifiers.Locked';
  // A verified request was checked against the identifiers it has: only a failed one (e.g. a lookup conflict) may
  // be corrected, and it must then be verified again.
  if (isVerified(r) && r.verification.level !== 'none' && r.status !== 'failed') return 'Identifiers.Verified';
  return undefined;
}

function merge<T extends object>(current: T, change: Record<string, unknown> | undefined, fields: string[]): T {
  const out = { ...current } as Record<string, unknown>;
  for (const [key, value] of Object.entries(change ?? {})) {
    if (value === undefined) continue;
    fields.push(key);
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out as T;
}

export async function updateIdentifiers(
  deps: StepDeps,
  requestId: string,
  staffUser: string,
  change: IdentifierChange,
): Promise<{ request: RightsRequest; codeSent: boolean; verificationReset: boolean }> {
  for (let attempt = 0; ; attempt++) {
    const r = await mustGetRequest(deps, requestId);
    const locked = identifiersLocked(r);
    if (locked) throw stepError(locked, `${requestId} (${r.status}): its identifiers can no longer change`);
    const reset = isVerified(r) && r.verification.level !== 'none';
    const subjectFields: string[] = [];
    const requesterFields: string[] = [];
    const received = new Date(r.receivedAt);
    const { subject, minor } = claimSubject(
      merge(r.subject, change.subject, subjectFields),
      received,
      deps.policy.settings.minors.minorAge,
    );
    const requester = claimRequester(merge(r.requester, change.requester, requesterFields), received);
    const fields = [...subjectFields.map((f) => `subject.${f}`), ...requesterFields.map((f) => `requester.${f}`)];
    if (fields.length === 0) throw stepError('InvalidInput', 'no identifier to add or correct');
    const masked = maskParties(subject, requester);
    const patch: Partial<RightsRequest> = {
      subject,
      requester,
      minor,
      target: priorityTarget(deps.calendar, deps.policy.settings, r.receivedAt, minor, r.deadline),
      ...(reset ? { verification: { level: 'none' as const }, verifiedAt: undefined } : {}),
    };
    const hash = subjectHash(subject, deps.config.subjectHashSalt);
    try {
      const updated = await deps.store.updateRequest(
        requestId,
        r.version,
        patch,
        {
          type: 'identifiers_updated',
          actor: `staff:${staffUser}`,
          data: {
            fields,
            subject: masked.subject,
            requester: masked.requester,
            minor,
            reason: redactText(change.reason).slice(0, 500),
            ...(reset ? { verificationReset: true } : {}),
          },
        },
        hash ? { subjectHash: hash } : {},
      );
      await screenSubject(deps, updated);
      const codeSent = await resendAfterChange(deps, updated);
      return { request: (await deps.store.getRequest(requestId)) ?? updated, codeSent, verificationReset: reset };
    } catch (err) {
      if (!(err instanceof VersionConflictError) || attempt >= 5) throw err;
    }
  }
}

/**
 * While the person waits for a code, a code sent on the strength of the old identifiers may have gone to someone
 * else's phone: it is retired (a new, already expired round) and a new code goes to the phone on file now found.
 */
async function resendAfterChange(deps: StepDeps, r: RightsRequest): Promise<boolean> {
  const task = await deps.store.getTask(r.id, 'verification');
  if (task?.status !== 'open') return false;
  const now = deps.clock.now().toISOString();
  const current = await deps.store.getVerificationCode(r.id);
  let round = (current?.round ?? 0) + 1;
  if (current && current.expiresAt > now) {
    await deps.store.putVerificationCode({
      ...current,
      round,
      codeHash: 'retired',
      attempts: current.maxAttempts,
      expiresAt: now,
      createdAt: now,
    });
    round++;
  }
  return (await sendCode(deps, r, round)).sent;
}
