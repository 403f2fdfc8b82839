// What the console's request page reads besides the request itself, over the real handlers and DynamoDB Local:
// the restrictions a request made and which are lifted (GET /api/requests/{id}/restrictions), and where each export
// package's download link stands — sent, code sent, opened, downloaded, expired (GET /api/requests/{id}/exports).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../../functions/api/app.ts';
import { bearerAuthenticator, type Principal } from '../../../functions/api/auth.ts';
import { step as awaitFollowUps } from '../../../functions/await-follow-ups/step.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as planNotices } from '../../../functions/plan-notices/step.ts';
import { step as sendNotice } from '../../../functions/send-recipient-notice/step.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { downloadCode } from '../../../functions/shared/downloads/grant.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness, SALT } from './harness.ts';

const TOKENS: Record<string, Principal> = { agent: { user: 'agent1', roles: ['agent'] } };
// biome-ignore lint/suspicious/noExplicitAny: API answers read as loose JSON in assertions
type Json = Record<string, any>;

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

function apiOf(h: Awaited<ReturnType<typeof harness>>) {
  const app = createApiApp({
    ...h.deps,
    authenticate: bearerAuthenticator((t) => (t ? TOKENS[t] : undefined)),
    health: () => true,
  });
  return async (method: string, path: string, body?: unknown) => {
    const r = await app.request(path, {
      method,
      headers: { authorization: 'Bearer agent', ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, json: (await r.json()) as Json };
  };
}

describe('GET /api/requests/{id}/restrictions', () => {
  it('lists what was restricted, liftable only once the reply went, and each lift with who and how', async () => {
    const h = await harness(db);
    h.company.recipients = ['unionpay', 'lianlian_hangzhou'];
    const api = apiOf(h);
    const r = await h.create({
      rights: ['restrict'],
      verification: { level: 'strong', method: 'hotline_staff' },
      details: '请暂停用我的信息给我做营销推送和营销画像，但不要删除我的任何信息。',
    });
    expect((await api('GET', `/api/requests/${r.id}/restrictions`)).json).toEqual({
      requestId: r.id,
      restrictions: [],
      liftable: false,
    });
    await h.run(fulfilRight, { requestId: r.id, right: 'restrict' });
    const before = await api('GET', `/api/requests/${r.id}/restrictions`);
    expect(before.json.restrictions).toEqual([
      { id: 'marketing', scope: 'marketing', recipients: [], since: expect.any(String), active: true },
    ]);
    // The person lifts what the reply told them of: not before it went.
    expect(before.json.liftable).toBe(false);
    await h.run(awaitFollowUps, { requestId: r.id, taskToken: 'tok' });
    const plan = await h.run<{ notices: { partnerId: string }[] }>(planNotices, { requestId: r.id });
    for (const n of plan.notices) await h.run(sendNotice, { requestId: r.id, partnerId: n.partnerId });
    await h.run(sendReply, { requestId: r.id });
    expect((await api('GET', `/api/requests/${r.id}/restrictions`)).json.liftable).toBe(true);

    h.clock.advance(60 * 60 * 1000);
    const lift = await api('POST', `/api/requests/${r.id}/restrictions/lift`, { askedVia: 'hotline' });
    expect(lift.status).toBe(200);
    const after = await api('GET', `/api/requests/${r.id}/restrictions`);
    expect(after.json).toMatchObject({
      liftable: false,
      restrictions: [
        { id: 'marketing', lifted: { at: lift.json.lifted[0].liftedAt, by: 'agent1', askedVia: 'hotline' } },
      ],
    });
    expect((await api('GET', '/api/requests/RF-20261125-ZZZZZZ/restrictions')).status).toBe(404);
  });
});

describe('GET /api/requests/{id}/exports', () => {
  it('follows the link: sent with the reply, code by mail, opened with the code, a file downloaded, then expired', async () => {
    const h = await harness(db);
    const api = apiOf(h);
    const r = await h.create({ rights: ['access'], verification: { level: 'strong', method: 'hotline_staff' } });
    expect((await api('GET', `/api/requests/${r.id}/exports`)).json).toEqual({ requestId: r.id, items: [] });
    await h.run(fulfilRight, { requestId: r.id, right: 'access' });
    await h.run(sendReply, { requestId: r.id });
    const sent = (await api('GET', `/api/requests/${r.id}/exports`)).json.items;
    expect(sent).toEqual([
      {
        right: 'access',
        round: 1,
        files: expect.arrayContaining(['export.json']),
        issuedAt: expect.any(String),
        expiresAt: expect.any(String),
        expired: false,
        codeEntries: { used: 0, max: expect.any(Number) },
        linkSent: { at: expect.any(String), mailed: true },
        codeSent: { at: expect.any(String), via: 'email' },
      },
    ]);

    // The person opens the link with the code from the second mail and downloads a file.
    const url = new URL(
      new RegExp(`http://127\\.0\\.0\\.1:8787/download/${r.id}/access/[A-Za-z0-9_-]{32}`).exec(
        h.mailer.byKind('reply')[0]!.text,
      )![0],
    );
    const app = createApiApp({ ...h.deps, authenticate: bearerAuthenticator(() => undefined), health: () => true });
    const opened = await app.request(url.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `code=${downloadCode(SALT, r.id, 'access', 1)}`,
    });
    expect(opened.status).toBe(200);
    const link = /href="([^"]*export\.json[^"]*)"/.exec(await opened.text())![1]!.replaceAll('&amp;', '&');
    expect((await app.request(link)).status).toBe(200);
    const seen = (await api('GET', `/api/requests/${r.id}/exports`)).json.items[0];
    expect(seen).toMatchObject({
      codeEntries: { used: 1 },
      openedAt: expect.any(String),
      downloaded: { firstAt: expect.any(String), files: ['export.json'] },
      expired: false,
    });

    h.clock.t = new Date(new Date(seen.expiresAt).getTime() + 1000);
    expect((await api('GET', `/api/requests/${r.id}/exports`)).json.items[0].expired).toBe(true);
    expect((await api('GET', '/api/requests/RF-20261125-ZZZZZZ/exports')).status).toBe(404);
  });
});
