// Letters that could not be mailed (a caller with no e-mail address): staff read them from `GET /api/requests/{id}`,
// deliver them by phone or post, and record it here. The delivery task closes when nothing is left to deliver.
import { Hono } from 'hono';
import { RequestId } from '../../../domain/request/model.ts';
import { DELIVERY_TASK, pendingLetters } from '../../shared/mail/letters.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { conflict, notFound } from '../errors.ts';
import { LetterDeliveryBody } from '../schemas.ts';
import { jsonBody, parseWith } from './json.ts';

export function letterRoutes(deps: ApiDeps) {
  const { store, clock } = deps;
  const app = new Hono<AppEnv>();

  app.post('/:id/letters/:key/delivered', async (c) => {
    const id = c.req.param('id');
    const key = c.req.param('key');
    const body = parseWith(LetterDeliveryBody, await jsonBody(c));
    if (!RequestId.safeParse(id).success) throw notFound();
    if (!(await store.getRequest(id))) throw notFound();
    const letter = (await store.listLetters(id)).find((l) => l.key === key);
    if (!letter) throw notFound('letter');
    if (letter.mailed) throw conflict('invalid_state', 'this letter was mailed; there is nothing to deliver');
    const user = c.get('principal').user;
    const delivered = { method: body.method, by: user, at: clock.now().toISOString() };
    if (!(await store.markLetterDelivered(id, key, delivered)))
      return c.json({ requestId: id, key, recorded: false, delivered: letter.delivered });
    await store.appendEvent(id, {
      type: 'letter_delivered',
      actor: `staff:${user}`,
      data: { key, kind: letter.kind, method: body.method },
    });
    const task = await store.getTask(id, DELIVERY_TASK);
    if (task?.status === 'open') {
      const left = new Set((await store.listLetters(id)).filter((l) => !l.mailed && !l.delivered).map((l) => l.key));
      if (!pendingLetters(task).some((k) => left.has(k)))
        await store.completeTask(id, DELIVERY_TASK, 'succeeded', { deliveredBy: user });
    }
    return c.json({ requestId: id, key, recorded: true, delivered });
  });

  return app;
}
