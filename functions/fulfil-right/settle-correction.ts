// Staff settle a correction (the `correct` right, PIPL art. 46): apply the proposal read from the person's words or
// values they give through the connector's correct(), record a correction made by hand in the company's systems, or
// record why it is not made. Recorded once (`correction:applied`); the `correction` task closes and the reply that
// waits for it (AwaitFollowUps) resumes. When the reply already went (the cut-off passed), the person gets a letter of
// its own instead (confirmation or reasons).
import { FIELD_CATEGORY } from '../../domain/corrections/index.ts';
import type { DataCategory } from '../../domain/request/model.ts';
import { releaseFollowUps } from '../await-follow-ups/step.ts';
import { confirmCorrection } from '../send-reply/correction.ts';
import { REPLY_KEY } from '../send-reply/step.ts';
import type { StepDeps } from '../shared/deps.ts';
import type { AppliedCorrection } from '../shared/ports.ts';
import { fulfilKey, mustGetRequest, stepError } from '../shared/step.ts';
import { CORRECTION_KEY, type CorrectionDecision, type RecordedCorrection } from './correction-record.ts';
import type { FulfilResult } from './results.ts';
import { CORRECTION_TASK, readProposal } from './rights/correct.ts';

const ROUTE_KEY = 'correction:route';

export interface SettledCorrection {
  requestId: string;
  recorded: boolean;
  outcome: RecordedCorrection['outcome'];
  categories: DataCategory[];
  fields: AppliedCorrection[];
  appliedAt: string;
  /** The reply was still waiting for it (it reports the correction); false: a letter of its own went (or is kept). */
  inReply: boolean;
  mailed?: boolean;
}

export class CorrectionNotApplicable extends Error {
  override name = 'Correction.NotApplicable';
}

async function decide(
  deps: StepDeps,
  requestId: string,
  decision: CorrectionDecision,
): Promise<Omit<RecordedCorrection, 'appliedAt' | 'appliedBy' | 'noteSealed'>> {
  if ('refuse' in decision)
    return { outcome: 'refused', categories: [], fields: [], via: 'staff', refusal: decision.refuse };
  if ('categories' in decision)
    return { outcome: 'applied', categories: [...new Set(decision.categories)], fields: [], via: 'staff' };
  const fulfilled = await deps.store.getStepResult<FulfilResult>(requestId, fulfilKey('correct'));
  if (!fulfilled?.customerId)
    throw new CorrectionNotApplicable('no customer matched this request: there is nothing to correct');
  const changes = 'changes' in decision ? decision.changes : await readProposal(deps, requestId);
  if (changes.length === 0)
    throw new CorrectionNotApplicable('no new values were read from the request: give them as `changes`');
  const fields = await deps.company.correct(fulfilled.customerId, changes);
  // Nothing held to change: not made (not_held); every value already as asked: nothing to correct (accurate).
  if (!fields.some((f) => f.status === 'applied'))
    return {
      outcome: 'refused',
      categories: [],
      fields,
      via: 'connector',
      refusal: fields.some((f) => f.status === 'unchanged') ? 'accurate' : 'not_held',
    };
  return {
    outcome: 'applied',
    categories: [...new Set(fields.filter((f) => f.status === 'applied').map((f) => FIELD_CATEGORY[f.field]))],
    fields,
    via: 'connector',
  };
}

export async function settleCorrection(
  deps: StepDeps,
  requestId: string,
  decision: CorrectionDecision,
  staffUser: string,
): Promise<SettledCorrection> {
  const r = await mustGetRequest(deps, requestId);
  if (!r.rights.includes('correct')) throw stepError('Correction.NotApplicable', 'this request asks for no correction');
  let first = await deps.store.getStepResult<RecordedCorrection>(requestId, CORRECTION_KEY);
  const recorded = !first;
  if (!first) {
    const decided = await decide(deps, requestId, decision);
    const appliedAt = deps.clock.now().toISOString();
    const entry: RecordedCorrection = {
      ...decided,
      appliedAt,
      appliedBy: staffUser,
      // The note may name the person: only sealed.
      ...(decision.note ? { noteSealed: await deps.cipher.seal(decision.note) } : {}),
    };
    if (await deps.store.putStepResult(requestId, CORRECTION_KEY, entry))
      await deps.store.appendEvent(requestId, {
        type: entry.outcome === 'applied' ? 'correction_applied' : 'correction_refused',
        actor: `staff:${staffUser}`,
        data: {
          categories: entry.categories,
          fields: entry.fields.map((f) => ({ field: f.field, status: f.status })),
          via: entry.via,
          ...(entry.refusal ? { refusal: entry.refusal } : {}),
        },
      });
    first = (await deps.store.getStepResult<RecordedCorrection>(requestId, CORRECTION_KEY)) ?? entry;
  }
  await deps.store.completeTask(requestId, CORRECTION_TASK, 'succeeded', {
    outcome: first.outcome,
    categories: first.categories,
  });
  // Whether the reply reports it: decided once, after the record exists — a reply not yet decided reads the record;
  // one already decided said "still being checked", so a letter of its own follows.
  const route = { inReply: !(await deps.store.getStepResult(requestId, REPLY_KEY)) };
  await deps.store.putStepResult(requestId, ROUTE_KEY, route);
  const { inReply } = (await deps.store.getStepResult<typeof route>(requestId, ROUTE_KEY)) ?? route;
  await releaseFollowUps(deps, requestId);
  const base = {
    requestId,
    recorded,
    outcome: first.outcome,
    categories: first.categories,
    fields: first.fields,
    appliedAt: first.appliedAt,
    inReply,
  };
  if (inReply) return base;
  // The reply went before this was settled (it said the correction was still being checked): a letter of its own.
  const letter = await confirmCorrection(deps, requestId, first);
  return { ...base, mailed: letter.mailed };
}
