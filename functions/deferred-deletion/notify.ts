// When a deferred deletion finally erases what a hold kept, the processors acting for us that were told to keep it
// storage-only ("保存期限届满时，我司将另行通知删除") are now told to delete it: one notice per partner and firing,
// sent once, with the same signed acknowledgement link as the first notice.

import { addWorkingDays } from '../../domain/calendar/index.ts';
import { shanghaiDate } from '../../domain/identity/shanghai-date.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import type { DataCategory } from '../../domain/request/model.ts';
import { PLAN_KEY, type RecordedPlan } from '../plan-notices/step.ts';
import { signAckToken } from '../send-recipient-notice/ack-token.ts';
import { subjectReference } from '../send-recipient-notice/step.ts';
import type { StepDeps } from '../shared/deps.ts';
import { mustGetRequest, sendOnce } from '../shared/step.ts';

export async function notifyDeferredErasure(
  deps: StepDeps,
  requestId: string,
  erased: readonly DataCategory[],
  firing: string,
): Promise<string[]> {
  const plan = await deps.store.getStepResult<RecordedPlan>(requestId, PLAN_KEY);
  const told: string[] = [];
  for (const n of plan?.notices ?? []) {
    const categories = (n.restricted ?? []).map((x) => x.category).filter((c) => erased.includes(c));
    if (categories.length === 0) continue;
    const r = await mustGetRequest(deps, requestId);
    const sentOn = shanghaiDate(deps.clock.now());
    const ackUrl = `${deps.config.partnerAckBaseUrl.replace(/\/$/, '')}/${signAckToken(deps.config.subjectHashSalt, requestId, n.partnerId)}`;
    const letter = renderLetter(
      'partner_notice',
      'zh',
      {
        requestId,
        partnerName: n.names,
        categories,
        legalBasisArticle: n.legalBasisArticle ?? 21,
        subjectReference: subjectReference(r),
        ackUrl,
        ackDueBy: addWorkingDays(sentOn, 10, deps.calendar),
        sentOn,
      },
      deps.policy,
    );
    await sendOnce(deps, {
      key: `notice:${requestId}:${n.partnerId}:deferred:${firing}`,
      kind: 'partner_notice',
      requestId,
      from: deps.config.senderAddress,
      to: [n.channel.type === 'email' ? n.channel.address : deps.config.privacyOfficerEmail],
      subject: letter.subject,
      text: letter.text,
      html: letter.html,
    });
    told.push(n.partnerId);
  }
  return told;
}
