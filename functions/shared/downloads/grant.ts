// Expiring downloads of export packages. The link's secret and the one-time code are derived from the salt, the
// request, the right and the round (like the verification codes), so a re-drive re-sends the same link and code;
// only keyed hashes are stored. A link works for its latest round only, until it expires or its code entries run out.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { endOfShanghaiDay, shanghaiDate } from '../../../domain/calendar/index.ts';
import { addCalendarDays } from '../../../domain/rules/dates.ts';
import type { StepConfig, StepDeps } from '../deps.ts';
import type { DownloadGrant } from '../store/workflow-store.ts';

/** Whose link: the person's (per right), or the receiving company's of a portability transfer (`transfer`). */
export type GrantKind = DownloadGrant['right'];
export type DownloadRight = Exclude<GrantKind, 'transfer'>;
export const DOWNLOAD_RIGHTS: readonly DownloadRight[] = ['access', 'copy', 'portability'];
export const GRANT_KINDS: readonly GrantKind[] = [...DOWNLOAD_RIGHTS, 'transfer'];

const mac = (salt: string, what: string) => createHmac('sha256', salt).update(`rightsflow:download:${what}`).digest();

export function downloadSecret(salt: string, requestId: string, right: GrantKind, round: number): string {
  return mac(salt, `secret:${requestId}:${right}:${round}`).subarray(0, 24).toString('base64url');
}

export function downloadCode(salt: string, requestId: string, right: GrantKind, round: number): string {
  const m = mac(salt, `code:${requestId}:${right}:${round}`);
  return String((m.readUInt32BE(0) * 2 ** 16 + m.readUInt16BE(4)) % 1_000_000).padStart(6, '0');
}

const keyed = (salt: string, kind: string, requestId: string, value: string) =>
  mac(salt, `${kind}-hash:${requestId}:${value}`).toString('hex');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Where downloads are served: `…/download` next to `…/partner-ack` unless configured. */
export function downloadBase(config: Pick<StepConfig, 'partnerAckBaseUrl' | 'downloadBaseUrl'>): string {
  if (config.downloadBaseUrl) return config.downloadBaseUrl.replace(/\/$/, '');
  return config.partnerAckBaseUrl.replace(/\/$/, '').replace(/\/partner-ack$/, '') + '/download';
}

export function downloadUrl(deps: Pick<StepDeps, 'config'>, requestId: string, right: GrantKind, round: number) {
  const secret = downloadSecret(deps.config.subjectHashSalt, requestId, right, round);
  return `${downloadBase(deps.config)}/${requestId}/${right}/${secret}`;
}

export interface GrantInput {
  requestId: string;
  right: GrantKind;
  exportKey: string;
  files: string[];
  round: number;
}

/** A fresh grant of `round`: valid until the end of the Shanghai day `linkValidDays` after `now`. */
export function newGrant(
  salt: string,
  input: GrantInput,
  now: Date,
  settings: { linkValidDays: number; codeAttempts: number },
): DownloadGrant {
  return {
    ...input,
    secretHash: keyed(salt, 'secret', input.requestId, downloadSecret(salt, input.requestId, input.right, input.round)),
    codeHash: keyed(salt, 'code', input.requestId, downloadCode(salt, input.requestId, input.right, input.round)),
    expiresAt: endOfShanghaiDay(addCalendarDays(shanghaiDate(now), settings.linkValidDays)),
    attempts: 0,
    maxAttempts: settings.codeAttempts,
    createdAt: now.toISOString(),
  };
}

/** The grant of `round` for the sealed package at `exportKey`, created once (a re-drive finds it). */
export async function issueDownload(deps: StepDeps, input: GrantInput): Promise<DownloadGrant> {
  const existing = await deps.store.getDownloadGrant(input.requestId, input.right);
  if (existing && existing.round >= input.round) return existing;
  const grant = newGrant(deps.config.subjectHashSalt, input, deps.clock.now(), deps.policy.settings.exports);
  await deps.store.putDownloadGrant(grant);
  return (await deps.store.getDownloadGrant(input.requestId, input.right)) ?? grant;
}

export type LinkState = 'ok' | 'unknown' | 'expired' | 'locked';

/** Whether the link (its secret) names the live grant. Unknown secrets and old rounds are `unknown`. */
export function linkState(salt: string, grant: DownloadGrant | undefined, secret: string, now: Date): LinkState {
  if (!grant || !sameHash(keyed(salt, 'secret', grant.requestId, secret), grant.secretHash)) return 'unknown';
  if (now.toISOString() > grant.expiresAt) return 'expired';
  if (grant.attempts >= grant.maxAttempts) return 'locked';
  return 'ok';
}

export function codeMatches(salt: string, grant: DownloadGrant, code: string): boolean {
  return sameHash(keyed(salt, 'code', grant.requestId, code.trim()), grant.codeHash);
}

/** A short-lived token for the file links after the code was entered: `<expiry ms>.<mac>`. */
export function sessionToken(salt: string, grant: DownloadGrant, until: Date): string {
  const exp = until.getTime();
  return `${exp}.${mac(salt, `session:${grant.requestId}:${grant.right}:${grant.round}:${exp}`).toString('base64url')}`;
}

export function sessionValid(salt: string, grant: DownloadGrant, token: string, now: Date): boolean {
  const [exp, sig] = token.split('.', 2);
  const ms = Number(exp);
  if (!sig || !Number.isSafeInteger(ms) || ms < now.getTime()) return false;
  const want = mac(salt, `session:${grant.requestId}:${grant.right}:${grant.round}:${ms}`).toString('base64url');
  return want.length === sig.length && timingSafeEqual(Buffer.from(want), Buffer.from(sig));
}
