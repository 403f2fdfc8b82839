// Console sign-in (local users) and who is signed in. In AWS there is no password sign-in here: the console gets
// a token from the identity provider (GET /api/console-config says which) and sends it as a bearer token.
import { Hono } from 'hono';
import type { AppEnv } from '../deps.ts';
import { errorBody } from '../errors.ts';
import { SessionBody } from '../schemas.ts';
import type { Sessions } from '../session.ts';
import { jsonBody, parseWith } from './json.ts';

export function sessionRoutes(sessions: Sessions | undefined) {
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    if (!sessions)
      return c.json(
        errorBody(
          'not_found',
          'password sign-in exists only in the local runtime; sign in through the identity provider',
        ),
        404,
      );
    const body = parseWith(SessionBody, await jsonBody(c));
    return c.json(sessions.start(c, body.user, body.password));
  });

  app.get('/', (c) => {
    const p = c.get('principal');
    const csrfToken = c.get('csrfToken');
    return c.json({
      user: p.user,
      roles: p.roles,
      via: csrfToken ? 'session' : 'bearer',
      ...(csrfToken ? { csrfToken } : {}),
    });
  });

  app.delete('/', (c) => {
    sessions?.end(c);
    return c.json({ signedOut: true });
  });

  return app;
}
