// The letter of a correction settled after the reply went (the reply said it was still being checked): the
// confirmation of what was corrected, or the reasons it was not (PIPL art. 46 ¶2). Sent once (key
// `correction:<id>`); kept for staff to deliver when there is no address.
import { shanghaiDate } from '../../domain/calendar/index.ts';
import { CORRECTION_REFUSAL_TEXT, FIELD_LABELS } from '../../domain/corrections/index.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import type { RecordedCorrection } from '../fulfil-right/correction-record.ts';
import type { StepDeps } from '../shared/deps.ts';
import { deliverRenderedLetter } from '../shared/mail/letters.ts';
import { mustGetRequest, replyAddress } from '../shared/step.ts';

export async function confirmCorrection(
  deps: StepDeps,
  requestId: string,
  settled: Pick<RecordedCorrection, 'outcome' | 'categories' | 'fields' | 'refusal' | 'appliedAt'>,
): Promise<{ mailed: boolean }> {
  const r = await mustGetRequest(deps, requestId);
  const letter = renderLetter(
    'correction_confirmed',
    r.language,
    {
      requestId,
      receivedOn: r.deadline.receivedOn,
      categories: settled.outcome === 'applied' ? [...new Set(settled.categories)] : [],
      fields: settled.fields.filter((f) => f.status === 'applied').map((f) => FIELD_LABELS[f.field]),
      appliedOn: shanghaiDate(new Date(settled.appliedAt)),
      refusal: settled.outcome === 'refused' ? CORRECTION_REFUSAL_TEXT[settled.refusal ?? 'unproven'] : null,
    },
    deps.policy,
  );
  const delivered = await deliverRenderedLetter(deps, r, letter, {
    key: `correction:${requestId}`,
    kind: 'correction_confirmed',
    to: replyAddress(r),
  });
  if (delivered.first)
    await deps.store.appendEvent(requestId, {
      type: 'correction_letter_sent',
      actor: 'system',
      data: { outcome: settled.outcome, categories: settled.categories, mailed: delivered.mailed },
    });
  return { mailed: delivered.mailed };
}
