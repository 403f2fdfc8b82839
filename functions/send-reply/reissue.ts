// A new download link when the last one lapsed or its code entries were used up (staff, at the person's request):
// the next round's link in a letter to where the reply went, its code on the second channel. The package is reused
// while the blob store keeps it, and rebuilt from the company's systems when it has expired there.
import { shanghaiDate } from '../../domain/calendar/index.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import type { FulfilResult } from '../fulfil-right/results.ts';
import { exportKeyOf, writePackage } from '../fulfil-right/rights/export.ts';
import type { StepDeps } from '../shared/deps.ts';
import { type DownloadRight, downloadUrl, issueDownload } from '../shared/downloads/grant.ts';
import { deliverRenderedLetter } from '../shared/mail/letters.ts';
import { fulfilKey, mustGetRequest, stepError } from '../shared/step.ts';
import { codeChannel, sendDownloadCode } from './downloads.ts';

export async function reissueDownload(
  deps: StepDeps,
  requestId: string,
  right: DownloadRight,
  staffUser: string,
): Promise<{ round: number; expiresAt: string; mailed: boolean }> {
  const r = await mustGetRequest(deps, requestId);
  const previous = await deps.store.getDownloadGrant(requestId, right);
  const result = await deps.store.getStepResult<FulfilResult>(requestId, fulfilKey(right));
  if (!previous || !result?.exportKey || !result.customerId)
    throw stepError('Download.None', `${requestId} has no ${right} package to re-issue`);
  const round = previous.round + 1;
  let exportKey = previous.exportKey;
  let files = previous.files;
  if (!(await deps.blobs.exists(exportKey))) {
    exportKey = exportKeyOf(requestId, right, round);
    const pkg = await writePackage(deps, r, right, result.customerId, result.withheld ?? [], exportKey);
    files = pkg.files.map((f) => f.name);
  }
  const grant = await issueDownload(deps, { requestId, right, exportKey, files, round });
  // Where the reply went (the address the verification proved), or to staff when it could not be mailed.
  const reply = (await deps.store.listLetters(requestId)).find((l) => l.kind === 'reply');
  const to = reply?.mailed ? reply.to[0] : undefined;
  const letter = renderLetter(
    'download_link',
    r.language,
    {
      requestId,
      right,
      url: downloadUrl(deps, requestId, right, grant.round),
      expiresOn: shanghaiDate(new Date(grant.expiresAt)),
      codeVia: await codeChannel(deps, r, result.customerId),
    },
    deps.policy,
  );
  const delivered = await deliverRenderedLetter(deps, r, letter, {
    key: `download-link:${requestId}:${right}:${grant.round}`,
    kind: 'download_link',
    to,
  });
  await sendDownloadCode(deps, r, grant, result.customerId, to);
  if (delivered.first)
    await deps.store.appendEvent(requestId, {
      type: 'download_reissued',
      actor: `staff:${staffUser}`,
      data: { right, round: grant.round, expiresAt: grant.expiresAt, mailed: delivered.mailed },
    });
  return { round: grant.round, expiresAt: grant.expiresAt, mailed: delivered.mailed };
}
