// The secure delivery of export packages (access, copy, portability): one expiring link per package in the letter,
// and its one-time code on a second channel — SMS to the phone on file where an SMS channel exists, else a separate
// mail to the letter's address. Link and code are derived per round, so a re-drive sends the same ones once.
import { shanghaiDate } from '../../domain/calendar/index.ts';
import { toE164 } from '../../domain/identity/index.ts';
import type { LetterData } from '../../domain/replies/index.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import type { RightsRequest } from '../../domain/request/model.ts';
import { DECISION_KEY, transferForLetter } from '../fulfil-right/decide-transfer.ts';
import type { FulfilResult } from '../fulfil-right/results.ts';
import { contactOnFile } from '../request-verification/send-code.ts';
import type { StepDeps } from '../shared/deps.ts';
import {
  DOWNLOAD_RIGHTS,
  type DownloadRight,
  downloadCode,
  downloadUrl,
  issueDownload,
} from '../shared/downloads/grant.ts';
import { deliverRenderedLetter } from '../shared/mail/letters.ts';
import { sendSmsOnce } from '../shared/step.ts';
import type { DownloadGrant } from '../shared/store/workflow-store.ts';

type Download = LetterData<'completed'>['downloads'] extends (infer D)[] | undefined ? D : never;

/**
 * The phone on file in E.164 when an SMS channel exists: where download codes go. Not when someone asked for another
 * person (a guardian, an agent, a deceased user's relative): the phone on file is the child's, the principal's or the
 * deceased's, and the code belongs with the person the officer verified (by mail to the letter's address instead).
 */
async function smsPhone(
  deps: StepDeps,
  r: Pick<RightsRequest, 'requester'>,
  customerId: string | undefined,
): Promise<string | undefined> {
  if (!deps.sms || !customerId || r.requester.type !== 'self') return undefined;
  const { phone } = await contactOnFile(deps, customerId);
  return phone ? (toE164(phone) ?? undefined) : undefined;
}

/** Where the code of a link goes: SMS to the phone on file when there is an SMS channel, else mail. */
export async function codeChannel(
  deps: StepDeps,
  r: Pick<RightsRequest, 'requester'>,
  customerId: string | undefined,
): Promise<'sms' | 'email'> {
  return (await smsPhone(deps, r, customerId)) ? 'sms' : 'email';
}

/** Issues (once) the first-round link of every package the results hold, and says it in the letter's words. */
export async function prepareDownloads(
  deps: StepDeps,
  r: RightsRequest,
  results: ReadonlyMap<string, FulfilResult>,
): Promise<Download[]> {
  const out: Download[] = [];
  for (const right of DOWNLOAD_RIGHTS) {
    const res = results.get(right);
    if (!res?.exportKey || !res.exportFiles) continue;
    const grant = await issueDownload(deps, {
      requestId: r.id,
      right,
      exportKey: res.exportKey,
      files: res.exportFiles,
      round: 1,
    });
    out.push({
      right,
      url: downloadUrl(deps, r.id, right, grant.round),
      expiresOn: shanghaiDate(new Date(grant.expiresAt)),
      codeVia: await codeChannel(deps, r, res.customerId),
      included: res.included ?? [],
      excluded: res.excluded ?? [],
      transfer:
        right === 'portability' && res.transferTo
          ? transferForLetter(await deps.store.getStepResult(r.id, DECISION_KEY), res.transferTo)
          : null,
    });
  }
  return out;
}

/**
 * Sends the code of `grant` once: by SMS to the phone on file, else as its own letter to `to` (kept for staff with
 * the code blanked; with no address at all staff are told to deliver it).
 */
export async function sendDownloadCode(
  deps: StepDeps,
  r: RightsRequest,
  grant: DownloadGrant,
  customerId: string | undefined,
  to: string | undefined,
): Promise<{ via: 'sms' | 'email' }> {
  const code = downloadCode(deps.config.subjectHashSalt, r.id, grant.right, grant.round);
  const data = { requestId: r.id, code, expiresOn: shanghaiDate(new Date(grant.expiresAt)) };
  const key = `download-code:${r.id}:${grant.right}:${grant.round}`;
  const phone = await smsPhone(deps, r, customerId);
  if (phone && deps.sms) {
    const text = renderLetter('download_sms', r.language, data, deps.policy, { bilingual: false }).text;
    const sent = await sendSmsOnce(
      { store: deps.store, sms: deps.sms, clock: deps.clock, metrics: deps.metrics },
      { key, kind: 'download_code', requestId: r.id, to: phone, text },
    );
    if (sent.sent) await codeSent(deps, r.id, grant, 'sms');
    return { via: 'sms' };
  }
  const letter = renderLetter('download_code', r.language, data, deps.policy);
  const delivered = await deliverRenderedLetter(deps, r, letter, {
    key,
    kind: 'download_code',
    to,
    keptText: letter.text.replaceAll(code, '******'),
  });
  if (delivered.first) await codeSent(deps, r.id, grant, 'email');
  return { via: 'email' };
}

async function codeSent(deps: StepDeps, requestId: string, grant: DownloadGrant, via: 'sms' | 'email') {
  await deps.store.appendEvent(requestId, {
    type: 'download_code_sent',
    actor: 'system',
    data: { right: grant.right, round: grant.round, via, expiresAt: grant.expiresAt },
  });
}

/** The live grants of the request's packages (after prepareDownloads), for sending their codes. */
export async function liveGrants(deps: StepDeps, r: RightsRequest): Promise<DownloadGrant[]> {
  const grants = await Promise.all(
    DOWNLOAD_RIGHTS.filter((x): x is DownloadRight => r.rights.includes(x)).map((x) =>
      deps.store.getDownloadGrant(r.id, x),
    ),
  );
  return grants.filter((g): g is DownloadGrant => g !== undefined);
}
