// Staff retry of a failed request (admin): RecordFailure opened a human task; once the cause is dealt with, the
// workflow runs again from the top. Every step skips what it already recorded, so nothing is sent twice.
import { Hono } from 'hono';
import { RequestId } from '../../../domain/request/model.ts';
import { hasRole } from '../auth.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { conflict, forbidden, notFound } from '../errors.ts';

/** Attempts are numbered by write-once step results `retry:<n>`: two clicks get two numbers, never one name twice. */
async function nextAttempt(deps: ApiDeps, id: string, by: string): Promise<number> {
  const at = deps.clock.now().toISOString();
  for (let n = 1; n <= 100; n++) if (await deps.store.putStepResult(id, `retry:${n}`, { by, at })) return n;
  throw conflict('too_many_retries', 'this request has been retried too often; look at the failure first');
}

export function retryRoutes(deps: ApiDeps) {
  const app = new Hono<AppEnv>();

  app.post('/:id/retry', async (c) => {
    const principal = c.get('principal');
    if (!hasRole(principal, 'admin')) throw forbidden('only an admin retries a failed request');
    const id = c.req.param('id');
    if (!RequestId.safeParse(id).success) throw notFound();
    const r = await deps.store.getRequest(id);
    if (!r) throw notFound();
    if (r.status !== 'failed') throw conflict('invalid_state', `the request is ${r.status}, not failed`);
    const attempt = await nextAttempt(deps, id, principal.user);
    await deps.store.appendEvent(id, { type: 'retry_requested', actor: `staff:${principal.user}`, data: { attempt } });
    await deps.starter.start(id, { attempt });
    return c.json({ requestId: id, attempt, started: true }, 202);
  });

  return app;
}
