// Partners acknowledge a deletion notice through the signed link in it: the token is the authorisation.
// GET shows a confirmation page (mail scanners follow links; only the POST records anything).
import { Hono } from 'hono';
import type { AppEnv } from '../deps.ts';
import { ApiError } from '../errors.ts';
import type { ApiOperations } from '../operations.ts';

const TOKEN = /^[A-Za-z0-9._~-]{16,2048}$/;

const page = (title: string, body: string) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

export function partnerAckRoutes(operations: () => Promise<ApiOperations>) {
  const app = new Hono<AppEnv>();

  app.get('/:token', (c) => {
    if (!TOKEN.test(c.req.param('token')))
      throw new ApiError(401, 'invalid_token', 'the acknowledgement link is not valid');
    return c.html(
      page(
        '确认删除通知 / Acknowledge deletion notice',
        `<h1>确认已收到删除通知</h1><p>请确认贵方已收到连连支付的个人信息删除通知，并将按要求及时删除。</p>
<p>Please confirm that you received LianLian Pay's notice and will delete the personal information concerned.</p>
<form method="post"><button type="submit">确认 / Acknowledge</button></form>`,
      ),
    );
  });

  app.post('/:token', async (c) => {
    const token = c.req.param('token');
    const result = TOKEN.test(token) ? await (await operations()).recordPartnerAck(token) : undefined;
    if (!result) throw new ApiError(401, 'invalid_token', 'the acknowledgement link is not valid');
    if ((c.req.header('accept') ?? '').includes('text/html'))
      return c.html(page('已确认 / Acknowledged', '<h1>已确认，谢谢。</h1><p>Acknowledged, thank you.</p>'));
    return c.json({ acknowledged: true, ...result });
  });

  return app;
}
