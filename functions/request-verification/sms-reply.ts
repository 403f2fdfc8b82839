// A person answers the code SMS by replying to it (issue 13 item 1). The reply comes from the phone the code went to
// — the phone on file — so the phone finds the request (SMS reply routes, keyed by a hash of the number), and the
// code in the text is checked as if typed in: attempts counted, the same limits.
import { toE164 } from '../../domain/identity/index.ts';
import type { StepDeps } from '../shared/deps.ts';
import { codeMatches, phoneHash } from './code.ts';
import { type VerifyCodeResult, verifyCode } from './operations.ts';

export interface InboundSms {
  /** The sender's number as the provider gives it (E.164 or national). */
  from: string;
  text: string;
}

export type SmsReplyResult = { matched: false } | { matched: true; requestId: string; result: VerifyCodeResult };

/** The code in an SMS reply: a run of exactly the configured length ("123456", "验证码123456", "code: 123456"). */
export function codeInSms(text: string, length: number): string | undefined {
  return new RegExp(`(?<![0-9])([0-9]{${length}})(?![0-9])`).exec(text)?.[1];
}

export async function receiveSmsReply(deps: StepDeps, sms: InboundSms): Promise<SmsReplyResult> {
  const settings = deps.policy.settings.verification;
  const phone = toE164(sms.from) ?? sms.from.replace(/\s/g, '');
  const code = codeInSms(sms.text, settings.codeLength);
  const now = deps.clock.now();
  const candidates = await deps.store.listSmsRoutes(phoneHash(deps.config.subjectHashSalt, phone), now);
  if (!code || candidates.length === 0) {
    deps.logger.warn('sms reply matched no waiting request', { candidates: candidates.length, hasCode: !!code });
    return { matched: false };
  }
  // Several requests may wait on one phone: the one whose live code this is; else the newest takes the attempt.
  for (const requestId of candidates) {
    const rec = await deps.store.getVerificationCode(requestId);
    if (rec?.method !== 'sms_code' || rec.expiresAt <= now.toISOString()) continue;
    if (codeMatches(deps.config.subjectHashSalt, requestId, code, rec.codeHash))
      return { matched: true, requestId, result: await verifyCode(deps, requestId, code, 'sms_reply') };
  }
  const newest = candidates[0]!;
  return { matched: true, requestId: newest, result: await verifyCode(deps, newest, code, 'sms_reply') };
}
