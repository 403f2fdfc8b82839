// correct (policy §4(1), PIPL art. 46): the person's words are read into a proposal (which fields, which new values),
// kept sealed; a `correction` task asks staff to check it (proof where needed, art. 46 ¶2: verify, then correct) and
// the reply waits for them (AwaitFollowUps) until the cut-off. Staff settle it through the API
// (POST /api/requests/{id}/corrections → settle-correction.ts): applied through the connector's correct(), applied
// by hand in the company's systems, or not made with a reason. The reply then says which, and the recipients that
// received a corrected category are told (PlanRecipientNotices).
import { type CorrectionChange, FIELD_CATEGORY, readCorrections } from '../../../domain/corrections/index.ts';
import type { RightsRequest } from '../../../domain/request/model.ts';
import type { StepDeps } from '../../shared/deps.ts';
import { notifyOfficer } from '../../shared/mail/task-notice.ts';
import { findCustomerFor } from '../../shared/step.ts';
import type { FulfilResult } from '../results.ts';

export const CORRECTION_TASK = 'correction' as const;
/** The proposal read from the person's words (values sealed: they are personal data). */
export const CORRECTION_PROPOSAL_KEY = 'correction:proposal';

export interface RecordedProposal {
  fields: CorrectionChange['field'][];
  sealed: string;
}

export async function readProposal(deps: Pick<StepDeps, 'store' | 'cipher'>, requestId: string) {
  const p = await deps.store.getStepResult<RecordedProposal>(requestId, CORRECTION_PROPOSAL_KEY);
  return p ? (JSON.parse(await deps.cipher.open(p.sealed)) as CorrectionChange[]) : [];
}

export async function openCorrection(deps: StepDeps, r: RightsRequest): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const customerId = await findCustomerFor(deps, r);
  // Nobody matches the identifiers: there is nothing of theirs to correct (the letter says no data was found).
  if (!customerId) return { status: 'no_data' };
  const proposal = readCorrections(r.correction ?? '');
  const fields = proposal.map((c) => c.field);
  await deps.store.putStepResult(r.id, CORRECTION_PROPOSAL_KEY, {
    fields,
    sealed: await deps.cipher.seal(JSON.stringify(proposal)),
  } satisfies RecordedProposal);
  const existing = await deps.store.getTask(r.id, CORRECTION_TASK);
  if (!existing) {
    await deps.store.putTask({
      requestId: r.id,
      kind: CORRECTION_TASK,
      // No token of its own: AwaitFollowUps waits for it (releaseFollowUps once it is settled).
      taskToken: 'none',
      status: 'open',
      assignee: 'agent',
      createdAt: deps.clock.now().toISOString(),
      // Field names only, for the console; the values stay sealed.
      context: { proposedFields: fields, categories: [...new Set(fields.map((f) => FIELD_CATEGORY[f]))] },
    });
    await notifyOfficer(deps, {
      kind: 'correction',
      request: r,
      reasons: [
        fields.length > 0
          ? `本人要求更正：${fields.join('、')}（新值已从请求中读出，请核实后执行）/ the person asks to correct: ${fields.join(', ')} (new values read from the request: check, then apply)`
          : '本人要求更正个人信息，系统未能读出具体字段：请阅读请求原文并核实 / the person asks for a correction the system could not read: read the request and check it',
      ],
    });
  }
  return { status: 'pending_staff', customerId };
}
