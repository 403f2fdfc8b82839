// correct (policy §4(1), PIPL art. 46): staff check the new value and apply it in the company's systems. FulfilRight
// opens a `correction` task (no workflow step waits on it) and tells the privacy office; recording the correction
// (POST /api/requests/{id}/corrections → confirmCorrection) closes the task and sends the confirmation letter, so
// the reply's "we will confirm in writing" is a tracked follow-up.
import type { RightsRequest } from '../../../domain/request/model.ts';
import type { StepDeps } from '../../shared/deps.ts';
import { notifyOfficer } from '../../shared/mail/task-notice.ts';
import type { FulfilResult } from '../results.ts';

export const CORRECTION_TASK = 'correction' as const;

export async function openCorrection(deps: StepDeps, r: RightsRequest): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const existing = await deps.store.getTask(r.id, CORRECTION_TASK);
  if (!existing) {
    await deps.store.putTask({
      requestId: r.id,
      kind: CORRECTION_TASK,
      // No workflow step waits on it: the token is never used.
      taskToken: 'none',
      status: 'open',
      assignee: 'agent',
      createdAt: deps.clock.now().toISOString(),
    });
    await notifyOfficer(deps, {
      kind: 'correction',
      request: r,
      reasons: [
        '本人要求更正个人信息：请核实新的信息（必要时请本人提供证明）并在业务系统中更正 / the person asks for a correction: check the new value (ask for proof where needed) and apply it in the company systems',
      ],
    });
  }
  return { status: 'pending_staff' };
}
