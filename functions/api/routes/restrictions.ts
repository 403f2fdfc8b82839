// Staff actions on rights that wait for a person after fulfilment. A restriction the person asked to lift (the
// `restrict` right, PIPL art. 44): the company resumes the processing, each lift is recorded once with an audit
// event, the person gets a letter and the processors told of the restriction hear it is lifted
// (fulfil-right/lift-restriction.ts). The privacy officer's answer to a question asked with an explanation request
// (art. 48; fulfil-right/answer-explanation.ts). The privacy officer's decision on a portability transfer to the
// company the person named (art. 45 ¶3; fulfil-right/decide-transfer.ts). A repeated call answers with the first records.
import { Hono } from 'hono';
import { RequestId } from '../../../domain/request/model.ts';
import { ExplanationNotAnswerable } from '../../fulfil-right/answer-explanation.ts';
import { TransferNotDecidable } from '../../fulfil-right/decide-transfer.ts';
import { liftKey, type RecordedLift } from '../../fulfil-right/lift-restriction.ts';
import type { FulfilResult } from '../../fulfil-right/results.ts';
import { REPLY_KEY } from '../../send-reply/step.ts';
import { fulfilKey } from '../../shared/step.ts';
import { hasRole } from '../auth.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { ApiError, conflict, forbidden, notFound } from '../errors.ts';
import type { ApiOperations } from '../operations.ts';
import { ExplanationAnswerBody, RestrictionLiftBody, TransferDecisionBody } from '../schemas.ts';
import { jsonBody, parseWith } from './json.ts';

export function restrictionRoutes(deps: ApiDeps, operations: () => Promise<ApiOperations>) {
  const { store } = deps;
  const app = new Hono<AppEnv>();

  // What the request restricted and what is lifted, for the console's lift panel (read only, no personal data: ids,
  // scopes, registry ids of recipients, dates, the staff user who lifted). `liftable` says whether a lift would be
  // taken now: the person lifts what the reply told them of, so not before it went.
  app.get('/:id/restrictions', async (c) => {
    const id = c.req.param('id');
    if (!RequestId.safeParse(id).success) throw notFound();
    const request = await store.getRequest(id);
    if (!request) throw notFound();
    const made = request.rights.includes('restrict')
      ? ((await store.getStepResult<FulfilResult>(id, fulfilKey('restrict')))?.restrictions ?? [])
      : [];
    const lifts = await Promise.all(made.map((m) => store.getStepResult<RecordedLift>(id, liftKey(m.id))));
    const replied = made.length > 0 && (await store.getStepResult(id, REPLY_KEY)) !== undefined;
    const restrictions = made.map((m, i) => {
      const lift = lifts[i];
      return {
        id: m.id,
        scope: m.scope,
        recipients: m.recipients,
        since: m.since,
        active: m.active,
        ...(lift && { lifted: { at: lift.liftedAt, by: lift.liftedBy, askedVia: lift.askedVia } }),
      };
    });
    return c.json({
      requestId: id,
      restrictions,
      liftable: replied && restrictions.some((r) => !r.lifted),
    });
  });

  app.post('/:id/restrictions/lift', async (c) => {
    const id = c.req.param('id');
    const principal = c.get('principal');
    const body = parseWith(RestrictionLiftBody, await jsonBody(c));
    if (!RequestId.safeParse(id).success) throw notFound();
    const request = await store.getRequest(id);
    if (!request) throw notFound();
    if (!request.rights.includes('restrict')) throw conflict('invalid_state', 'this request asks for no restriction');
    try {
      return c.json(await (await operations()).liftRestrictions(id, body, principal.user));
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'Restriction.NotLiftable') throw conflict('invalid_state', (e as Error).message);
      if (name === 'Restriction.Unknown') throw new ApiError(422, 'unknown_restriction', (e as Error).message);
      throw e;
    }
  });

  // The privacy officer's answer to the question the person asked with an explanation request (PIPL art. 48).
  app.post('/:id/explanation', async (c) => {
    const id = c.req.param('id');
    const principal = c.get('principal');
    if (!hasRole(principal, 'privacy_officer', 'admin'))
      throw forbidden('the privacy officer answers the person’s question');
    const body = parseWith(ExplanationAnswerBody, await jsonBody(c));
    if (!RequestId.safeParse(id).success) throw notFound();
    const request = await store.getRequest(id);
    if (!request) throw notFound();
    if (!request.rights.includes('explain')) throw conflict('invalid_state', 'this request asks for no explanation');
    if (!(await store.getTask(id, 'explanation')))
      throw conflict('invalid_state', 'no question is open for this request (not yet verified, or none asked)');
    try {
      return c.json(await (await operations()).answerExplanation(id, body, principal.user));
    } catch (e) {
      if (e instanceof ExplanationNotAnswerable)
        throw e.kind === 'state' ? conflict(e.code, e.message) : new ApiError(422, e.code, e.message);
      throw e;
    }
  });

  // The privacy officer confirms the receiving address of the company the person named, or refuses (PIPL art. 45 ¶3).
  app.post('/:id/transfer', async (c) => {
    const id = c.req.param('id');
    const principal = c.get('principal');
    if (!hasRole(principal, 'privacy_officer', 'admin'))
      throw forbidden('the privacy officer decides a transfer to another company');
    const body = parseWith(TransferDecisionBody, await jsonBody(c));
    if (!RequestId.safeParse(id).success) throw notFound();
    const request = await store.getRequest(id);
    if (!request) throw notFound();
    if (!(await store.getTask(id, 'transfer')))
      throw conflict('invalid_state', 'no transfer is open for this request (not yet fulfilled, or no company named)');
    try {
      return c.json(await (await operations()).decideTransfer(id, body, principal.user));
    } catch (e) {
      if (e instanceof TransferNotDecidable)
        throw e.kind === 'state' ? conflict(e.code, e.message) : new ApiError(422, e.code, e.message);
      throw e;
    }
  });

  return app;
}
