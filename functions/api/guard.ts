// Enforces the route table (contract.ts) before any route runs: a query key the route does not take is a 400 that
// names it; query values are checked by the route's zod schema; a body that is not JSON (or a form, where the
// route takes one) is a 415. Also the access log: one line per HTTP request, with the route's template rather than
// its concrete path (a partner's signed token is a capability) and never a query string or body.
import type { MiddlewareHandler } from 'hono';
import type { StepLogger } from '../shared/deps.ts';
import { findRoute, type RouteSpec } from './contract.ts';
import { ApiError, badRequest, summariseIssues } from './errors.ts';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;
const FORM_TYPE = 'application/x-www-form-urlencoded';

/** Query keys are echoed to help the caller; clip them so a hostile URL cannot fill a response. */
const shown = (key: string) => JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);

function checkQuery(spec: RouteSpec, url: URL): void {
  const allowed = spec.query ? Object.keys(spec.query.shape) : [];
  const keys = [...url.searchParams.keys()];
  const unknown = [...new Set(keys.filter((k) => !allowed.includes(k)))];
  if (unknown.length > 0) {
    const takes = allowed.length ? `this route takes ${allowed.join(', ')}` : 'this route takes no query parameters';
    throw badRequest('unknown_query', `unknown query parameter ${unknown.map(shown).join(', ')} (${takes})`);
  }
  const repeated = keys.find((k, i) => keys.indexOf(k) !== i);
  if (repeated !== undefined) throw badRequest('invalid_query', `query parameter ${shown(repeated)} is given twice`);
  if (spec.query) {
    const r = spec.query.safeParse(Object.fromEntries(url.searchParams));
    if (!r.success) throw badRequest('invalid_query', summariseIssues(r.error.issues, 'query'));
  }
}

/**
 * Whether the request carries a body. `Content-Length: 0` is no body (what a browser's or fetch's bare POST sends),
 * so a route whose body is optional ("no body = completed") is not refused for lacking a media type. A request that
 * arrived over HTTP with neither Content-Length nor Transfer-Encoding has no body either (RFC 9112 §6.3); the local
 * listener (infra/local/http.ts) hands such requests on without one, and API Gateway's adapter does the same.
 */
export function hasRequestBody(request: Request): boolean {
  if (request.body === null) return false;
  const length = request.headers.get('content-length');
  return length === null || length.trim() !== '0';
}

function checkMediaType(spec: RouteSpec, request: Request): void {
  if (!spec.body) return;
  const hasBody = hasRequestBody(request);
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!hasBody && !type) return; // the route's own parsing answers for a missing required body
  if (JSON_TYPE.test(type) || (spec.form && type === FORM_TYPE)) return;
  throw new ApiError(
    415,
    'unsupported_media_type',
    `send the body as application/json${spec.form ? ' or application/x-www-form-urlencoded' : ''}`,
  );
}

export function contractGuard(): MiddlewareHandler {
  return async (c, next) => {
    const spec = findRoute(c.req.method, c.req.path);
    if (spec) {
      checkQuery(spec, new URL(c.req.url));
      checkMediaType(spec, c.req.raw);
    }
    await next();
  };
}

/** `GET /api/requests/{id} 200 12ms`: the route's template, never its values. */
export function accessLog(logger: Pick<StepLogger, 'info'>, isConsoleAsset: (path: string) => boolean) {
  const handler: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    await next();
    const spec = findRoute(c.req.method, c.req.path);
    const route = spec?.path ?? (isConsoleAsset(c.req.path) ? c.req.path : '(no route)');
    logger.info('http', {
      method: c.req.method,
      route,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  };
  return handler;
}
