// The OpenAPI 3.1 document served at /api/openapi.json; body schemas come from the same zod schemas the
// router validates with, so the document cannot drift from the code.
import { z } from 'zod';
import { STATUSES } from '../../domain/request/model.ts';
import {
  ChildDataBody,
  CorrectionBody,
  FeeAcceptanceBody,
  IdentifiersBody,
  NewRequestBody,
  ReviewBody,
  TriageBody,
  VerificationBody,
} from './schemas.ts';

const json = (schema: z.ZodType) => ({
  'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
});
const ref = (name: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c] ?? 'error', content: ref('Error') }]));
const ERROR_TEXT: Record<number, string> = {
  400: 'validation failed (issues summarised, no values echoed)',
  401: 'missing or bad bearer token',
  403: 'role not allowed',
  404: 'unknown request',
  409: 'conflict: version, or the step is not waiting',
  422: 'understood but not accepted (wrong code, checks not matched)',
};
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^RF-\\d{8}-[0-9A-HJKMNP-TV-Z]{6}$' },
};

let cached: object | undefined;

export function openApiDocument(): object {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'rightsflow API',
      version: '0.1.0',
      description:
        '个人信息权利请求 — personal-information rights requests. Personal data is masked in responses unless a privacy officer or admin asks `?reveal=1` (audit-logged).',
    },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
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
    paths: {
      '/health': {
        get: {
          security: [],
          summary: 'Readiness',
          responses: { 200: { description: 'ready' }, 503: { description: 'not ready' } },
        },
      },
      '/api/requests': {
        post: {
          summary: 'Hotline/web intake (honours Idempotency-Key)',
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } },
          ],
          requestBody: { required: true, content: json(NewRequestBody) },
          responses: {
            201: { description: 'created; body `{request, workflowStarted}`' },
            200: { description: 'the same Idempotency-Key was seen before: `{request, replayed: true}`' },
            ...errors(400, 401, 403),
          },
        },
        get: {
          summary: 'Open requests by deadline (or by status)',
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string', enum: [...STATUSES] } },
            {
              name: 'due_before',
              in: 'query',
              description: 'YYYY-MM-DD (deadline on or before that Shanghai day) or an ISO instant',
              schema: { type: 'string' },
            },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: { 200: { description: '`{items, cursor?}` (masked)' }, ...errors(400, 401) },
        },
      },
      '/api/requests/{id}': {
        get: {
          summary: 'One request with its timeline and open tasks',
          parameters: [idParam, { name: 'reveal', in: 'query', schema: { type: 'string', enum: ['1'] } }],
          responses: { 200: { description: '`{request, timeline, openTasks}`' }, ...errors(401, 403, 404) },
        },
      },
      '/api/requests/{id}/verification': {
        post: {
          summary:
            'One-time code (typed in or read out to staff; a wrong one answers 422 with `error.attemptsLeft`), hotline verification by an agent (the request must carry name, ID, phone and card digits), or document review by the privacy officer (guardians, relatives of the deceased with the art. 49 conditions, agents)',
          parameters: [idParam],
          requestBody: { required: true, content: json(VerificationBody) },
          responses: { 200: { description: 'verified' }, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      '/api/requests/{id}/verification/resend': {
        post: {
          summary:
            'Send a new one-time code when the last one expired or was used up (not within the resend wait, not beyond the codes per request or SMS per phone per day)',
          parameters: [idParam],
          responses: { 200: { description: '`{sent, reason?, retryAfterSeconds?}`' }, ...errors(401, 404, 409) },
        },
      },
      '/api/requests/{id}/fee-acceptance': {
        post: {
          summary: "The person's answer to a fee quote, recorded by staff",
          parameters: [idParam],
          requestBody: { required: true, content: json(FeeAcceptanceBody) },
          responses: { 200: { description: 'recorded' }, ...errors(400, 401, 404, 409) },
        },
      },
      '/api/requests/{id}/review': {
        post: {
          summary: "The privacy officer's decision (privacy_officer, admin)",
          parameters: [idParam],
          requestBody: { required: true, content: json(ReviewBody) },
          responses: { 200: { description: 'recorded' }, ...errors(400, 401, 403, 404, 409) },
        },
      },
      '/api/requests/{id}/corrections': {
        post: {
          summary: 'Staff record that the requested correction was applied (once; the note is sealed)',
          parameters: [idParam],
          requestBody: { required: true, content: json(CorrectionBody) },
          responses: { 200: { description: '`{recorded, appliedAt}`' }, ...errors(400, 401, 404, 409) },
        },
      },
      '/api/requests/{id}/identifiers': {
        post: {
          summary:
            'Staff add or correct the identifiers of a request before verification (audited with masked values and the reason; `null` removes one); a live code is retired and a new one sent',
          parameters: [idParam],
          requestBody: { required: true, content: json(IdentifiersBody) },
          responses: {
            200: { description: '`{request, codeSent, verificationReset}`' },
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      '/api/requests/{id}/child-data': {
        post: {
          summary:
            "Privacy officer: record what became of a child's data found through this request (policy §5); closes the child_data task",
          parameters: [idParam],
          requestBody: { required: true, content: json(ChildDataBody) },
          responses: { 200: { description: '`{requestId, decision, by, at}`' }, ...errors(400, 401, 403, 404, 409) },
        },
      },
      '/api/requests/{id}/triage': {
        post: {
          summary:
            'Staff triage (agent, privacy officer, admin): rights and subject of a `triage` request → `received`, acknowledged once, workflow started (receipt time and deadline kept); or `{notARequest: true}` → closed, outcome not_a_request',
          parameters: [idParam],
          requestBody: { required: true, content: json(TriageBody) },
          responses: {
            200: { description: '`{request, workflowStarted}`' },
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      '/api/requests/{id}/retry': {
        post: {
          summary:
            'Admin: run the workflow of a `failed` request again from the top (its steps skip what they recorded); in AWS the execution is named `<id>-r<attempt>`',
          parameters: [idParam],
          responses: { 202: { description: '`{requestId, attempt, started}`' }, ...errors(401, 403, 404, 409) },
        },
      },
      '/api/outbox': {
        get: {
          summary:
            'Mail and SMS sent (local runtime only), newest first; each item has `channel` (`email` or `sms`); query `requestId`, `kind`, `channel`, `limit`. One-time codes are masked except for admins',
          responses: { 200: { description: '`{items}`' }, ...errors(401, 404) },
        },
      },
      '/partner-ack/{token}': {
        post: {
          security: [],
          summary: "A partner's acknowledgement of a deletion notice (the signed token is the authorisation)",
          parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'acknowledged' }, ...errors(401) },
        },
      },
    },
  };
  return cached;
}
