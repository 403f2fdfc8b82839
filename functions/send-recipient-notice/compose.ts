// One partner notice as written (the letter, the partner's full reference, the signed acknowledgement link): shared by
// the step that sends it at once and the sweep that sends a partner's daily list (functions/sweep/partner-batches.ts).
import { maskIdNumber, maskName, maskPhone } from '../../domain/identity/index.ts';
import { partnerReference, type ReferenceLine } from '../../domain/identity/partner-reference.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import type { RightsRequest } from '../../domain/request/model.ts';
import { erasureResults } from '../fulfil-right/results.ts';
import { PLAN_KEY, type RecordedPlan } from '../plan-notices/step.ts';
import type { StepDeps } from '../shared/deps.ts';
import { mustGetRequest, stepError } from '../shared/step.ts';
import { signAckToken } from './ack-token.ts';
import { noticeRoute } from './deliver.ts';
import { partnerRecords } from './partner-records.ts';
import { noticeSections } from './sections.ts';
import { attachmentName } from './secure-reference.ts';

/** How the partner recognises the person: masked values only (the partner matches them against its own records). */
export function subjectReference(r: RightsRequest) {
  const ref: { label: { zh: string; en: string }; value: string }[] = [];
  if (r.subject.name) ref.push({ label: { zh: '姓名', en: 'Name' }, value: maskName(r.subject.name) });
  if (r.subject.idNumber && r.subject.idNumberValid !== false)
    ref.push({ label: { zh: '身份证号', en: 'ID number' }, value: maskIdNumber(r.subject.idNumber) });
  if (r.subject.phone) ref.push({ label: { zh: '手机号', en: 'Mobile' }, value: maskPhone(r.subject.phone) });
  if (r.subject.bankCardLast4)
    ref.push({ label: { zh: '银行卡尾号', en: 'Card ending' }, value: r.subject.bankCardLast4 });
  if (ref.length === 0) ref.push({ label: { zh: '请求编号', en: 'Request' }, value: r.id });
  return ref;
}

export type PlannedNotice = RecordedPlan['notices'][number];

export interface ComposedNotice {
  plan: PlannedNotice;
  letter: { subject: string; text: string; html: string };
  reference: ReferenceLine[];
  ackUrl: string;
}

export async function composeNotice(deps: StepDeps, requestId: string, partnerId: string): Promise<ComposedNotice> {
  const recorded = await deps.store.getStepResult<RecordedPlan>(requestId, PLAN_KEY);
  const n = recorded?.notices.find((x) => x.partnerId === partnerId);
  if (!n) throw stepError('Notice.NotPlanned', `${partnerId} is not in the notice plan of ${requestId}`);
  const r = await mustGetRequest(deps, requestId);
  const ackUrl = `${deps.config.partnerAckBaseUrl.replace(/\/$/, '')}/${signAckToken(deps.config.subjectHashSalt, requestId, partnerId)}`;
  // The partner's own reference to the person, read from the records captured before the erasure (or before the
  // quick-pay bindings ended: a cancellation erases nothing yet is notified); it travels only over the partner's secure channel (deliver.ts), the letter's text keeps to masked values.
  const customerId = (await erasureResults(deps.store, requestId, { all: true })).find((x) => x.customerId)?.customerId;
  const reference = customerId
    ? partnerReference(n.role, partnerId, customerId, await partnerRecords(deps, requestId))
    : [];
  const secureReference =
    n.channel.type === 'manual'
      ? undefined
      : noticeRoute(n.channel) === 'webhook'
        ? { channel: 'webhook' as const }
        : { channel: 'attachment' as const, filename: attachmentName(requestId) };
  const letter = renderLetter(
    'partner_notice',
    'zh',
    {
      requestId,
      partnerName: n.names,
      ...noticeSections(n),
      legalBasisArticle: n.legalBasisArticle ?? 23,
      subjectReference: subjectReference(r),
      ...(secureReference && reference.length > 0 ? { secureReference } : {}),
      ackUrl,
      ackDueBy: n.ackDueBy,
      sentOn: n.sentOn,
    },
    deps.policy,
  );
  return { plan: n, letter, reference, ackUrl };
}

/** A partner that asked for one mail a day (its e-mail channel's `dailyBatch`); webhooks are answered per notice. */
export function batchedDaily(n: PlannedNotice): boolean {
  return n.channel.type === 'email' && n.channel.dailyBatch === true;
}

/** What the `recipient_notified` event records of a notice (sent at once, or in a daily list). */
export function notifiedEventData(n: PlannedNotice) {
  return {
    partnerId: n.partnerId,
    categories: n.categories,
    restricted: (n.restricted ?? []).map((x) => x.category),
    cancellations: (n.cancellations ?? []).length,
    corrected: n.corrected ?? [],
    consentWithdrawn: (n.consentWithdrawn ?? []).map((w) => w.scope),
    processingRestricted: (n.processingRestricted ?? []).map((x) => x.scope),
    channel: n.channel.type,
    ackDueBy: n.ackDueBy,
  };
}
