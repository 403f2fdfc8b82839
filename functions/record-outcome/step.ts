// RecordOutcome: closes the request once the reply is out and no partner acknowledgement is pending; a request whose
// fee quote was not accepted ends as withdrawn.
import * as z from 'zod';
import { RequestId } from '../../domain/request/model.ts';
import { defineStep, moveStatus, mustGetRequest } from '../shared/step.ts';

export const step = defineStep({
  name: 'RecordOutcome',
  input: z.object({ requestId: RequestId }),
  async run({ requestId }, deps) {
    const notices = await deps.store.listNotices(requestId);
    const pendingAcknowledgements = notices.filter((n) => n.status !== 'acknowledged').length;
    const current = await mustGetRequest(deps, requestId);
    // A fee quote not accepted: the request was withdrawn (nothing was done, so no partner waits on it).
    if (current.outcome === 'fee_declined') {
      const w = await moveStatus(deps, requestId, 'withdrawn', {
        type: 'request_withdrawn',
        actor: 'workflow:RecordOutcome',
        data: { cause: 'fee_not_accepted' },
      });
      return { status: w.status, pendingAcknowledgements: 0, outcome: w.outcome ?? null };
    }
    const r =
      pendingAcknowledgements === 0
        ? await moveStatus(deps, requestId, 'closed', {
            type: 'request_closed',
            actor: 'workflow:RecordOutcome',
            data: { notices: notices.length },
          })
        : current;
    return { status: r.status, pendingAcknowledgements, outcome: r.outcome ?? null };
  },
});
