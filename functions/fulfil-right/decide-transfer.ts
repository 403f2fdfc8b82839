// The privacy officer's decision on a portability transfer to the company the person named (PIPL art. 45 ¶3; NDSR
// art. 25: "为个人指定的其他网络数据处理者访问、获取有关个人信息提供途径"). Confirmed: the company gets a link of its own to
// the sealed package (grant `transfer`: expiring, opened with a one-time code sent in a separate mail, every opening
// and download audited as the receiver's) at the address the officer checked — never the address read from the
// person's mail unchecked. Refused: the officer's reason, in words. Recorded once (`transfer:decision`); the reply
// that waits for it (AwaitFollowUps) reports it; decided after the reply went, a letter of its own tells the person.
import { shanghaiDate } from '../../domain/calendar/index.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import { releaseFollowUps } from '../await-follow-ups/step.ts';
import { REPLY_KEY } from '../send-reply/step.ts';
import type { StepDeps } from '../shared/deps.ts';
import { downloadCode, downloadUrl, issueDownload } from '../shared/downloads/grant.ts';
import { deliverRenderedLetter } from '../shared/mail/letters.ts';
import { fulfilKey, mustGetRequest, replyAddress } from '../shared/step.ts';
import { type FulfilResult, TRANSFER_REFUSED_CODE } from './results.ts';
import { TRANSFER_TASK } from './rights/transfer.ts';

export const DECISION_KEY = 'transfer:decision';
const ROUTE_KEY = 'transfer:route';

export type TransferDecision =
  | { confirm: { name: string; email: string; codeEmail?: string | undefined } }
  | { refuse: { zh: string; en?: string | undefined } };

/** What was decided (no address in the clear: the receiver's addresses are sealed). */
export interface RecordedTransfer {
  status: 'sent' | 'refused';
  /** The company: as the officer confirmed it, or as the person named it (refused). */
  to: string;
  sentOn: string | null;
  expiresOn: string | null;
  reason: { zh: string; en: string } | null;
  /** sent: the addresses the link and the code went to, sealed. */
  sealedAddresses?: string;
  decidedAt: string;
  decidedBy: string;
}

export interface DecidedTransfer {
  requestId: string;
  status: 'sent' | 'refused';
  recorded: boolean;
  decidedAt: string;
  /** The reply was still waiting and reports it; false: a letter of its own went (or is kept for staff). */
  inReply: boolean;
  mailed?: boolean;
}

/** Why a decision cannot be taken: `state` (409) or `content` (422). */
export class TransferNotDecidable extends Error {
  override name = 'Transfer.NotDecidable';
  constructor(
    readonly kind: 'state' | 'content',
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function sameDecision(a: RecordedTransfer, d: TransferDecision): boolean {
  if ('confirm' in d) return a.status === 'sent' && a.to === d.confirm.name.trim();
  return a.status === 'refused' && a.reason?.zh === d.refuse.zh.trim();
}

export async function decideTransfer(
  deps: StepDeps,
  requestId: string,
  decision: TransferDecision,
  officer: string,
): Promise<DecidedTransfer> {
  const r = await mustGetRequest(deps, requestId);
  const task = r.rights.includes('portability') ? await deps.store.getTask(requestId, TRANSFER_TASK) : undefined;
  const res = await deps.store.getStepResult<FulfilResult>(requestId, fulfilKey('portability'));
  if (!task || !res?.exportKey || !res.exportFiles || !res.transferTo)
    throw new TransferNotDecidable(
      'state',
      'invalid_state',
      'no transfer is open for this request (not yet fulfilled, or the person named no receiving company)',
    );
  if ('confirm' in decision) {
    const { email, codeEmail } = decision.confirm;
    if (!EMAIL.test(email) || (codeEmail !== undefined && !EMAIL.test(codeEmail)))
      throw new TransferNotDecidable('content', 'invalid_address', 'give the receiving address as an e-mail address');
  } else if (r.language === 'en' && !decision.refuse.en)
    throw new TransferNotDecidable(
      'content',
      'english_reason_needed',
      'the person wrote in English: give the reason in English too (`en`)',
    );
  let first = await deps.store.getStepResult<RecordedTransfer>(requestId, DECISION_KEY);
  if (first && !sameDecision(first, decision))
    throw new TransferNotDecidable('state', 'already_decided', `the transfer was decided on ${first.decidedAt}`);
  const recorded = !first;
  if (!first) {
    const now = deps.clock.now();
    let entry: RecordedTransfer;
    if ('confirm' in decision) {
      const grant = await issueDownload(deps, {
        requestId,
        right: 'transfer',
        exportKey: res.exportKey,
        files: res.exportFiles,
        round: 1,
      });
      const { email, codeEmail } = decision.confirm;
      entry = {
        status: 'sent',
        to: decision.confirm.name.trim(),
        sentOn: shanghaiDate(now),
        expiresOn: shanghaiDate(new Date(grant.expiresAt)),
        reason: null,
        sealedAddresses: await deps.cipher.seal(JSON.stringify({ link: email, code: codeEmail ?? email })),
        decidedAt: now.toISOString(),
        decidedBy: officer,
      };
    } else {
      const zh = decision.refuse.zh.trim();
      entry = {
        status: 'refused',
        to: res.transferTo,
        sentOn: null,
        expiresOn: null,
        reason: {
          zh,
          en:
            decision.refuse.en?.trim() ||
            'Our privacy officer gave the reason in Chinese (see the Chinese part of this letter).',
        },
        decidedAt: now.toISOString(),
        decidedBy: officer,
      };
    }
    if (await deps.store.putStepResult(requestId, DECISION_KEY, entry))
      await deps.store.appendEvent(requestId, {
        type: entry.status === 'sent' ? 'transfer_sent' : 'transfer_refused',
        actor: `officer:${officer}`,
        // The company's name is not personal data; the addresses stay out of the trail.
        data: { to: entry.to, ...(entry.expiresOn ? { expiresOn: entry.expiresOn } : {}) },
      });
    first = (await deps.store.getStepResult<RecordedTransfer>(requestId, DECISION_KEY)) ?? entry;
  }
  if (first.status === 'sent') await sendToReceiver(deps, r, res, first);
  await deps.store.completeTask(requestId, TRANSFER_TASK, 'succeeded', { status: first.status });
  // Decided once, after the decision is recorded: a reply not yet decided reports it; one already sent did not.
  const route = { inReply: !(await deps.store.getStepResult(requestId, REPLY_KEY)) };
  await deps.store.putStepResult(requestId, ROUTE_KEY, route);
  const { inReply } = (await deps.store.getStepResult<typeof route>(requestId, ROUTE_KEY)) ?? route;
  await releaseFollowUps(deps, requestId);
  const base = { requestId, status: first.status, recorded, decidedAt: first.decidedAt, inReply };
  if (inReply) return base;
  const letter = renderLetter(
    'transfer_decided',
    r.language,
    {
      requestId,
      receivedOn: r.deadline.receivedOn,
      transfer: transferForLetter(first),
      categories: first.status === 'sent' ? (res.included ?? []) : [],
    },
    deps.policy,
  );
  const delivered = await deliverRenderedLetter(deps, r, letter, {
    key: `transfer-decided:${requestId}`,
    kind: 'transfer_decided',
    to: replyAddress(r),
  });
  if (delivered.first)
    await deps.store.appendEvent(requestId, {
      type: 'transfer_letter_sent',
      actor: 'system',
      data: { status: first.status, mailed: delivered.mailed },
    });
  return { ...base, mailed: delivered.mailed };
}

/** The link to the receiver's checked address and, in a mail of its own, the code (each once; re-sent by a re-run). */
async function sendToReceiver(
  deps: StepDeps,
  r: { id: string; language: 'zh' | 'en' },
  res: FulfilResult,
  t: RecordedTransfer,
) {
  const to = JSON.parse(await deps.cipher.open(t.sealedAddresses ?? '')) as { link: string; code: string };
  const grant = await deps.store.getDownloadGrant(r.id, 'transfer');
  if (!grant || !t.expiresOn) throw new Error(`request ${r.id}: a sent transfer without its grant`);
  const common = { requestId: r.id, receiverName: t.to, expiresOn: t.expiresOn };
  const link = renderLetter(
    'transfer_link',
    r.language,
    { ...common, url: downloadUrl(deps, r.id, 'transfer', grant.round), categories: res.included ?? [] },
    deps.policy,
  );
  await deliverRenderedLetter(deps, r, link, {
    key: `transfer-link:${r.id}:${grant.round}`,
    kind: 'transfer_link',
    to: to.link,
  });
  const code = downloadCode(deps.config.subjectHashSalt, r.id, 'transfer', grant.round);
  const codeLetter = renderLetter('transfer_code', r.language, { ...common, code }, deps.policy);
  await deliverRenderedLetter(deps, r, codeLetter, {
    key: `transfer-code:${r.id}:${grant.round}`,
    kind: 'transfer_code',
    to: to.code,
    keptText: codeLetter.text.replaceAll(code, '******'),
  });
}

/** The decision as the person's letters report it (pending while there is none). */
export function transferForLetter(t: RecordedTransfer | undefined, named?: string) {
  if (!t) return { to: named ?? '', status: 'pending' as const, sentOn: null, expiresOn: null, reason: null };
  return { to: t.to, status: t.status, sentOn: t.sentOn, expiresOn: t.expiresOn, reason: t.reason };
}

/**
 * The recorded `portability` result as the reply reports it: a refused transfer makes it partial (the package went
 * to the person, not to the company) with the officer's reason; an undecided one is still pending at the cut-off.
 */
export function transferredResult(res: FulfilResult, decision: RecordedTransfer | undefined): FulfilResult {
  if (!res.transferTo) return res;
  if (!decision) return { ...res, status: 'pending_staff' };
  if (decision.status === 'sent' || !decision.reason) return res;
  const { zh, en } = decision.reason;
  return {
    ...res,
    status: 'partial',
    reason: {
      code: TRANSFER_REFUSED_CODE,
      zh: `未将可转移的副本转移至${decision.to}：${zh}`,
      en: `The portable copy was not transferred to ${decision.to}: ${en}`,
    },
  };
}
