// LoadRequest: the request's routing facts for the state machine; moves it out of `received`.
import * as z from 'zod';
import { meetsVerification, RequestId } from '../../domain/request/model.ts';
import { ERASING_RIGHTS } from '../fulfil-right/results.ts';
import { defineStep, moveStatus, mustGetRequest, stepError } from '../shared/step.ts';
import { screenSubject } from './screen.ts';

export const step = defineStep({
  name: 'LoadRequest',
  input: z.object({ requestId: RequestId }),
  async run({ requestId }, deps) {
    const r = await mustGetRequest(deps, requestId);
    if (r.status === 'triage') throw stepError('Request.InTriage', `${requestId} awaits triage by staff`);
    // Identifier conflicts to staff, children found to the privacy officer (screen.ts); once per set of identifiers.
    await screenSubject(deps, r);
    const verificationRequired = !meetsVerification(r.verification.level, r.rights);
    // A failed request re-driven from the top: its failure task is taken over by this run (RecordFailure opens a
    // new one if it fails again), so no administrator is left chasing a request that went on.
    if (r.status === 'failed' && (await deps.store.completeTask(requestId, 'failure', 'succeeded', { redriven: true })))
      await deps.store.appendEvent(requestId, { type: 'failure_redriven', actor: 'workflow:LoadRequest' });
    await moveStatus(deps, requestId, verificationRequired ? 'awaiting_verification' : 'checking', {
      type: 'workflow_started',
      actor: 'workflow:LoadRequest',
      data: { verificationRequired },
    });
    const minor = r.minor || (await mustGetRequest(deps, requestId)).minor;
    // Whether backups and deferred deletions can concern it at all (the workflow's ErasesData? choice).
    const erasing = r.rights.some((x) => (ERASING_RIGHTS as readonly string[]).includes(x));
    return { requestId, rights: r.rights, verificationRequired, language: r.language, minor, erasing };
  },
});
