// Mints (or re-derives) the current round's code and mails it once to the address on file; the mail's Message-ID is
// claimed as a `thread:` key so that the person's reply to it (In-Reply-To/References) attaches to the request.
import { maskEmail } from '../../domain/identity/index.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import { type RightsRequest, requiredVerificationLevel } from '../../domain/request/model.ts';
import { threadKey } from '../intake/keys.ts';
import type { StepDeps } from '../shared/deps.ts';
import { findCustomerFor, replyAddress, sendOnce } from '../shared/step.ts';
import { deriveCode, hashCode } from './code.ts';

/**
 * Where the code goes and what a correct code will prove. Only an address on file with the company proves who the
 * person is (`strong`): the requester's own address proves control of that mailbox and nothing more (`contact`, enough
 * for a marketing opt-out), since anyone can write in claiming another person's ID number (issue 3: the sender
 * address never counts as verification). Without an address on file, rights that need `strong` wait for staff
 * (hotline check or documents).
 */
async function codeDestination(
  deps: StepDeps,
  r: RightsRequest,
): Promise<{ to: string; level: 'strong' | 'contact'; method: 'email_code' | 'channel_control' } | undefined> {
  const customerId = await findCustomerFor(deps, r);
  if (customerId) {
    const data = await deps.company.export(customerId);
    for (const rec of data.contact ?? []) {
      const email = (rec as { email?: unknown }).email;
      if (typeof email === 'string' && email.includes('@')) return { to: email, level: 'strong', method: 'email_code' };
    }
  }
  const own = replyAddress(r);
  if (own && requiredVerificationLevel(r.rights) === 'contact')
    return { to: own, level: 'contact', method: 'channel_control' };
  return undefined;
}

async function claimThread(deps: StepDeps, requestId: string, messageId: string): Promise<void> {
  if (await deps.store.claimLookupKey(threadKey(messageId), requestId)) return;
  // Message-IDs are unique, so this means a mailer bug; replies will go to triage instead of this request.
  deps.logger.warn('thread key of the verification mail is owned by another request', { requestId });
}

export async function sendCode(deps: StepDeps, r: RightsRequest, round: number): Promise<{ sent: boolean }> {
  const settings = deps.policy.settings.verification;
  const destination = await codeDestination(deps, r);
  if (!destination) {
    await deps.store.appendEvent(r.id, {
      type: 'verification_code_not_sent',
      actor: 'workflow:AwaitIdentityVerification',
      data: { reason: 'no email address on file: staff verify by phone or documents' },
    });
    return { sent: false };
  }
  const { to, level, method } = destination;
  const salt = deps.config.subjectHashSalt;
  const code = deriveCode(salt, r.id, round, settings.codeLength);
  const now = deps.clock.now();
  await deps.store.putVerificationCode({
    requestId: r.id,
    round,
    codeHash: hashCode(salt, r.id, code),
    attempts: 0,
    maxAttempts: 5,
    expiresAt: new Date(now.getTime() + settings.codeValidMinutes * 60_000).toISOString(),
    sentTo: maskEmail(to),
    method,
    level,
    createdAt: now.toISOString(),
  });
  const letter = renderLetter(
    'verification_code',
    r.language,
    { requestId: r.id, code, validMinutes: settings.codeValidMinutes },
    deps.policy,
  );
  const res = await sendOnce(deps, {
    key: `verification-code:${r.id}:${round}`,
    kind: 'verification_code',
    requestId: r.id,
    from: deps.config.senderAddress,
    to: [to],
    subject: letter.subject,
    text: letter.text,
    html: letter.html,
    language: r.language,
    // Staff read the letters of a request: the code itself is not kept (it would let them verify for the person).
    keptText: letter.text.replaceAll(code, '******'),
  });
  // Also after a re-drive that found the mail already sent: claiming is idempotent for the same request.
  if (res.messageId) await claimThread(deps, r.id, res.messageId);
  if (res.sent)
    await deps.store.appendEvent(r.id, {
      type: 'verification_code_sent',
      actor: 'workflow:AwaitIdentityVerification',
      data: { round, sentTo: maskEmail(to), method, level },
    });
  return { sent: true };
}
