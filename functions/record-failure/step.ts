// RecordFailure (every Task's Catch): the request moves to `failed` with the error recorded and a human task opens
// for an administrator. Error causes are redacted: they may quote data.
import * as z from 'zod';
import { redactText } from '../../domain/identity/index.ts';
import { RequestId } from '../../domain/request/model.ts';
import { notifyOfficer } from '../shared/mail/task-notice.ts';
import { defineStep, moveStatus, mustGetRequest } from '../shared/step.ts';

const CaughtError = z.object({ Error: z.string().optional(), Cause: z.string().optional() }).loose().optional();

export const step = defineStep({
  name: 'RecordFailure',
  input: z.object({ requestId: RequestId, error: CaughtError }).loose(),
  async run({ requestId, error }, deps) {
    const errorName = error?.Error ?? 'Unknown';
    // A request in triage waits for staff (its triage task is open), it has not failed: an execution started for
    // it by mistake (an old run's re-drive) ends here without a failure task or a notice.
    if (errorName === 'Request.InTriage') {
      deps.logger.info('execution ended: the request awaits triage', { requestId });
      return { recorded: false, error: errorName };
    }
    const cause = redactText(error?.Cause ?? '').slice(0, 2_000);
    await moveStatus(deps, requestId, 'failed', {
      type: 'step_failed',
      actor: 'workflow:RecordFailure',
      data: { error: errorName, cause },
    });
    const now = deps.clock.now().toISOString();
    await deps.store.putTask({
      requestId,
      kind: 'failure',
      taskToken: 'none',
      status: 'open',
      assignee: 'admin',
      context: { error: errorName, cause },
      createdAt: now,
    });
    deps.metrics.count('request_failed');
    try {
      const request = await mustGetRequest(deps, requestId);
      await notifyOfficer(deps, { kind: 'failure', request, reasons: [errorName] });
    } catch (err) {
      // The failure is recorded and the task open; a lost notice must not fail the failure path (the sweep escalates).
      deps.logger.error('failure notice not sent', { requestId, errorName: (err as Error).name });
    }
    return { recorded: true, error: errorName };
  },
});
