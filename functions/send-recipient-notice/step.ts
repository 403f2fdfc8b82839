// SendRecipientNotice (one Map item per partner): the notice (delete, restrict to storage only, quick-pay cancelled), sent once (`notice:<id>:<partner>`), and the
// NOTICE record the acknowledgement and the chasing work from.
import * as z from 'zod';
import { maskIdNumber, maskName, maskPhone } from '../../domain/identity/index.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import { RequestId, type RightsRequest } from '../../domain/request/model.ts';
import type { NoticePlan } from '../../domain/rules/index.ts';
import { PLAN_KEY, type RecordedPlan } from '../plan-notices/step.ts';
import { defineStep, mustGetRequest, sendOnce, stepError } from '../shared/step.ts';
import { signAckToken } from './ack-token.ts';

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

/** The sections of a planned notice as the letter takes them (older plans recorded only the erased categories). */
export function noticeSections(n: NoticePlan) {
  return {
    categories: n.categories,
    restricted: n.restricted ?? [],
    restrictedCards: n.restrictedCards ?? [],
    cancellations: n.cancellations ?? [],
    corrected: n.corrected ?? [],
    ...(n.accountClosedOn ? { accountClosedOn: n.accountClosedOn } : {}),
  };
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
    // Signed webhooks and partners without a known channel go to the privacy office to deliver by hand.
    const to = n.channel.type === 'email' ? n.channel.address : deps.config.privacyOfficerEmail;
    const letter = renderLetter(
      'partner_notice',
      'zh',
      {
        requestId,
        partnerName: n.names,
        ...noticeSections(n),
        legalBasisArticle: n.legalBasisArticle ?? 23,
        subjectReference: subjectReference(r),
        ackUrl,
        ackDueBy: n.ackDueBy,
        sentOn: n.sentOn,
      },
      deps.policy,
    );
    const sent = await sendOnce(deps, {
      key: `notice:${requestId}:${partnerId}`,
      kind: 'partner_notice',
      requestId,
      from: deps.config.senderAddress,
      to: [to],
      subject: letter.subject,
      text: letter.text,
      html: letter.html,
    });
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
          channel: n.channel.type,
          ackDueBy: n.ackDueBy,
        },
      });
    return { partnerId, sent: true };
  },
});
