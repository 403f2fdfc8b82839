// Staff record that a correction (the `correct` right) was applied in the source systems. FulfilRight leaves
// corrections to staff (a `correction` task); this records it once, sealed, with an audit event that holds no
// personal data, then the confirmation letter goes to the person (once; a repeated call re-tries a letter not yet sent).
import { Hono } from 'hono';
import { RequestId } from '../../../domain/request/model.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { conflict, notFound } from '../errors.ts';
import type { ApiOperations } from '../operations.ts';
import { CorrectionBody } from '../schemas.ts';
import { jsonBody, parseWith } from './json.ts';

export const CORRECTION_KEY = 'correction:applied';

export function correctionRoutes(deps: ApiDeps, operations: () => Promise<ApiOperations>) {
  const { store, clock, cipher } = deps;
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
    const appliedAt = clock.now().toISOString();
    const recorded = await store.putStepResult(id, CORRECTION_KEY, {
      categories: body.categories,
      appliedBy: principal.user,
      appliedAt,
      // The note may name the person: only sealed, and only when a cipher is wired.
      ...(cipher ? { noteSealed: await cipher.seal(body.note) } : {}),
    });
    if (!recorded) {
      const first = await store.getStepResult<{ appliedAt: string; categories: CorrectionBody['categories'] }>(
        id,
        CORRECTION_KEY,
      );
      const confirmation = first
        ? await (await operations()).confirmCorrection(id, first.categories, first.appliedAt)
        : undefined;
      return c.json({ requestId: id, recorded: false, appliedAt: first?.appliedAt, ...confirmation });
    }
    await store.appendEvent(id, {
      type: 'correction_applied',
      actor: `staff:${principal.user}`,
      data: { categories: body.categories },
    });
    const confirmation = await (await operations()).confirmCorrection(id, body.categories, appliedAt);
    return c.json({ requestId: id, recorded: true, appliedAt, ...confirmation });
  });

  return app;
}
