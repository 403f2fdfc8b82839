// The OpenAPI 3.1 document served at /api/openapi.json, generated from the route table (contract.ts): bodies and
// query parameters come from the same zod schemas the routes parse with, so the document cannot drift from the code.
import * as z from 'zod';
import { errorStatuses, ROUTES, type RouteSpec, rolesOf } from './contract.ts';

const ERROR_TEXT: Record<number, string> = {
  400: 'validation failed: a body or query value, or a query parameter the route does not take (named; values are never echoed)',
  401: 'missing or bad credentials (bearer token, session cookie, or the signed link)',
  403: 'role not allowed, or a console write without its CSRF token',
  404: 'unknown request (or not available in this runtime)',
  409: 'conflict: version, or the step is not waiting',
  410: 'the link has expired or its code entries are used up (a new one can be sent)',
  413: 'the body is larger than 256 KiB',
  415: 'the body is not application/json',
  422: 'understood but not accepted (wrong code, checks not matched, an Idempotency-Key reused with another body)',
  429: 'too many attempts; wait and try again',
};

const schemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
const errorRef = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

function pathParams(path: string) {
  return [...path.matchAll(/\{([a-zA-Z]+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema:
      name === 'id'
        ? { type: 'string', pattern: '^RF-\\d{8}-[0-9A-HJKMNP-TV-Z]{6}$' }
        : name === 'token'
          ? { type: 'string', pattern: '^[A-Za-z0-9._~-]{16,2048}$' }
          : { type: 'string', maxLength: 200 },
  }));
}

function queryParams(spec: RouteSpec) {
  if (!spec.query) return [];
  const json = schemaOf(spec.query) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) && !('default' in schema),
    schema,
  }));
}

function operation(spec: RouteSpec) {
  const roles = rolesOf(spec);
  const description =
    spec.auth === 'public' ? 'No sign-in.' : `Roles: ${roles.join(', ')}. Bearer token, or the console's session.`;
  const body = spec.body
    ? {
        requestBody: {
          required: spec.bodyRequired ?? false,
          content: {
            'application/json': { schema: schemaOf(spec.body) },
            ...(spec.form ? { 'application/x-www-form-urlencoded': { schema: schemaOf(spec.body) } } : {}),
          },
        },
      }
    : {};
  return {
    summary: spec.summary,
    description,
    ...(spec.auth === 'public' ? { security: [] } : {}),
    parameters: [
      ...pathParams(spec.path),
      ...queryParams(spec),
      ...(spec.headers ?? []).map((h) => ({
        name: h.name,
        in: 'header',
        required: false,
        description: h.description,
        schema: { type: 'string', maxLength: h.maxLength },
      })),
    ],
    ...body,
    responses: {
      ...Object.fromEntries(Object.entries(spec.responses).map(([code, text]) => [code, { description: text }])),
      ...Object.fromEntries(
        errorStatuses(spec).map((code) => [
          String(code),
          { description: ERROR_TEXT[code] ?? 'error', content: errorRef },
        ]),
      ),
    },
  };
}

let cached: object | undefined;

export function openApiDocument(): object {
  if (cached) return cached;
  const paths: Record<string, Record<string, object>> = {};
  for (const spec of ROUTES) paths[spec.path] = { ...paths[spec.path], [spec.method]: operation(spec) };
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'rightsflow API',
      version: '0.2.0',
      description:
        '个人信息权利请求 — personal-information rights requests. Personal data is masked in responses unless a privacy officer or admin asks `?reveal=1` (audit-logged). Every route refuses query parameters it does not take (400) and bodies that are not JSON (415).',
    },
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'rf_session',
          description: 'Console session (local runtime); writes also need the X-CSRF-Token header',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    },
    paths,
  };
  return cached;
}
