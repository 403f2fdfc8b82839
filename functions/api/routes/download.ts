// Export downloads for the person (no bearer token: the link's secret and the one-time code sent on a second channel
// authorise). GET shows the code form (mail scanners follow links; nothing is disclosed or counted); POST checks
// the code (every entry counts against the link's attempts) and lists the files behind short-lived links; each file
// fetched is audited. Pages are never cached, framed or referred onwards (the URL holds the secret).

import type { Context } from 'hono';
import { Hono } from 'hono';
import { escapeHtml } from '../../../domain/exports/index.ts';
import { RequestId } from '../../../domain/request/model.ts';
import { readPackage } from '../../fulfil-right/rights/export.ts';
import {
  codeMatches,
  GRANT_KINDS,
  type GrantKind,
  linkState,
  sessionToken,
  sessionValid,
} from '../../shared/downloads/grant.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { errorBody } from '../errors.ts';
import { DownloadCodeBody } from '../schemas.ts';
import { jsonBody, parseWith } from './json.ts';

const SECRET = /^[A-Za-z0-9_-]{16,64}$/;
const FILE = /^[a-z_.]{1,40}$/;

const HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

function page(c: Context, status: 200 | 404 | 410 | 422, title: string, body: string) {
  return c.html(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:40em}input{font-size:1.4em;width:7em;letter-spacing:.2em}</style></head><body>${body}</body></html>`,
    status,
  );
}

const GONE = (hotline: string) =>
  `<h1>下载链接已失效</h1><p>该链接已过期或提取码尝试次数已用完。请回复我们的答复函，或拨打全球服务热线 ${escapeHtml(hotline)}，申请重新发送下载链接。</p>
<p>This download link has expired or its code entries are used up. Reply to our letter or call ${escapeHtml(hotline)} for a new link.</p>`;
const UNKNOWN = '<h1>链接无效</h1><p>The link is not valid.</p>';

// The receiving company of a portability transfer (`transfer`) fetches someone else's data, at that person's request.
const HEADING = {
  person: '获取您的个人信息 / Your personal information',
  transfer: "获取个人信息主体要求转移的个人信息 / Personal information transferred at its subject's request",
};

function form(kind: GrantKind, error?: string) {
  return `<h1>${kind === 'transfer' ? HEADING.transfer : HEADING.person}</h1>
<p>请输入我们另行发送的6位提取码（短信或电子邮件）。<br>Enter the 6-digit code we sent separately (SMS or e-mail).</p>
${error ? `<p role="alert"><strong>${error}</strong></p>` : ''}
<form method="post"><input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required> <button type="submit">打开 / Open</button></form>`;
}

/** Who opens a link: the person, or the receiving company of a transfer (the audit trail tells them apart). */
const actorOf = (kind: GrantKind) => (kind === 'transfer' ? 'receiver' : 'requester');

export function downloadRoutes(deps: ApiDeps) {
  const { store, clock, config, policy } = deps;
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(HEADERS)) c.header(k, v);
  });

  async function grantOf(c: Context) {
    const id = c.req.param('id') ?? '';
    const right = c.req.param('right') as GrantKind;
    const secret = c.req.param('secret') ?? '';
    if (!RequestId.safeParse(id).success || !GRANT_KINDS.includes(right) || !SECRET.test(secret)) return undefined;
    const grant = await store.getDownloadGrant(id, right);
    return { grant, state: linkState(config.subjectHashSalt, grant, secret, clock.now()) };
  }

  app.get('/:id/:right/:secret', async (c) => {
    const found = await grantOf(c);
    if (!found || found.state === 'unknown') return page(c, 404, '链接无效', UNKNOWN);
    if (found.state !== 'ok') return page(c, 410, '链接已失效', GONE(policy.contacts.hotline));
    return page(c, 200, '个人信息下载', form(found.grant?.right ?? 'access'));
  });

  app.post('/:id/:right/:secret', async (c) => {
    // A browser posts the form; a script (or a test) posts JSON and gets JSON back.
    const wantsJson = (c.req.header('content-type') ?? '').includes('json');
    const code = wantsJson
      ? parseWith(DownloadCodeBody, await jsonBody(c)).code
      : String((await c.req.parseBody().catch(() => ({}) as Record<string, unknown>))['code'] ?? '').trim();
    const gone = () =>
      wantsJson
        ? c.json(errorBody('link_gone', 'the link has expired or its code entries are used up'), 410)
        : page(c, 410, '链接已失效', GONE(policy.contacts.hotline));
    const found = await grantOf(c);
    if (!found || found.state === 'unknown' || !found.grant)
      return wantsJson ? c.json(errorBody('not_found', 'no such link'), 404) : page(c, 404, '链接无效', UNKNOWN);
    if (found.state !== 'ok') return gone();
    const { grant } = found;
    const count = await store.countDownloadAttempt(grant.requestId, grant.right);
    if (count === undefined) return gone();
    const left = grant.maxAttempts - count;
    if (!/^\d{6}$/.test(code) || !codeMatches(config.subjectHashSalt, grant, code)) {
      await store.appendEvent(grant.requestId, {
        type: 'download_code_rejected',
        actor: actorOf(grant.right),
        data: { right: grant.right, round: grant.round, attemptsLeft: left },
      });
      if (left <= 0) return gone();
      const message = `提取码不正确，还可尝试${left}次。/ Wrong code: ${left} attempt(s) left.`;
      return wantsJson
        ? c.json({ ...errorBody('wrong_code', message), attemptsLeft: left }, 422)
        : page(c, 422, '提取码错误', form(grant.right, message));
    }
    await store.appendEvent(grant.requestId, {
      type: 'download_opened',
      actor: actorOf(grant.right),
      data: { right: grant.right, round: grant.round },
    });
    const until = new Date(clock.now().getTime() + policy.settings.exports.sessionMinutes * 60_000);
    const s = encodeURIComponent(sessionToken(config.subjectHashSalt, grant, until));
    const base = c.req.path.replace(/\/$/, '');
    const files = grant.files.map((name) => ({ name, url: `${base}/files/${name}?s=${s}` }));
    if (wantsJson) return c.json({ files, validUntil: until.toISOString() });
    const items = files.map((f) => `<li><a href="${escapeHtml(f.url)}">${escapeHtml(f.name)}</a></li>`).join('\n');
    const minutes = policy.settings.exports.sessionMinutes;
    return page(
      c,
      200,
      '个人信息下载',
      `<h1>${grant.right === 'transfer' ? '个人信息文件 / Files' : '您的个人信息文件 / Your files'}</h1>
<p>以下链接在${minutes}分钟内有效。summary.html 为中文可读摘要；export.json 为完整数据，结构说明见 export.schema.json；CSV 文件可用表格软件打开。<br>
These links work for ${minutes} minutes. summary.html is a readable summary in Chinese; export.json holds the complete data (described by export.schema.json); CSV files open in spreadsheets.</p>
<ul>
${items}
</ul>`,
    );
  });

  app.get('/:id/:right/:secret/files/:name', async (c) => {
    const found = await grantOf(c);
    if (!found || found.state === 'unknown' || !found.grant) return page(c, 404, '链接无效', UNKNOWN);
    // Files stay reachable for the session even once the code entries are used up; not after the link expired.
    if (found.state === 'expired') return page(c, 410, '链接已失效', GONE(policy.contacts.hotline));
    const { grant } = found;
    const name = c.req.param('name');
    const token = c.req.query('s') ?? '';
    if (
      !FILE.test(name) ||
      !grant.files.includes(name) ||
      !sessionValid(config.subjectHashSalt, grant, token, clock.now())
    )
      return page(c, 404, '链接无效', UNKNOWN);
    if (!deps.blobs || !deps.cipher) return page(c, 404, '链接无效', UNKNOWN);
    const pkg = await readPackage({ blobs: deps.blobs, cipher: deps.cipher }, grant.exportKey);
    const file = pkg.files.find((f) => f.name === name);
    if (!file) return page(c, 404, '链接无效', UNKNOWN);
    await store.appendEvent(grant.requestId, {
      type: grant.right === 'transfer' ? 'transfer_downloaded' : 'export_downloaded',
      actor: actorOf(grant.right),
      data: { right: grant.right, round: grant.round, file: name },
    });
    c.header('content-type', file.contentType);
    c.header('content-disposition', `attachment; filename="${grant.requestId}-${name}"`);
    return c.body(file.body);
  });

  return app;
}
