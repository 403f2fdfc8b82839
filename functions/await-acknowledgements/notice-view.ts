// What the partner's page behind the signed link shows (GET /partner-ack/{token}): the notice as it was sent —
// the partner's name, the request number, the data categories, how to recognise the person (masked, as in the
// mail), the dates — and the answer already given, if any. undefined for a token that is not ours.
import type { DataCategory } from '../../domain/request/model.ts';
import { PLAN_KEY, type RecordedPlan } from '../plan-notices/step.ts';
import { verifyAckToken } from '../send-recipient-notice/ack-token.ts';
import { subjectReference } from '../send-recipient-notice/step.ts';
import type { StepDeps } from '../shared/deps.ts';
import type { RecipientNotice } from '../shared/store/workflow-store.ts';

export interface PartnerNoticeView {
  requestId: string;
  partnerId: string;
  partnerName: { zh: string; en: string };
  categories: DataCategory[];
  subjectReference: { label: { zh: string; en: string }; value: string }[];
  sentAt: string;
  ackDueBy: string;
  status: RecipientNotice['status'];
  answer?: RecipientNotice['answer'];
  ackedAt?: string;
}

export async function readPartnerNotice(
  deps: Pick<StepDeps, 'store' | 'config'>,
  token: string,
): Promise<PartnerNoticeView | undefined> {
  const claim = verifyAckToken(deps.config.subjectHashSalt, token);
  if (!claim) return undefined;
  const { requestId, partnerId } = claim;
  const [notice, request, plan] = await Promise.all([
    deps.store.getNotice(requestId, partnerId),
    deps.store.getRequest(requestId),
    deps.store.getStepResult<RecordedPlan>(requestId, PLAN_KEY),
  ]);
  if (!notice || !request) return undefined;
  const planned = plan?.notices.find((n) => n.partnerId === partnerId);
  return {
    requestId,
    partnerId,
    partnerName: planned?.names ?? { zh: partnerId, en: partnerId },
    categories: notice.categories ?? planned?.categories ?? [],
    subjectReference: subjectReference(request),
    sentAt: notice.sentAt,
    ackDueBy: notice.ackDueBy,
    status: notice.status,
    ...(notice.answer ? { answer: notice.answer } : {}),
    ...(notice.ackedAt ? { ackedAt: notice.ackedAt } : {}),
  };
}
