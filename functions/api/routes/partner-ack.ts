// Partners answer a notice through the signed link in it: the token is the authorisation. GET shows the notice and
// the three answers (mail scanners follow links, so only the POST records anything); both check the signature.
// The page is plain server-rendered HTML in Chinese with English beside it: no script, its own CSP, no framing.
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { ApiError, badRequest, summariseIssues } from '../errors.ts';
import { hasRequestBody } from '../guard.ts';
import type { ApiOperations, PartnerNoticeView } from '../operations.ts';
import { PartnerAckBody } from '../schemas.ts';

const TOKEN = /^[A-Za-z0-9._~-]{16,2048}$/;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

const STYLE = `
body{font:15px/1.6 "Noto Sans CJK SC","WenQuanYi Zen Hei","PingFang SC","Microsoft YaHei",system-ui,sans-serif;color:#1f2933;background:#f4f6f8;margin:0}
main{max-width:760px;margin:32px auto;background:#fff;border:1px solid #d9e0e6;border-radius:8px;padding:28px 36px}
h1{font-size:22px;margin:0 0 4px}h1 small{display:block;font-size:14px;color:#52606d;font-weight:400}
.en{color:#52606d;font-size:13px}dl{display:grid;grid-template-columns:180px 1fr;gap:6px 16px;margin:20px 0}
dt{color:#52606d}dd{margin:0}ul{margin:0;padding-left:18px}fieldset{border:1px solid #d9e0e6;border-radius:6px;padding:12px 16px;margin:16px 0}
legend{font-weight:600;padding:0 6px}label.choice{display:block;padding:8px 4px;cursor:pointer}label.choice:hover{background:#f4f6f8}
textarea{width:100%;min-height:90px;font:inherit;border:1px solid #bcccdc;border-radius:4px;padding:8px;box-sizing:border-box}
button{font:inherit;background:#0b5cad;color:#fff;border:0;border-radius:4px;padding:10px 22px;cursor:pointer}
button:focus,input:focus,textarea:focus{outline:3px solid #f0b429;outline-offset:1px}
.done{background:#e3f9e5;border:1px solid #57ae5b;border-radius:6px;padding:12px 16px}.error{background:#ffe3e3;border:1px solid #e12d39;border-radius:6px;padding:12px 16px}
footer{margin-top:24px;color:#7b8794;font-size:12px}`;

const ANSWERS = {
  completed: { zh: '已按通知删除（或已停止处理）', en: 'Done: deleted as notified (or processing stopped)' },
  not_found: { zh: '我方未持有该个人的信息', en: 'We hold no data about this person' },
  exception: {
    zh: '依法需要保留部分信息（请说明依据及保存期限）',
    en: 'We must keep some data by law (state the basis and period)',
  },
} as const;

function page(c: Context, title: string, body: string, status: 200 | 400 | 401 = 200) {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${esc(title)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main>${body}<footer>连连支付 个人信息保护 · LianLian Pay privacy office</footer></main></body></html>`;
  return c.html(html, status, {
    'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
}

const invalid = (c: Context) =>
  page(
    c,
    '链接无效 / Invalid link',
    `<h1>链接无效<small>This link is not valid</small></h1><p class="error">请使用通知邮件中的完整链接，或回复通知邮件并注明参考编号。<br><span class="en">Use the full link from the notice, or reply to the notice quoting its reference.</span></p>`,
    401,
  );

function noticeBody(v: PartnerNoticeView, deps: Pick<ApiDeps, 'policy'>): string {
  const cats = v.categories
    .map((k) => {
      const label = deps.policy.categories[k];
      return `<li>${esc(label?.zh ?? k)} <span class="en">${esc(label?.en ?? k)}</span></li>`;
    })
    .join('');
  const ref = v.subjectReference
    .map((s) => `<li>${esc(s.label.zh)} <span class="en">${esc(s.label.en)}</span>：${esc(s.value)}</li>`)
    .join('');
  const day = (iso: string) => esc(iso.slice(0, 10));
  return `<h1>个人信息删除通知 · 确认处理结果<small>Notice of deletion · confirm what you did</small></h1>
<p>${esc(v.partnerName.zh)} <span class="en">${esc(v.partnerName.en)}</span></p>
<dl>
<dt>参考编号 <span class="en">Reference</span></dt><dd>${esc(v.requestId)}</dd>
<dt>涉及的信息 <span class="en">Data concerned</span></dt><dd><ul>${cats}</ul></dd>
<dt>个人信息主体 <span class="en">The person</span></dt><dd><ul>${ref}</ul></dd>
<dt>通知日期 <span class="en">Sent</span></dt><dd>${day(v.sentAt)}</dd>
<dt>请于此前确认 <span class="en">Please answer by</span></dt><dd>${esc(v.ackDueBy.slice(0, 10))}</dd>
</dl>`;
}

function answeredBody(v: PartnerNoticeView): string {
  const a = v.answer ? ANSWERS[v.answer] : ANSWERS.completed;
  return `<p class="done">已确认，谢谢。您的答复：${esc(a.zh)}${v.ackedAt ? `（${esc(v.ackedAt.slice(0, 10))}）` : ''}<br>
<span class="en">Recorded, thank you. Your answer: ${esc(a.en)}</span></p>`;
}

function formBody(error?: string): string {
  const choice = (value: keyof typeof ANSWERS, checked: boolean) =>
    `<label class="choice"><input type="radio" name="answer" value="${value}"${checked ? ' checked' : ''} required> ${esc(ANSWERS[value].zh)}<br><span class="en">${esc(ANSWERS[value].en)}</span></label>`;
  return `${error ? `<p class="error">${esc(error)}</p>` : ''}<form method="post">
<fieldset><legend>您的答复 <span class="en">Your answer</span></legend>
${choice('completed', true)}${choice('not_found', false)}${choice('exception', false)}
<label for="reason">保留依据及保存期限（选择第三项时必填）<br><span class="en">Legal basis and retention period (required for the third answer)</span></label>
<textarea id="reason" name="reason" maxlength="2000"></textarea>
</fieldset>
<button type="submit">提交答复 / Submit</button></form>`;
}

export function partnerAckRoutes(deps: Pick<ApiDeps, 'policy'>, operations: () => Promise<ApiOperations>) {
  const app = new Hono<AppEnv>();
  const read = async (token: string) =>
    TOKEN.test(token) ? await (await operations()).readPartnerNotice(token) : undefined;

  app.get('/:token', async (c) => {
    const view = await read(c.req.param('token'));
    if (!view) return invalid(c);
    const title = '确认删除通知 / Acknowledge deletion notice';
    return page(c, title, noticeBody(view, deps) + (view.status === 'acknowledged' ? answeredBody(view) : formBody()));
  });

  app.post('/:token', async (c) => {
    const token = c.req.param('token');
    const browser = (c.req.header('accept') ?? '').includes('text/html');
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    let raw: unknown = {};
    if (hasRequestBody(c.req.raw)) {
      if (type === 'application/x-www-form-urlencoded') {
        const form = await c.req.parseBody();
        raw = Object.fromEntries(
          Object.entries(form).filter(([k, v]) => typeof v === 'string' && (k !== 'reason' || v.trim() !== '')),
        );
      } else {
        const text = await c.req.text();
        try {
          raw = text.trim() ? JSON.parse(text) : {};
        } catch {
          throw badRequest('invalid_json', 'the body must be a JSON object');
        }
      }
    }
    const parsed = PartnerAckBody.safeParse(raw);
    if (!parsed.success) {
      if (!browser) throw badRequest('validation_failed', summariseIssues(parsed.error.issues));
      const view = await read(token);
      if (!view) return invalid(c);
      return page(
        c,
        '请补充 / Please complete',
        noticeBody(view, deps) + formBody('选择“依法需要保留”时请说明依据及保存期限。 / State the basis and period.'),
        400,
      );
    }
    const result = TOKEN.test(token) ? await (await operations()).recordPartnerAck(token, parsed.data) : undefined;
    if (!result) {
      if (browser) return invalid(c);
      throw new ApiError(401, 'invalid_token', 'the acknowledgement link is not valid');
    }
    if (browser) {
      const view = await read(token);
      return page(
        c,
        '已确认 / Acknowledged',
        view ? noticeBody(view, deps) + answeredBody(view) : answeredBody({} as PartnerNoticeView),
      );
    }
    return c.json({ acknowledged: true, ...result });
  });

  return app;
}
