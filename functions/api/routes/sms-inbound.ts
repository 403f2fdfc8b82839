// POST /sms-inbound: SMS replies forwarded by the company's SMS gateway, signed in the Standard Webhooks format with
// the gateway's secret (the signature is the authorisation: no bearer token). Body {from, text}; the answer says
// whether a waiting request took it, so the gateway may answer the person.
import { Hono } from 'hono';
import { verifySignedBody } from '../../shared/webhook/signed-post.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import type { ApiOperations } from '../operations.ts';
import { InboundSmsBody } from '../schemas.ts';

export function smsInboundRoutes(deps: ApiDeps, operations: () => Promise<ApiOperations>) {
  const app = new Hono<AppEnv>();
  app.post('/', async (c) => {
    if (!deps.smsGatewaySecret) throw notFound('route');
    const raw = await c.req.text();
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw badRequest('invalid_json', 'the body is not JSON');
    }
    const parsed = InboundSmsBody.safeParse(json);
    if (!parsed.success) throw badRequest('validation_failed', 'expected {from, text}');
    // The signature covers the exact bytes received.
    const headers = Object.fromEntries(c.req.raw.headers.entries());
    if (verifySignedBody(deps.smsGatewaySecret, raw, headers) === undefined)
      throw new ApiError(401, 'bad_signature', 'the webhook signature is missing or wrong');
    const res = await (await operations()).receiveSmsReply({ from: parsed.data.from, text: parsed.data.text });
    if (!res.matched) return c.json({ matched: false });
    const r = res.result;
    return c.json({
      matched: true,
      verified: r.verified,
      ...(!r.verified
        ? { reason: r.reason, ...(r.attemptsLeft !== undefined ? { attemptsLeft: r.attemptsLeft } : {}) }
        : {}),
    });
  });
  return app;
}
