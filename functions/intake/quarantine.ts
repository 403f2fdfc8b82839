// Quarantined mail (spam and virus verdicts, X-Spam-Flag) is staff's to judge: a real request misjudged as spam must
// not wait unseen. Staff release it as a request (it goes through the intake as if the verdict had not been there,
// its deadline from when it reached the mailbox) or confirm it as spam; either is recorded once, with who and when.
import type { StepDeps } from '../shared/deps.ts';
import { DEFAULT_MAIL_LIMITS, type ParsedMail, parseMail } from '../shared/mail/parse.ts';
import type { IntakeMailRecord, IntakeMailSettlement } from '../shared/store/store.ts';
import { intakeServiceFor } from './for-steps.ts';

/** A mail that a virus scanner flagged is never released: its attachments would be stored and opened by staff. */
export const UNRELEASABLE_SIGNALS: ReadonlySet<string> = new Set(['virus_verdict']);

export type QuarantineFailure = 'not_found' | 'already_settled' | 'not_releasable';

export class QuarantineError extends Error {
  override name = 'QuarantineError';
  constructor(readonly code: QuarantineFailure) {
    super(code);
  }
}

/** Quarantine ids in URLs: the record's key (a Message-ID or raw hash key) as base64url, opaque to staff. */
export function quarantineId(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}
export function quarantineKey(id: string): string {
  return Buffer.from(id, 'base64url').toString('utf8');
}

async function quarantined(deps: Pick<StepDeps, 'store'>, key: string): Promise<IntakeMailRecord> {
  const record = await deps.store.getIntakeMail(key);
  if (record?.kind !== 'spam') throw new QuarantineError('not_found');
  return record;
}

/** The record and the mail as parsed (the caller masks it); undefined mail when the raw copy cannot be parsed. */
export async function readQuarantined(
  deps: Pick<StepDeps, 'store' | 'blobs'>,
  key: string,
): Promise<{ record: IntakeMailRecord; mail?: ParsedMail }> {
  const record = await quarantined(deps, key);
  const parsed = await parseMail(await deps.blobs.get(record.rawKey), DEFAULT_MAIL_LIMITS);
  return parsed.ok ? { record, mail: parsed.mail } : { record };
}

/**
 * Release as a request. The release first claims the mail (`releasing`, a conditional write), so a confirm-spam at
 * the same moment fails instead of leaving both a request and a "spam" mark; then it makes the request and settles
 * the claim as `released`. The intake is idempotent by the mail's lookup key, so a release that stopped after its
 * claim (a crash, a timeout) is resumed by the next one and finds the request it made.
 */
export async function releaseQuarantined(
  deps: StepDeps,
  key: string,
  staffUser: string,
): Promise<{ requestId: string; created: boolean; attachedTo?: string }> {
  const record = await quarantined(deps, key);
  if (record.settled && record.settled.as !== 'releasing') throw new QuarantineError('already_settled');
  if (UNRELEASABLE_SIGNALS.has(record.signal)) throw new QuarantineError('not_releasable');
  const missing = (['blobs', 'mailer', 'cipher'] as const).filter((k) => deps[k] === undefined);
  if (missing.length > 0) throw new Error(`releasing a mail needs the step deps; missing ${missing.join(', ')}`);
  const by = `staff:${staffUser}`;
  if (!record.settled) {
    const claim: IntakeMailSettlement = { as: 'releasing', by, at: deps.clock.now().toISOString() };
    if (!(await deps.store.settleIntakeMail(key, claim))) {
      // Someone settled it meanwhile: only another release's claim may be resumed.
      if ((await quarantined(deps, key)).settled?.as !== 'releasing') throw new QuarantineError('already_settled');
    }
  }
  const raw = await deps.blobs.get(record.rawKey);
  const result = await intakeServiceFor(deps).receiveRawEmail(raw, {
    source: 'quarantine',
    rawKey: record.rawKey,
    receivedAt: new Date(record.receivedAt),
    releasedBy: by,
  });
  const settled: IntakeMailSettlement = {
    as: 'released',
    by,
    at: deps.clock.now().toISOString(),
    ...(result.requestId && { requestId: result.requestId }),
  };
  if (!(await deps.store.settleIntakeMail(key, settled, { from: 'releasing' }))) {
    throw new QuarantineError('already_settled');
  }
  if (result.requestId) {
    await deps.store.appendEvent(result.requestId, {
      type: 'email.released_from_quarantine',
      actor: by,
      data: { rawKey: record.rawKey, signal: record.signal, quarantinedAt: record.receivedAt },
    });
  }
  return {
    requestId: result.requestId,
    created: result.created,
    ...(result.attachedTo && { attachedTo: result.attachedTo }),
  };
}

export async function confirmSpam(
  deps: Pick<StepDeps, 'store' | 'clock'>,
  key: string,
  staffUser: string,
): Promise<IntakeMailSettlement> {
  const record = await quarantined(deps, key);
  if (record.settled) throw new QuarantineError('already_settled');
  const settled: IntakeMailSettlement = { as: 'spam', by: `staff:${staffUser}`, at: deps.clock.now().toISOString() };
  if (!(await deps.store.settleIntakeMail(key, settled))) throw new QuarantineError('already_settled');
  return settled;
}
