// Staff settle a correction (the `correct` right, PIPL art. 46): applied through the company connector (the proposal
// read from the person's words, or values given), made by hand in the company's systems, or not made with a reason.
// Recorded once with an audit event that holds no personal data; a repeated call answers with the first record.
// The reply that waits for it then reports it (or, after the cut-off, a letter of its own goes).
import { Hono } from 'hono';
import { RequestId } from '../../../domain/request/model.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { conflict, notFound } from '../errors.ts';
import type { ApiOperations } from '../operations.ts';
import { CorrectionBody } from '../schemas.ts';
import { jsonBody, parseWith } from './json.ts';

export function correctionRoutes(deps: ApiDeps, operations: () => Promise<ApiOperations>) {
  const { store } = deps;
  const app = new Hono<AppEnv>();

  app.post('/:id/corrections', async (c) => {
    const id = c.req.param('id');
    const principal = c.get('principal');
    const body = parseWith(CorrectionBody, await jsonBody(c));
    if (!RequestId.safeParse(id).success) throw notFound();
    const request = await store.getRequest(id);
    if (!request) throw notFound();
    if (!request.rights.includes('correct'))
      throw conflict('invalid_state', 'this request does not ask for a correction');
    // Only once FulfilRight opened the correction (identity verified, customer found) is there anything to settle.
    if (!(await store.getTask(id, 'correction')))
      throw conflict('invalid_state', 'no correction is open for this request (not yet verified, or nothing held)');
    try {
      return c.json(await (await operations()).settleCorrection(id, body, principal.user));
    } catch (e) {
      if ((e as Error).name === 'Correction.NotApplicable') throw conflict('invalid_state', (e as Error).message);
      throw e;
    }
  });

  return app;
}
