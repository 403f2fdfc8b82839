// RecordOutcome: closes the request once the reply is out and no partner acknowledgement is pending.
import * as z from 'zod';
import { RequestId } from '../../domain/request/model.ts';
import { defineStep, moveStatus, mustGetRequest } from '../shared/step.ts';

export const step = defineStep({
  name: 'RecordOutcome',
  input: z.object({ requestId: RequestId }),
  async run({ requestId }, deps) {
    const notices = await deps.store.listNotices(requestId);
    const pendingAcknowledgements = notices.filter((n) => n.status !== 'acknowledged').length;
    const r =
      pendingAcknowledgements === 0
        ? await moveStatus(deps, requestId, 'closed', {
            type: 'request_closed',
            actor: 'workflow:RecordOutcome',
            data: { notices: notices.length },
          })
        : await mustGetRequest(deps, requestId);
    return { status: r.status, pendingAcknowledgements, outcome: r.outcome ?? null };
  },
});
