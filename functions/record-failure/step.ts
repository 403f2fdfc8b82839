// RecordFailure (every Task's Catch): the request moves to `failed` with the error recorded and a human task opens
// for an administrator. Error causes are redacted: they may quote data.
import { z } from 'zod';
import { redactText } from '../../domain/identity/index.ts';
import { RequestId } from '../../domain/request/model.ts';
import { defineStep, moveStatus } from '../shared/step.ts';

const CaughtError = z.object({ Error: z.string().optional(), Cause: z.string().optional() }).loose().optional();

export const step = defineStep({
  name: 'RecordFailure',
  input: z.object({ requestId: RequestId, error: CaughtError }).loose(),
  async run({ requestId, error }, deps) {
    const errorName = error?.Error ?? 'Unknown';
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
    return { recorded: true, error: errorName };
  },
});
