// The follow-up the reply to a correction promises: once staff recorded the correction as applied, the person gets a
// confirmation letter (once, key `correction:<id>`; kept for staff to deliver when there is no address) and the
// `correction` task closes.
import { shanghaiDate } from '../../domain/calendar/index.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import type { DataCategory } from '../../domain/request/model.ts';
import { CORRECTION_TASK } from '../fulfil-right/rights/correct.ts';
import type { StepDeps } from '../shared/deps.ts';
import { deliverLetter } from '../shared/mail/letters.ts';
import { mustGetRequest, replyAddress } from '../shared/step.ts';

export async function confirmCorrection(
  deps: StepDeps,
  requestId: string,
  categories: DataCategory[],
  appliedAt: string,
): Promise<{ mailed: boolean }> {
  const r = await mustGetRequest(deps, requestId);
  const letter = renderLetter(
    'correction_confirmed',
    r.language,
    {
      requestId,
      receivedOn: r.deadline.receivedOn,
      categories: [...new Set(categories)],
      appliedOn: shanghaiDate(new Date(appliedAt)),
    },
    deps.policy,
  );
  const delivered = await deliverLetter(deps, {
    key: `correction:${requestId}`,
    kind: 'correction_confirmed',
    requestId,
    language: r.language,
    from: deps.config.senderAddress,
    to: replyAddress(r),
    subject: letter.subject,
    text: letter.text,
    html: letter.html,
  });
  await deps.store.completeTask(requestId, CORRECTION_TASK, 'succeeded', { categories, appliedAt });
  if (delivered.first)
    await deps.store.appendEvent(requestId, {
      type: 'correction_confirmed',
      actor: 'system',
      data: { categories, mailed: delivered.mailed },
    });
  return { mailed: delivered.mailed };
}
