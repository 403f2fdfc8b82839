// Console sessions: the password signs in to an httpOnly, SameSite=Strict cookie; writes with the cookie need the
// CSRF token (and our own Origin); bearer tokens keep working without either; signing out ends the cookie.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { calendarFor } from '../../../domain/calendar/files.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { createApiApp } from '../../../functions/api/app.ts';
import { bearerAuthenticator, type Principal } from '../../../functions/api/auth.ts';
import type { WorkflowStore } from '../../../functions/shared/store/workflow-store.ts';
import { FakeStore } from './fake-store.ts';

const AGENT: Principal = { user: 'agent', roles: ['agent'] };
let now = Date.parse('2026-11-25T04:00:00Z');
// Sessions age in real time (Date.now), not on the workflow's clock.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
});
afterEach(() => vi.useRealTimers());
const advance = (ms: number) => {
  now += ms;
  vi.setSystemTime(now);
};

function setup() {
  const app = createApiApp({
    store: new FakeStore() as unknown as WorkflowStore,
    clock: { now: () => new Date(now) },
    policy: loadPolicy(),
    calendar: calendarFor(),
    starter: { start: async () => undefined },
    logger: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    config: {
      senderAddress: 'privacy@lianlianpay.com',
      privacyOfficerEmail: 'privacy@lianlianpay.com',
      partnerAckBaseUrl: 'http://127.0.0.1:8787/partner-ack/',
      subjectHashSalt: 'test-salt',
    },
    authenticate: bearerAuthenticator((t) => (t === 'script-token-0123456789' ? AGENT : undefined)),
    health: () => true,
    passwordSignIn: (u, p) => (u === 'agent' && p === 'correct horse battery' ? AGENT : undefined),
  });
  return app;
}

async function signIn(app: ReturnType<typeof setup>) {
  const r = await app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'agent', password: 'correct horse battery' }),
  });
  expect(r.status).toBe(200);
  const setCookie = r.headers.get('set-cookie') ?? '';
  const body = (await r.json()) as { csrfToken: string; user: string; roles: string[] };
  return { cookie: setCookie.split(';')[0]!, setCookie, body };
}

const hotline = JSON.stringify({ channel: 'hotline', rights: ['access'], subject: { phone: '13900000001' } });

describe('console sessions', () => {
  it('signs in to an httpOnly, SameSite=Strict cookie and returns the CSRF token, never the password', async () => {
    const app = setup();
    const { setCookie, body, cookie } = await signIn(app);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(body).toMatchObject({ user: 'agent', roles: ['agent'], csrfToken: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain('correct horse');
    const me = await app.request('/api/session', { headers: { cookie } });
    expect(await me.json()).toMatchObject({ user: 'agent', via: 'session', csrfToken: body.csrfToken });
  });

  it('reads with the cookie; writes need the CSRF token and our own Origin', async () => {
    const app = setup();
    const { cookie, body } = await signIn(app);
    expect((await app.request('/api/requests', { headers: { cookie } })).status).toBe(200);
    const post = (headers: Record<string, string>) =>
      app.request('/api/requests', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: hotline,
      });
    expect((await post({})).status).toBe(403);
    expect((await post({ 'x-csrf-token': 'guessed' })).status).toBe(403);
    expect((await post({ 'x-csrf-token': body.csrfToken, origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({ 'x-csrf-token': body.csrfToken, origin: 'http://localhost' })).status).toBe(201);
  });

  it('bearer tokens keep working for scripts, without cookie or CSRF token', async () => {
    const app = setup();
    const r = await app.request('/api/requests', {
      method: 'POST',
      headers: { authorization: 'Bearer script-token-0123456789', 'content-type': 'application/json' },
      body: hotline,
    });
    expect(r.status).toBe(201);
  });

  it('signing out ends the session; an idle session expires', async () => {
    const app = setup();
    const a = await signIn(app);
    const out = await app.request('/api/session', {
      method: 'DELETE',
      headers: { cookie: a.cookie, 'x-csrf-token': a.body.csrfToken },
    });
    expect(out.status).toBe(200);
    expect((await app.request('/api/requests', { headers: { cookie: a.cookie } })).status).toBe(401);
    const b = await signIn(app);
    advance(3 * 3600_000);
    expect((await app.request('/api/requests', { headers: { cookie: b.cookie } })).status).toBe(401);
  });

  it('a wrong password is a 401; five in a row pause the user (429) even for the right one', async () => {
    const app = setup();
    const attempt = (password: string) =>
      app.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'agent', password }),
      });
    for (let i = 0; i < 5; i++) expect((await attempt(`nope-${i}`)).status).toBe(401);
    expect((await attempt('correct horse battery')).status).toBe(429);
    advance(6 * 60_000);
    expect((await attempt('correct horse battery')).status).toBe(200);
  });
});
