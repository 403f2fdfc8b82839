// The HTTP API: one hono router for the local runtime (@hono/node-server) and AWS (handler.ts behind API
// Gateway's HTTP API). Routes and error shape: docs/design.md §4.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { bearerToken, hasRole } from './auth.ts';
import { findRoute } from './contract.ts';
import type { ApiDeps, AppEnv } from './deps.ts';
import { ApiError, errorBody, forbidden, sendError, toApiError, unauthorized } from './errors.ts';
import { accessLog, contractGuard } from './guard.ts';
import { openApiDocument } from './openapi.ts';
import type { ApiOperations } from './operations.ts';
import { maskOneTimeCodes } from './outbox-codes.ts';
import { consoleRoutes, isConsoleAsset } from './routes/console.ts';
import { correctionRoutes } from './routes/corrections.ts';
import { downloadRoutes } from './routes/download.ts';
import { evidenceRoutes, reportRoutes } from './routes/evidence.ts';
import { exportRoutes } from './routes/exports.ts';
import { identifierRoutes } from './routes/identifiers.ts';
import { parseWith } from './routes/json.ts';
import { letterRoutes } from './routes/letters.ts';
import { partnerAckRoutes } from './routes/partner-ack.ts';
import { quarantineRoutes } from './routes/quarantine.ts';
import { referenceRoutes } from './routes/reference.ts';
import { requestRoutes } from './routes/requests.ts';
import { restrictionRoutes } from './routes/restrictions.ts';
import { retryRoutes } from './routes/retry.ts';
import { sessionRoutes } from './routes/session.ts';
import { smsInboundRoutes } from './routes/sms-inbound.ts';
import { statsRoutes } from './routes/stats.ts';
import { stepRoutes } from './routes/steps.ts';
import { triageRoutes } from './routes/triage.ts';
import { OutboxQuery } from './schemas.ts';
import { createSessions } from './session.ts';

export type { ApiDeps } from './deps.ts';

export function createApiApp(deps: ApiDeps) {
  const app = new Hono<AppEnv>();
  let ops: Promise<ApiOperations> | undefined;
  // Loaded on first use so that the router does not pull in every handler until a step route is called.
  const operations = () =>
    (ops ??= deps.operations
      ? Promise.resolve(deps.operations)
      : import('./wiring.ts')
          .then((m) => m.handlerOperations(deps))
          .catch((err: unknown) => {
            ops = undefined; // not cached: the next call tries again
            throw err;
          }));

  // Sessions age in real time: a test clock moved a fortnight ahead must not sign staff out.
  const sessions = deps.passwordSignIn ? createSessions(deps.passwordSignIn, { now: () => Date.now() }) : undefined;

  app.onError((err, c) => {
    const known = toApiError(err);
    if (known) return sendError(c, known);
    // Name only: messages and stacks may carry personal data.
    deps.logger.error('api request failed', { errorName: (err as Error).name, path: c.req.routePath });
    return c.json(errorBody('internal', 'internal error'), 500);
  });
  app.notFound((c) => c.json(errorBody('not_found', 'no such route'), 404));

  app.use('*', accessLog(deps.logger, isConsoleAsset));
  // Query keys, query values and media types as the route table says (contract.ts), before anything else.
  app.use('*', contractGuard());
  for (const prefix of ['/api/*', '/partner-ack/*', '/sms-inbound', '/download/*'])
    app.use(
      prefix,
      bodyLimit({
        maxSize: 256 * 1024,
        // The rest of the body is left unread, so this connection cannot carry another request: say so, or a
        // keep-alive client sends its next request down a socket the server is about to close.
        onError: (c) => {
          c.header('connection', 'close');
          return Promise.reject(new ApiError(413, 'too_large', 'the body is too large'));
        },
      }),
    );

  app.get('/health', async (c) => {
    let ok = false;
    try {
      ok = await deps.health();
    } catch {
      ok = false;
    }
    return c.json({ status: ok ? 'ok' : 'unavailable' }, ok ? 200 : 503);
  });

  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));
  app.route(
    '/',
    consoleRoutes({
      assetsDir: deps.consoleAssetsDir,
      config: deps.consoleConfig,
      passwordSignIn: deps.passwordSignIn !== undefined,
    }),
  );

  // The signed token in the path is the partner's authorisation: no bearer token here.
  app.route('/partner-ack', partnerAckRoutes(deps, operations));
  // The SMS gateway's signature is its authorisation (routes/sms-inbound.ts).
  app.route('/sms-inbound', smsInboundRoutes(deps, operations));
  // The link's secret and the one-time code are the person's authorisation: no bearer token here.
  app.route('/download', downloadRoutes(deps));

  // Staff routes: a bearer token (scripts, AWS) or the console's session cookie (local).
  app.use('/api/*', async (c, next) => {
    if (findRoute(c.req.method, c.req.path)?.auth === 'public') return next();
    let principal = await deps.authenticate(c);
    if (!principal && !bearerToken(c) && sessions) {
      const s = sessions.authenticate(c);
      if (s) {
        principal = s.principal;
        c.set('csrfToken', s.csrfToken);
      }
    }
    if (!principal) throw unauthorized();
    if (principal.roles.length === 0) throw forbidden('your account has no rightsflow role');
    c.set('principal', principal);
    await next();
  });
  app.route('/api/session', sessionRoutes(sessions));

  app.get('/api/outbox', async (c) => {
    if (!deps.outbox) return c.json(errorBody('not_found', 'the outbox exists only in the local runtime'), 404);
    if (!hasRole(c.get('principal'), 'agent', 'privacy_officer', 'admin')) throw forbidden();
    const q = parseWith(OutboxQuery, c.req.query());
    const items = await deps.outbox.list({
      ...(q.requestId ? { requestId: q.requestId } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      limit: q.limit,
    });
    // The outbox stands in for people's own phones and mailboxes: staff other than admins see codes masked, so an
    // agent cannot read a person's one-time code and verify in their place.
    const reveal = hasRole(c.get('principal'), 'admin');
    return c.json({ items: reveal ? items : items.map(maskOneTimeCodes) });
  });
  app.route('/api/stats', statsRoutes(deps));
  app.route('/api/reports', reportRoutes(deps));
  app.route('/api/reference', referenceRoutes(deps));
  app.route('/api/quarantine', quarantineRoutes(deps));

  app.route('/api/requests', stepRoutes(deps, operations));
  app.route('/api/requests', correctionRoutes(deps, operations));
  app.route('/api/requests', restrictionRoutes(deps, operations));
  app.route('/api/requests', identifierRoutes(deps, operations));
  app.route('/api/requests', letterRoutes(deps));
  app.route('/api/requests', exportRoutes(deps, operations));
  app.route('/api/requests', triageRoutes(deps));
  app.route('/api/requests', retryRoutes(deps));
  app.route('/api/requests', evidenceRoutes(deps));
  app.route('/api/requests', requestRoutes(deps));
  return app;
}

export type ApiApp = ReturnType<typeof createApiApp>;
