// POST /sms-inbound: SMS replies forwarded by the company's SMS gateway, signed in the Standard Webhooks format with
// the gateway's secret (the signature is the authorisation: no bearer token). Body {from, text}; the answer says
// whether a waiting request took it, so the gateway may answer the person.
import { Hono } from 'hono';
import { z } from 'zod';
import { verifySignedBody } from '../../shared/webhook/signed-post.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { ApiError, notFound } from '../errors.ts';
import type { ApiOperations } from '../operations.ts';

const InboundSmsBody = z.object({ from: z.string().min(3).max(32), text: z.string().max(1_000) }).loose();

export function smsInboundRoutes(deps: ApiDeps, operations: () => Promise<ApiOperations>) {
  const app = new Hono<AppEnv>();
  app.post('/', async (c) => {
    if (!deps.smsGatewaySecret) throw notFound('route');
    const raw = await c.req.text();
    const headers = Object.fromEntries(c.req.raw.headers.entries());
    const body = verifySignedBody(deps.smsGatewaySecret, raw, headers);
    if (body === undefined) throw new ApiError(401, 'bad_signature', 'the webhook signature is missing or wrong');
    const parsed = InboundSmsBody.safeParse(body);
    if (!parsed.success) throw new ApiError(400, 'validation_failed', 'expected {from, text}');
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
