// Staff add or correct a request's identifiers before verification (issue 13 item 5), and the privacy officer records
// what became of a child's data found in the company's systems (policy §5).
import { Hono } from 'hono';
import { redactText } from '../../../domain/identity/index.ts';
import { RequestId } from '../../../domain/request/model.ts';
import { identifiersLocked } from '../../request-verification/identifiers.ts';
import { hasRole } from '../auth.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { conflict, forbidden, notFound } from '../errors.ts';
import type { ApiOperations } from '../operations.ts';
import { presentRequest } from '../present.ts';
import { ChildDataBody, IdentifiersBody } from '../schemas.ts';
import { jsonBody, parseWith } from './json.ts';

export function identifierRoutes(deps: ApiDeps, operations: () => Promise<ApiOperations>) {
  const { store, clock } = deps;
  const app = new Hono<AppEnv>();

  app.post('/:id/identifiers', async (c) => {
    const principal = c.get('principal');
    if (!hasRole(principal, 'agent', 'privacy_officer', 'admin')) throw forbidden();
    const id = c.req.param('id');
    if (!RequestId.safeParse(id).success) throw notFound();
    const body = parseWith(IdentifiersBody, await jsonBody(c));
    const r = await store.getRequest(id);
    if (!r) throw notFound();
    const locked = identifiersLocked(r);
    if (locked === 'Identifiers.Verified')
      throw conflict('already_verified', 'the request was verified against its identifiers; they can no longer change');
    if (locked) throw conflict('invalid_state', `the request is ${r.status}: its identifiers can no longer change`);
    const res = await (await operations()).updateIdentifiers(id, principal.user, {
      ...(body.subject ? { subject: body.subject } : {}),
      ...(body.requester ? { requester: body.requester } : {}),
      reason: body.reason,
    });
    return c.json({
      request: presentRequest(res.request),
      codeSent: res.codeSent,
      verificationReset: res.verificationReset,
    });
  });

  app.post('/:id/child-data', async (c) => {
    const principal = c.get('principal');
    if (!hasRole(principal, 'privacy_officer', 'admin'))
      throw forbidden('the privacy officer decides on a child’s data');
    const id = c.req.param('id');
    if (!RequestId.safeParse(id).success) throw notFound();
    const body = parseWith(ChildDataBody, await jsonBody(c));
    const task = await store.getTask(id, 'child_data');
    if (!task) throw notFound('child-data task');
    const result = { decision: body.decision, by: principal.user, at: clock.now().toISOString() };
    if (!(await store.completeTask(id, 'child_data', 'succeeded', result)))
      throw conflict('no_pending_task', 'the child-data task is already closed');
    await store.appendEvent(id, {
      type: 'child_data_resolved',
      actor: `staff:${principal.user}`,
      data: { decision: body.decision, note: redactText(body.note).slice(0, 2_000) },
    });
    return c.json({ requestId: id, ...result });
  });

  return app;
}
