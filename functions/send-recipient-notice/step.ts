// SendRecipientNotice (one Map item per partner): the notice (delete, restrict to storage only, quick-pay cancelled), sent once (`notice:<id>:<partner>`), and the
// NOTICE record the acknowledgement and the chasing work from.
import * as z from 'zod';
import { batchDayFor } from '../../domain/notices/batch.ts';
import { RequestId } from '../../domain/request/model.ts';
import { defineStep } from '../shared/step.ts';
import { batchedDaily, composeNotice, notifiedEventData } from './compose.ts';
import { deliverNotice, secretOf } from './deliver.ts';

export { subjectReference } from './compose.ts';

export const step = defineStep({
  name: 'SendRecipientNotice',
  input: z.object({ requestId: RequestId, partnerId: z.string().min(1) }),
  async run({ requestId, partnerId }, deps) {
    if (await deps.store.getNotice(requestId, partnerId)) return { partnerId, sent: true };
    const { plan: n, letter, reference, ackUrl } = await composeNotice(deps, requestId, partnerId);
    if (batchedDaily(n)) {
      // The partner takes one mail a day: the notice waits for its day's list (the sweep sends it after the cutoff).
      // A missing secret fails here, in the workflow, as it would for a notice sent at once, not later in the sweep.
      if (reference.length > 0) await secretOf(deps, partnerId);
      const now = deps.clock.now();
      const batchDay = batchDayFor(now);
      if (
        await deps.store.putNotice({
          requestId,
          partnerId,
          status: 'queued',
          sentAt: now.toISOString(),
          batchDay,
          ackDueBy: n.ackDueBy,
          categories: n.categories,
          reminders: 0,
        })
      )
        await deps.store.appendEvent(requestId, {
          type: 'recipient_notice_queued',
          actor: 'workflow:SendRecipientNotice',
          data: { partnerId, batchDay, categories: n.categories },
        });
      return { partnerId, sent: false, queued: true };
    }
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
        data: notifiedEventData(n),
      });
    return { partnerId, sent: true };
  },
});
