// SendRecipientNotice (one Map item per partner): the notice (delete, restrict to storage only, quick-pay cancelled), sent once (`notice:<id>:<partner>`), and the
// NOTICE record the acknowledgement and the chasing work from.
import * as z from 'zod';
import { maskIdNumber, maskName, maskPhone } from '../../domain/identity/index.ts';
import { partnerReference } from '../../domain/identity/partner-reference.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import { RequestId, type RightsRequest } from '../../domain/request/model.ts';
import { erasureResults } from '../fulfil-right/results.ts';
import { PLAN_KEY, type RecordedPlan } from '../plan-notices/step.ts';
import { defineStep, mustGetRequest, stepError } from '../shared/step.ts';
import { signAckToken } from './ack-token.ts';
import { deliverNotice, noticeRoute } from './deliver.ts';
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

export const step = defineStep({
  name: 'SendRecipientNotice',
  input: z.object({ requestId: RequestId, partnerId: z.string().min(1) }),
  async run({ requestId, partnerId }, deps) {
    if (await deps.store.getNotice(requestId, partnerId)) return { partnerId, sent: true };
    const plan = await deps.store.getStepResult<RecordedPlan>(requestId, PLAN_KEY);
    const n = plan?.notices.find((x) => x.partnerId === partnerId);
    if (!n) throw stepError('Notice.NotPlanned', `${partnerId} is not in the notice plan of ${requestId}`);
    const r = await mustGetRequest(deps, requestId);
    const ackUrl = `${deps.config.partnerAckBaseUrl.replace(/\/$/, '')}/${signAckToken(deps.config.subjectHashSalt, requestId, partnerId)}`;
    // The partner's own reference to the person, read from the records captured before the erasure (or before the
    // quick-pay bindings ended: a cancellation erases nothing yet is notified); it travels only over the partner's secure channel (deliver.ts), the letter's text keeps to masked values.
    const customerId = (await erasureResults(deps.store, requestId, { all: true })).find(
      (x) => x.customerId,
    )?.customerId;
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
    const sent = await deliverNotice(deps, { requestId, plan: n, letter, reference, ackUrl });
    const at = deps.clock.now().toISOString();
    if (
      await deps.store.putNotice({
        requestId,
        partnerId,
        status: 'sent',
        sentAt: at,
        ackDueBy: n.ackDueBy,
        categories: n.categories,
        reminders: 0,
        ...(sent.messageId ? { messageId: sent.messageId } : {}),
      })
    )
      await deps.store.appendEvent(requestId, {
        type: 'recipient_notified',
        actor: 'workflow:SendRecipientNotice',
        data: {
          partnerId,
          categories: n.categories,
          restricted: (n.restricted ?? []).map((x) => x.category),
          cancellations: (n.cancellations ?? []).length,
          corrected: n.corrected ?? [],
          consentWithdrawn: (n.consentWithdrawn ?? []).map((w) => w.scope),
          processingRestricted: (n.processingRestricted ?? []).map((x) => x.scope),
          channel: n.channel.type,
          ackDueBy: n.ackDueBy,
        },
      });
    return { partnerId, sent: true };
  },
});
