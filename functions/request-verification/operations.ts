import { allMatched, HotlineChecks } from '../../domain/request/hotline-checks.ts';
import { meetsVerification, type RightsRequest, type VerificationMethod } from '../../domain/request/model.ts';
import type { StepDeps } from '../shared/deps.ts';
import { completeWaitingTask, mustGetRequest, patchRequest, stepError } from '../shared/step.ts';
import { codeMatches } from './code.ts';
import { sendCode } from './send-code.ts';

export function isVerified(r: RightsRequest): boolean {
  return meetsVerification(r.verification.level, r.rights);
}

export type VerifyCodeResult =
  | { verified: true; method?: VerificationMethod }
  | { verified: false; reason: 'wrong_code' | 'expired' | 'too_many_attempts'; attemptsLeft?: number };

async function markVerified(
  deps: StepDeps,
  requestId: string,
  method: VerificationMethod,
  actor: string,
  verifiedBy?: string,
  level: 'strong' | 'contact' = 'strong',
): Promise<void> {
  const at = deps.clock.now().toISOString();
  await patchRequest(
    deps,
    requestId,
    (r) =>
      isVerified(r)
        ? undefined
        : {
            verification: { level, method, verifiedAt: at, ...(verifiedBy ? { verifiedBy } : {}) },
            verifiedAt: at,
          },
    { type: 'identity_verified', actor, data: { method, level } },
  );
  await completeWaitingTask(deps, requestId, 'verification', {
    status: 'succeeded',
    result: { verified: true, level, method },
  });
}

/** Checks the code the person entered; on a match the request is verified and the workflow resumes. */
export async function verifyCode(deps: StepDeps, requestId: string, code: string): Promise<VerifyCodeResult> {
  const r = await mustGetRequest(deps, requestId);
  if (isVerified(r)) return { verified: true, ...(r.verification.method ? { method: r.verification.method } : {}) };
  const rec = await deps.store.getVerificationCode(requestId);
  const task = await deps.store.getTask(requestId, 'verification');
  if (!rec || task?.status !== 'open') return { verified: false, reason: 'expired' };
  if (rec.expiresAt <= deps.clock.now().toISOString()) return { verified: false, reason: 'expired' };
  const n = await deps.store.countVerificationAttempt(requestId);
  if (n === undefined) return { verified: false, reason: 'too_many_attempts', attemptsLeft: 0 };
  if (!/^\d{4,10}$/.test(code.trim()) || !codeMatches(deps.config.subjectHashSalt, requestId, code, rec.codeHash)) {
    await deps.store.appendEvent(requestId, {
      type: 'verification_code_rejected',
      actor: 'requester',
      data: { attempt: n },
    });
    return { verified: false, reason: 'wrong_code', attemptsLeft: Math.max(rec.maxAttempts - n, 0) };
  }
  await markVerified(deps, requestId, rec.method, 'requester', undefined, rec.level);
  return { verified: true, method: rec.method };
}

/** Staff verified name, ID number, bank card and phone on a call: every check must have matched. */
export async function recordStaffVerification(
  deps: StepDeps,
  requestId: string,
  staffUser: string,
  checks: HotlineChecks,
): Promise<void> {
  const c = HotlineChecks.parse(checks);
  if (!allMatched(c))
    throw stepError('InvalidInput', 'hotline verification needs name, ID number, bank card and phone all matched');
  await markVerified(deps, requestId, 'hotline_staff', `staff:${staffUser}`, staffUser);
}

/** A new code when the last one expired (the person asks again); no-op while the current one is live. */
export async function resendVerificationCode(deps: StepDeps, requestId: string): Promise<{ sent: boolean }> {
  const r = await mustGetRequest(deps, requestId);
  const task = await deps.store.getTask(requestId, 'verification');
  if (isVerified(r) || task?.status !== 'open') return { sent: false };
  const current = await deps.store.getVerificationCode(requestId);
  if (current && current.expiresAt > deps.clock.now().toISOString() && current.attempts < current.maxAttempts)
    return { sent: false };
  return sendCode(deps, r, (current?.round ?? 0) + 1);
}
