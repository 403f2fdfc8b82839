import { connect } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { calendarFor } from '../../../domain/calendar/files.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { type ApiDeps, createApiApp } from '../../../functions/api/app.ts';
import { bearerAuthenticator, cognitoAuthenticator, type Principal } from '../../../functions/api/auth.ts';
import type { ApiOperations } from '../../../functions/api/operations.ts';
import type { StepLogger } from '../../../functions/shared/deps.ts';
import type { PendingTask } from '../../../functions/shared/store/store.ts';
import type { WorkflowStore } from '../../../functions/shared/store/workflow-store.ts';
import { DEMO_ACTIVE, DEMO_MINOR } from '../../../infra/local/company/demo-customers.ts';
import { startHttpListener } from '../../../infra/local/http.ts';
import { FakeStore } from './fake-store.ts';

const TOKENS: Record<string, Principal> = {
  'agent-token-0123456789abcdef': { user: 'agent1', roles: ['agent'] },
  'officer-token-0123456789abcdef': { user: 'po1', roles: ['privacy_officer'] },
  'admin-token-0123456789abcdef': { user: 'admin1', roles: ['admin'] },
};
const AGENT = 'agent-token-0123456789abcdef';
const OFFICER = 'officer-token-0123456789abcdef';
const ADMIN = 'admin-token-0123456789abcdef';
const ACK_TOKEN = 'v1.partner-ack-token-signed-abcdef';

function setup(overrides: Partial<ApiDeps> = {}) {
  const store = new FakeStore();
  const started: string[] = [];
  const ops = {
    verifyCode: vi.fn<ApiOperations['verifyCode']>(async (_id, code) =>
      code === '123456'
        ? { verified: true, method: 'email_code' }
        : { verified: false, reason: 'wrong_code', attemptsLeft: 2 },
    ),
    recordStaffVerification: vi.fn<ApiOperations['recordStaffVerification']>(async () => undefined),
    recordDocumentReview: vi.fn<ApiOperations['recordDocumentReview']>(async () => undefined),
    receiveSmsReply: vi.fn<ApiOperations['receiveSmsReply']>(async () => ({ matched: false as const })),
    updateIdentifiers: vi.fn<ApiOperations['updateIdentifiers']>(async () => {
      throw new Error('not used here');
    }),
    decideReview: vi.fn<ApiOperations['decideReview']>(async () => undefined),
    acceptFee: vi.fn<ApiOperations['acceptFee']>(async () => undefined),
    resendVerificationCode: vi.fn<ApiOperations['resendVerificationCode']>(async () => ({ sent: true })),
    recordPartnerAck: vi.fn<ApiOperations['recordPartnerAck']>(async (t) =>
      t === ACK_TOKEN ? { requestId: 'RF-20261125-ABCDEF', partnerId: 'nucc', alreadyAcknowledged: false } : undefined,
    ),
    answerExplanation: vi.fn<ApiOperations['answerExplanation']>(async (requestId) => ({
      requestId,
      recorded: true,
      answeredAt: '2026-11-25T04:00:00.000Z',
      inReply: true,
    })),
    decideTransfer: vi.fn<ApiOperations['decideTransfer']>(async (requestId) => ({
      requestId,
      status: 'sent',
      recorded: true,
      decidedAt: '2026-11-25T04:00:00.000Z',
      inReply: true,
    })),
    liftRestrictions: vi.fn<ApiOperations['liftRestrictions']>(async (requestId) => ({
      requestId,
      lifted: [],
      newlyLifted: [],
      mailed: true,
      partnersTold: [],
    })),
    settleCorrection: vi.fn<ApiOperations['settleCorrection']>(async (requestId) => ({
      requestId,
      recorded: true,
      outcome: 'applied',
      categories: ['contact'],
      fields: [{ field: 'phone', category: 'contact', status: 'applied' }],
      appliedAt: '2026-11-25T04:00:00.000Z',
      inReply: true,
    })),
    reissueDownload: vi.fn<ApiOperations['reissueDownload']>(async () => ({
      round: 2,
      expiresAt: '2026-12-02T15:59:59.999Z',
      mailed: true,
    })),
    readPartnerNotice: vi.fn<ApiOperations['readPartnerNotice']>(async (t) =>
      t === ACK_TOKEN
        ? {
            requestId: 'RF-20261125-ABCDEF',
            partnerId: 'nucc',
            partnerName: { zh: '网联清算有限公司', en: 'NetsUnion Clearing Corporation' },
            categories: ['bank_cards', 'transactions'],
            subjectReference: [{ label: { zh: '手机号', en: 'Mobile' }, value: '139****0001' }],
            sentAt: '2026-11-25T04:00:00Z',
            ackDueBy: '2026-12-09',
            status: 'sent',
          }
        : undefined,
    ),
  };
  const logger: StepLogger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const deps: ApiDeps = {
    store: store as unknown as WorkflowStore,
    clock: { now: () => new Date('2026-11-25T04:00:00Z') },
    policy: loadPolicy(),
    calendar: calendarFor(),
    starter: {
      start: async (id) => {
        started.push(id);
      },
    },
    logger,
    config: {
      senderAddress: 'privacy@lianlianpay.com',
      privacyOfficerEmail: 'privacy@lianlianpay.com',
      partnerAckBaseUrl: 'http://127.0.0.1:8787/partner-ack/',
      subjectHashSalt: 'test-salt',
    },
    authenticate: bearerAuthenticator((t) => (t ? TOKENS[t] : undefined)),
    health: () => true,
    operations: ops,
    ...overrides,
  };
  const app = createApiApp(deps);
  async function call(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
  ) {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
    if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(path, {
      method,
      headers,
      ...(opts.raw !== undefined
        ? { body: opts.raw }
        : opts.body !== undefined
          ? { body: JSON.stringify(opts.body) }
          : {}),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely in assertions
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  }
  return { app, store, started, ops, logger, call };
}

const hotlineBody = {
  channel: 'hotline',
  rights: ['delete'],
  subject: {
    name: DEMO_ACTIVE.name,
    idNumber: DEMO_ACTIVE.idNumber,
    phone: DEMO_ACTIVE.phone,
    email: DEMO_ACTIVE.email,
    bankCardLast4: DEMO_ACTIVE.bankCardLast4,
  },
  requester: { type: 'self' },
  details: `请删除我的信息，我的手机 ${DEMO_ACTIVE.phone}`,
  language: 'zh',
};

async function createOne(t: ReturnType<typeof setup>, body: unknown = hotlineBody, headers?: Record<string, string>) {
  const r = await t.call('POST', '/api/requests', { token: AGENT, body, ...(headers ? { headers } : {}) });
  expect(r.status).toBe(201);
  return r.json.request.id as string;
}

function openTask(store: FakeStore, requestId: string, kind: PendingTask['kind']) {
  return store.putTask({
    requestId,
    kind,
    taskToken: 'secret-task-token',
    status: 'open',
    createdAt: '2026-11-25T04:00:00Z',
    assignee: kind === 'review' ? 'privacy_officer' : 'requester',
  });
}

describe('health and auth', () => {
  it('answers /health 200 when ready, 503 when not or when the check throws', async () => {
    expect((await setup().call('GET', '/health')).status).toBe(200);
    expect((await setup({ health: () => false }).call('GET', '/health')).status).toBe(503);
    const failing = setup({
      health: async () => {
        throw new Error('db down');
      },
    });
    expect((await failing.call('GET', '/health')).status).toBe(503);
  });

  it('401 without or with a bad token, in the error shape', async () => {
    const t = setup();
    for (const token of [undefined, 'nope-not-a-token']) {
      const r = await t.call('GET', '/api/requests', token ? { token } : {});
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
  });

  it('reads roles from the Cognito JWT claims in AWS', async () => {
    const t = setup({ authenticate: cognitoAuthenticator() });
    const event = (groups: unknown) => ({
      event: {
        requestContext: { authorizer: { jwt: { claims: { 'cognito:username': 'po2', 'cognito:groups': groups } } } },
      },
    });
    const review = { decision: 'proceed', exceptionCodes: [] };
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(review) };
    // Flattened by HTTP API as "[a b]": an agent only → 403; privacy_officer → past auth (404: no such request).
    expect((await t.app.request('/api/requests/RF-20261125-ABCDEF/review', init, event('[agent]'))).status).toBe(403);
    expect(
      (await t.app.request('/api/requests/RF-20261125-ABCDEF/review', init, event('[agent privacy_officer]'))).status,
    ).toBe(404);
    expect((await t.app.request('/api/requests/RF-20261125-ABCDEF/review', init, event(['admin']))).status).toBe(404);
    expect((await t.app.request('/api/requests', {}, {})).status).toBe(401);
    expect((await t.app.request('/api/requests', {}, event('[]'))).status).toBe(403);
  });
});

describe('POST /api/requests', () => {
  it('creates a request with a deadline, starts the workflow and answers masked', async () => {
    const t = setup();
    const r = await t.call('POST', '/api/requests', { token: AGENT, body: hotlineBody });
    expect(r.status).toBe(201);
    const req = r.json.request;
    expect(req.id).toMatch(/^RF-20261125-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(req).toMatchObject({
      channel: 'hotline',
      status: 'received',
      rights: ['delete'],
      minor: false,
      verification: { level: 'none' },
      deadline: { receivedOn: '2026-11-25', deadline: '2026-12-16', workingDays: 15, provisional: false },
      createdBy: 'agent1',
      masked: true,
    });
    expect(req.subject).toEqual({
      name: '李**',
      idNumber: '330106********1236',
      idNumberValid: true,
      phone: '139****0001',
      email: 'l***@example.com',
      bankCardLast4: '0047',
    });
    // No identifier in clear anywhere in the response (details included).
    for (const secret of [DEMO_ACTIVE.idNumber, DEMO_ACTIVE.phone, DEMO_ACTIVE.email, DEMO_ACTIVE.name])
      expect(r.text).not.toContain(secret);
    expect(r.json.workflowStarted).toBe(true);
    expect(t.started).toEqual([req.id]);
    // Stored unmasked, with the creating event.
    const stored = t.store.requests.get(req.id)!;
    expect(stored.subject.idNumber).toBe(DEMO_ACTIVE.idNumber);
    expect(t.store.events.get(req.id)?.[0]).toMatchObject({ type: 'request_received', actor: 'staff:agent1' });
  });

  it('records hotline verification as strong / hotline_staff when all four checks matched', async () => {
    const t = setup();
    const body = {
      ...hotlineBody,
      verifiedAtHotline: { checks: { name: true, idNumber: true, bankCard: true, phone: true } },
    };
    const r = await t.call('POST', '/api/requests', { token: AGENT, body });
    expect(r.status).toBe(201);
    expect(r.json.request.verification).toMatchObject({
      level: 'strong',
      method: 'hotline_staff',
      verifiedBy: 'agent1',
      verifiedAt: '2026-11-25T04:00:00.000Z',
    });
    const partial = {
      ...body,
      verifiedAtHotline: { checks: { name: true, idNumber: true, bankCard: false, phone: true } },
    };
    expect((await t.call('POST', '/api/requests', { token: AGENT, body: partial })).status).toBe(400);
    const web = { ...body, channel: 'web' };
    expect((await t.call('POST', '/api/requests', { token: AGENT, body: web })).status).toBe(400);
    // "All four matched" means nothing without the name and ID number whose records the answers were compared with.
    const noId = { ...body, subject: { name: DEMO_ACTIVE.name, phone: DEMO_ACTIVE.phone } };
    const refused = await t.call('POST', '/api/requests', { token: AGENT, body: noId });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json)).toContain('name and ID number');
    // The card digits and phone the caller said were compared on screen; they need not be written down.
    const nameAndId = { ...body, subject: { name: DEMO_ACTIVE.name, idNumber: DEMO_ACTIVE.idNumber } };
    expect((await t.call('POST', '/api/requests', { token: AGENT, body: nameAndId })).status).toBe(201);
  });

  it('refuses "verified on the call" for a guardian or a relative of a deceased user (400): documents only', async () => {
    const t = setup();
    const checks = { name: true, idNumber: true, bankCard: true, phone: true };
    const before = t.store.requests.size;
    for (const requester of [
      { type: 'guardian', name: DEMO_MINOR.guardian!.name, phone: DEMO_MINOR.guardian!.phone },
      { type: 'relative_of_deceased', name: '测试亲属', relation: 'child' },
    ]) {
      const r = await t.call('POST', '/api/requests', {
        token: AGENT,
        body: {
          ...hotlineBody,
          subject: { name: DEMO_MINOR.name, idNumber: DEMO_MINOR.idNumber },
          requester,
          verifiedAtHotline: { checks },
        },
      });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.json)).toContain('document review, not at the hotline');
    }
    expect(t.store.requests.size).toBe(before);
    // The same call registered without the on-call check: created, waiting for the officer's document review.
    const unverified = await t.call('POST', '/api/requests', {
      token: AGENT,
      body: {
        ...hotlineBody,
        subject: { name: DEMO_MINOR.name, idNumber: DEMO_MINOR.idNumber },
        requester: { type: 'guardian', name: DEMO_MINOR.guardian!.name },
      },
    });
    expect(unverified.status).toBe(201);
    expect(unverified.json.request.verification).toEqual({ level: 'none' });
  });

  it('keeps an invalid ID number as claimed-but-invalid and flags a child under 14', async () => {
    const t = setup();
    const invalid = await t.call('POST', '/api/requests', {
      token: AGENT,
      body: { ...hotlineBody, subject: { idNumber: '330106199003071235', phone: DEMO_ACTIVE.phone } },
    });
    expect(invalid.status).toBe(201);
    expect(invalid.json.request.subject.idNumberValid).toBe(false);
    expect(t.store.requests.get(invalid.json.request.id)?.subject.idNumber).toBe('330106199003071235');
    const child = await t.call('POST', '/api/requests', {
      token: AGENT,
      body: {
        ...hotlineBody,
        subject: { name: DEMO_MINOR.name, idNumber: DEMO_MINOR.idNumber },
        requester: { type: 'guardian', name: DEMO_MINOR.guardian!.name, phone: DEMO_MINOR.guardian!.phone },
      },
    });
    expect(child.json.request).toMatchObject({
      minor: true,
      requester: { type: 'guardian', name: '陈**', phone: '139****0003' },
    });
  });

  it('links a second request about the same subject', async () => {
    const t = setup();
    const first = await createOne(t);
    const r = await t.call('POST', '/api/requests', { token: AGENT, body: { ...hotlineBody, rights: ['access'] } });
    expect(r.json.request.linkedRequestIds).toEqual([first]);
  });

  it('400 with a summary that never echoes the values sent', async () => {
    const t = setup();
    const longId = '9'.repeat(41);
    const r = await t.call('POST', '/api/requests', {
      token: AGENT,
      body: { ...hotlineBody, rights: ['delete', 'teleport'], subject: { idNumber: longId, phone: '13912345678' } },
    });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_failed');
    expect(r.json.error.message).toMatch(/rights\[1\]/);
    expect(r.json.error.message).toMatch(/subject\.idNumber/);
    expect(r.text).not.toContain(longId);
    expect(r.text).not.toContain('13912345678');
    expect(r.text).not.toContain('teleport');
    const noIds = await t.call('POST', '/api/requests', {
      token: AGENT,
      body: { ...hotlineBody, subject: { name: 'x' } },
    });
    expect(noIds.status).toBe(400);
    const bad = await t.call('POST', '/api/requests', { token: AGENT, raw: '{"channel":' });
    expect(bad.json.error.code).toBe('invalid_json');
    expect(t.store.requests.size).toBe(0);
  });

  it('honours Idempotency-Key: the same key gives the same request, never a second one', async () => {
    const t = setup();
    const headers = { 'Idempotency-Key': 'call-2026-11-25-0001' };
    const a = await t.call('POST', '/api/requests', { token: AGENT, body: hotlineBody, headers });
    t.store.requests.get(a.json.request.id)!.status = 'checking';
    const b = await t.call('POST', '/api/requests', { token: AGENT, body: hotlineBody, headers });
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.json).toMatchObject({ replayed: true, request: { id: a.json.request.id } });
    expect(t.store.requests.size).toBe(1);
    expect(t.started).toEqual([a.json.request.id]);
    const bad = await t.call('POST', '/api/requests', {
      token: AGENT,
      body: hotlineBody,
      headers: { 'Idempotency-Key': 'a b' },
    });
    expect(bad.status).toBe(400);
  });

  it('two concurrent calls with one key create one request', async () => {
    const t = setup();
    const headers = { 'Idempotency-Key': 'dup-key' };
    const [a, b] = await Promise.all([
      t.call('POST', '/api/requests', { token: AGENT, body: hotlineBody, headers }),
      t.call('POST', '/api/requests', { token: AGENT, body: hotlineBody, headers }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.json.request.id).toBe(b.json.request.id);
    expect(t.store.requests.size).toBe(1);
  });

  it('a replay restarts a workflow that never got going', async () => {
    const failing = { start: vi.fn().mockRejectedValueOnce(new Error('sfn down')).mockResolvedValue(undefined) };
    const t = setup({ starter: failing });
    const headers = { 'Idempotency-Key': 'retry-me' };
    const a = await t.call('POST', '/api/requests', { token: AGENT, body: hotlineBody, headers });
    expect(a.status).toBe(201);
    expect(a.json.workflowStarted).toBe(false);
    const b = await t.call('POST', '/api/requests', { token: AGENT, body: hotlineBody, headers });
    expect(b.status).toBe(200);
    expect(failing.start).toHaveBeenCalledTimes(2);
  });
});

describe('GET /api/requests', () => {
  it('lists masked summaries without free text and passes filters to the store', async () => {
    const t = setup();
    await createOne(t);
    const r = await t.call('GET', '/api/requests?status=received&due_before=2026-12-16&limit=10', { token: AGENT });
    expect(r.status).toBe(200);
    expect(r.json.items).toHaveLength(1);
    expect(r.json.items[0].subject.idNumber).toBe('330106********1236');
    expect(r.json.items[0]).not.toHaveProperty('details');
    expect(r.text).not.toContain(DEMO_ACTIVE.phone);
    // Due on or before 2026-12-16 in Shanghai = before 2026-12-16T16:00Z.
    expect(t.store.lastListQuery).toEqual({ status: 'received', dueBefore: '2026-12-16T16:00:00.000Z', limit: 10 });
  });

  it('paginates with the store cursor and rejects bad filters', async () => {
    const t = setup();
    for (let i = 0; i < 3; i++) await createOne(t);
    const p1 = await t.call('GET', '/api/requests?limit=2', { token: AGENT });
    expect(p1.json.items).toHaveLength(2);
    const p2 = await t.call('GET', `/api/requests?limit=2&cursor=${p1.json.cursor}`, { token: AGENT });
    expect(p2.json.items).toHaveLength(1);
    expect(p2.json.cursor).toBeUndefined();
    for (const q of ['status=lost', 'limit=0', 'limit=1000', 'due_before=soon', 'foo=1'])
      expect((await t.call('GET', `/api/requests?${q}`, { token: AGENT })).status, q).toBe(400);
  });
});

describe('GET /api/requests/{id}', () => {
  it('shows the request masked, its timeline and open tasks without their tokens', async () => {
    const t = setup();
    const id = await createOne(t);
    await openTask(t.store, id, 'verification');
    const r = await t.call('GET', `/api/requests/${id}`, { token: AGENT });
    expect(r.status).toBe(200);
    expect(r.json.request.details).toBe('请删除我的信息，我的手机 139****0001');
    expect(r.json.timeline.map((e: { type: string }) => e.type)).toEqual(['request_received']);
    expect(r.json.openTasks).toEqual([expect.objectContaining({ kind: 'verification', status: 'open' })]);
    expect(r.text).not.toContain('secret-task-token');
    expect(r.text).not.toContain(DEMO_ACTIVE.idNumber);
  });

  it('404 for unknown or malformed ids', async () => {
    const t = setup();
    expect((await t.call('GET', '/api/requests/RF-20261125-ZZZZZZ', { token: AGENT })).json.error.code).toBe(
      'not_found',
    );
    expect((await t.call('GET', '/api/requests/whatever', { token: AGENT })).status).toBe(404);
  });

  it('reveals personal data to a privacy officer on ?reveal=1, audit-logged; never to an agent', async () => {
    const t = setup();
    const id = await createOne(t);
    expect((await t.call('GET', `/api/requests/${id}?reveal=1`, { token: AGENT })).status).toBe(403);
    const r = await t.call('GET', `/api/requests/${id}?reveal=1`, { token: OFFICER });
    expect(r.status).toBe(200);
    expect(r.json.request.subject.idNumber).toBe(DEMO_ACTIVE.idNumber);
    expect(r.json.request.masked).toBe(false);
    expect(t.store.events.get(id)?.at(-1)).toMatchObject({ type: 'personal_data_revealed', actor: 'staff:po1' });
  });
});

describe('POST /api/requests/{id}/verification', () => {
  it('409 when no verification is pending, 404 for an unknown request', async () => {
    const t = setup();
    const id = await createOne(t);
    const r = await t.call('POST', `/api/requests/${id}/verification`, { token: AGENT, body: { code: '123456' } });
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('no_pending_task');
    const unknown = await t.call('POST', '/api/requests/RF-20261125-ZZZZZZ/verification', {
      token: AGENT,
      body: { code: '123456' },
    });
    expect(unknown.status).toBe(404);
    expect(t.ops.verifyCode).not.toHaveBeenCalled();
  });

  it('passes the code on; a wrong code is 422', async () => {
    const t = setup();
    const id = await createOne(t);
    await openTask(t.store, id, 'verification');
    const ok = await t.call('POST', `/api/requests/${id}/verification`, { token: AGENT, body: { code: '123456' } });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ requestId: id, verified: true, method: 'email_code' });
    const wrong = await t.call('POST', `/api/requests/${id}/verification`, { token: AGENT, body: { code: '000000' } });
    expect(wrong.status).toBe(422);
    expect(wrong.json.error.code).toBe('wrong_code');
    expect(
      (await t.call('POST', `/api/requests/${id}/verification`, { token: AGENT, body: { code: 'abc' } })).status,
    ).toBe(400);
  });

  it('records an agent’s hotline check only when all four matched', async () => {
    const t = setup();
    const id = await createOne(t);
    await openTask(t.store, id, 'verification');
    const all = { name: true, idNumber: true, bankCard: true, phone: true };
    const byOfficer = await t.call('POST', `/api/requests/${id}/verification`, {
      token: OFFICER,
      body: { method: 'hotline_staff', checks: all },
    });
    expect(byOfficer.status).toBe(403);
    const failed = await t.call('POST', `/api/requests/${id}/verification`, {
      token: AGENT,
      body: { method: 'hotline_staff', checks: { ...all, bankCard: false } },
    });
    expect(failed.status).toBe(422);
    expect(t.store.events.get(id)?.at(-1)?.type).toBe('hotline_verification_failed');
    const ok = await t.call('POST', `/api/requests/${id}/verification`, {
      token: AGENT,
      body: { method: 'hotline_staff', checks: all },
    });
    expect(ok.status).toBe(200);
    expect(t.ops.recordStaffVerification).toHaveBeenCalledExactlyOnceWith(id, 'agent1', all);
  });
});

describe('fee acceptance and code resend', () => {
  it('records the answer to a fee quote only while one is waiting', async () => {
    const t = setup();
    const id = await createOne(t);
    const path = `/api/requests/${id}/fee-acceptance`;
    expect((await t.call('POST', path, { token: AGENT, body: { accepted: true } })).status).toBe(409);
    await openTask(t.store, id, 'fee_acceptance');
    expect((await t.call('POST', path, { token: AGENT, body: { accepted: 'yes' } })).status).toBe(400);
    const r = await t.call('POST', path, { token: AGENT, body: { accepted: false } });
    expect(r.json).toEqual({ requestId: id, accepted: false });
    expect(t.ops.acceptFee).toHaveBeenCalledExactlyOnceWith(id, false, 'agent1');
  });

  it('resends a verification code while verification is pending', async () => {
    const t = setup();
    const id = await createOne(t);
    const path = `/api/requests/${id}/verification/resend`;
    expect((await t.call('POST', path, { token: AGENT })).status).toBe(409);
    await openTask(t.store, id, 'verification');
    expect((await t.call('POST', path, { token: AGENT })).json).toEqual({ requestId: id, sent: true });
  });
});

describe('POST /api/requests/{id}/corrections', () => {
  it('hands each of the four decisions to the operation; 409 before a correction is open or for another right', async () => {
    const t = setup();
    const apply = { apply: 'proposal' };
    const notCorrect = await createOne(t);
    expect(
      (await t.call('POST', `/api/requests/${notCorrect}/corrections`, { token: AGENT, body: apply })).status,
    ).toBe(409);
    const id = await createOne(t, { ...hotlineBody, rights: ['correct'], correction: '手机号码改为13900000011' });
    // Not verified yet / FulfilRight has not opened the correction: nothing to settle.
    expect((await t.call('POST', `/api/requests/${id}/corrections`, { token: AGENT, body: apply })).status).toBe(409);
    await openTask(t.store, id, 'correction');
    const bodies = [
      apply,
      { changes: [{ field: 'phone', value: '13900000011' }] },
      { categories: ['contact'], note: '已在核心系统更正' },
      { refuse: 'unproven', note: '未提供证明' },
    ];
    for (const body of bodies) {
      const r = await t.call('POST', `/api/requests/${id}/corrections`, { token: AGENT, body });
      expect(r.status).toBe(200);
      expect(t.ops.settleCorrection).toHaveBeenLastCalledWith(id, body, 'agent1');
    }
    for (const bad of [{ categories: [] }, { changes: [{ field: 'idNumber', value: 'x' }] }, { refuse: 'because' }, {}])
      expect((await t.call('POST', `/api/requests/${id}/corrections`, { token: AGENT, body: bad })).status).toBe(400);
  });
});

describe('POST /api/requests/{id}/review', () => {
  const refuse = { decision: 'refuse', exceptionCodes: ['criminal_investigation'], reasons: '公安机关正在侦查' };

  it('403 for an agent, whatever the body', async () => {
    const t = setup();
    const id = await createOne(t);
    await openTask(t.store, id, 'review');
    expect((await t.call('POST', `/api/requests/${id}/review`, { token: AGENT, body: refuse })).status).toBe(403);
    expect((await t.call('POST', `/api/requests/${id}/review`, { token: AGENT, raw: 'nonsense' })).status).toBe(403);
    expect(t.ops.decideReview).not.toHaveBeenCalled();
  });

  it('validates decision, exception codes and reasons', async () => {
    const t = setup();
    const id = await createOne(t);
    await openTask(t.store, id, 'review');
    const bodies = [
      // A refusal names what it rests on: a basis or a §4(4) case; the officer's own words alone are not a basis.
      { decision: 'refuse' },
      { decision: 'refuse', exceptionCodes: [], reasons: '公安机关正在侦查' },
      { decision: 'partial', exceptionCodes: [], reasons: '部分保留' },
      { decision: 'refuse', exceptionCodes: ['because_i_said_so'], reasons: 'x' },
      { decision: 'maybe' },
      { decision: 'fee_quote' },
    ];
    for (const body of bodies)
      expect(
        (await t.call('POST', `/api/requests/${id}/review`, { token: OFFICER, body })).status,
        JSON.stringify(body),
      ).toBe(400);
    expect(t.ops.decideReview).not.toHaveBeenCalled();
  });

  it('409 when no review is pending; otherwise hands the decision to the review step', async () => {
    const t = setup();
    const id = await createOne(t);
    expect((await t.call('POST', `/api/requests/${id}/review`, { token: OFFICER, body: refuse })).status).toBe(409);
    await openTask(t.store, id, 'review');
    const r = await t.call('POST', `/api/requests/${id}/review`, { token: ADMIN, body: refuse });
    expect(r.status).toBe(200);
    // The schema fills the defaults: no chosen bases (the §4(4) code maps to its own basis in the step).
    expect(t.ops.decideReview).toHaveBeenCalledExactlyOnceWith(id, 'admin1', { ...refuse, bases: [] });
  });

  it('a review decided meanwhile (Task.NotOpen from the step) is 409', async () => {
    const t = setup();
    const id = await createOne(t);
    await openTask(t.store, id, 'review');
    t.ops.decideReview.mockRejectedValueOnce(Object.assign(new Error('x'), { name: 'Task.NotOpen' }));
    const r = await t.call('POST', `/api/requests/${id}/review`, { token: OFFICER, body: refuse });
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('no_pending_task');
  });

  it('maps a version conflict from the step to 409 and an unexpected error to a bare 500', async () => {
    const t = setup();
    const id = await createOne(t);
    await openTask(t.store, id, 'review');
    t.ops.decideReview.mockRejectedValueOnce(Object.assign(new Error('v'), { name: 'VersionConflict' }));
    const c = await t.call('POST', `/api/requests/${id}/review`, { token: OFFICER, body: refuse });
    expect(c.status).toBe(409);
    expect(c.json.error.code).toBe('version_conflict');
    t.ops.decideReview.mockRejectedValueOnce(new Error(`boom for ${DEMO_ACTIVE.idNumber} at /srv/secret.ts:12`));
    const e = await t.call('POST', `/api/requests/${id}/review`, { token: OFFICER, body: refuse });
    expect(e.status).toBe(500);
    expect(e.json).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(JSON.stringify(vi.mocked(t.logger.error).mock.calls)).not.toContain(DEMO_ACTIVE.idNumber);
  });
});

describe('outbox, partner acknowledgements, OpenAPI', () => {
  it('GET /api/outbox is 404 without a local outbox, lists it when there is one', async () => {
    expect((await setup().call('GET', '/api/outbox', { token: AGENT })).status).toBe(404);
    const list = vi.fn(async () => [{ messageId: 'm1', kind: 'ack' }]);
    const t = setup({ outbox: { list } });
    const r = await t.call('GET', '/api/outbox?requestId=RF-20261125-ABCDEF', { token: AGENT });
    expect(r.json).toEqual({ items: [{ messageId: 'm1', kind: 'ack' }] });
    expect(list).toHaveBeenCalledWith({ requestId: 'RF-20261125-ABCDEF', limit: 200 });
    expect((await t.call('GET', '/api/outbox')).status).toBe(401);
  });

  it('POST /partner-ack/{token} needs no bearer token; a bad token is 401', async () => {
    const t = setup();
    const ok = await t.call('POST', `/partner-ack/${ACK_TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({
      acknowledged: true,
      requestId: 'RF-20261125-ABCDEF',
      partnerId: 'nucc',
      alreadyAcknowledged: false,
    });
    expect((await t.call('POST', '/partner-ack/v1.forged-token-0000000000')).status).toBe(401);
    const page = await t.call('GET', `/partner-ack/${ACK_TOKEN}`);
    expect(page.text).toContain('<form method="post">');
    expect(t.ops.recordPartnerAck).toHaveBeenCalledTimes(2);
  });

  it('serves an OpenAPI document generated from the same schemas', async () => {
    const r = await setup().call('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.1.0');
    const schema = r.json.paths['/api/requests'].post.requestBody.content['application/json'].schema;
    expect(schema.properties.rights.items.enum).toContain('cancel_quickpay');
  });

  it('rejects oversized bodies with 413 in the error shape', async () => {
    const r = await setup().call('POST', '/api/requests', {
      token: AGENT,
      body: { ...hotlineBody, details: 'x'.repeat(300 * 1024) },
    });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('too_large');
  });

  it('unknown routes answer in the error shape', async () => {
    const r = await setup().call('GET', '/nowhere');
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not_found');
  });
});

describe('POST /api/requests/{id}/retry', () => {
  function withAttempts() {
    const attempts: { id: string; attempt?: number }[] = [];
    const t = setup({
      starter: {
        start: async (id, options) => {
          attempts.push({ id, ...(options?.attempt ? { attempt: options.attempt } : {}) });
        },
      },
    });
    return { t, attempts };
  }
  async function failOne(t: ReturnType<typeof setup>) {
    const id = await createOne(t);
    const r = (await t.store.getRequest(id))!;
    await t.store.updateRequest(id, r.version, { status: 'failed' });
    return id;
  }

  it('restarts a failed request under a new attempt number each time, for an admin only', async () => {
    const { t, attempts } = withAttempts();
    const id = await failOne(t);
    expect((await t.call('POST', `/api/requests/${id}/retry`, { token: AGENT })).status).toBe(403);
    expect((await t.call('POST', `/api/requests/${id}/retry`, { token: OFFICER })).status).toBe(403);
    const first = await t.call('POST', `/api/requests/${id}/retry`, { token: ADMIN });
    expect(first.status).toBe(202);
    expect(first.json).toEqual({ requestId: id, attempt: 1, started: true });
    const second = await t.call('POST', `/api/requests/${id}/retry`, { token: ADMIN });
    expect(second.json.attempt).toBe(2);
    expect(attempts.filter((a) => a.attempt)).toEqual([
      { id, attempt: 1 },
      { id, attempt: 2 },
    ]);
    const events = await t.store.listEvents(id);
    expect(events.filter((e) => e.type === 'retry_requested').map((e) => e.data?.['attempt'])).toEqual([1, 2]);
  });

  it('refuses a request that has not failed (409) and an unknown one (404)', async () => {
    const { t } = withAttempts();
    const id = await createOne(t);
    const res = await t.call('POST', `/api/requests/${id}/retry`, { token: ADMIN });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('invalid_state');
    expect((await t.call('POST', '/api/requests/RF-20261125-ZZZZZZ/retry', { token: ADMIN })).status).toBe(404);
  });
});

describe('body-less POSTs over real HTTP (the local listener, as npm start serves them)', () => {
  /** Writes the request's bytes exactly as given (no client adds or drops a header) and reads the status line. */
  function rawRequest(port: number, head: string[], body = ''): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (d) => chunks.push(d));
      socket.on('error', reject);
      socket.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), text });
      });
      socket.write(`${[...head, 'Host: 127.0.0.1', 'Connection: close'].join('\r\n')}\r\n\r\n${body}`);
    });
  }

  async function served(t: ReturnType<typeof setup>) {
    const http = await startHttpListener({ port: 0 });
    http.setHandler((request) => t.app.fetch(request));
    return http;
  }

  it("a partner's POST with Content-Length: 0, or with no length at all, is the answer 'completed'", async () => {
    const t = setup();
    const http = await served(t);
    try {
      const path = `/partner-ack/${ACK_TOKEN}`;
      // What a browser's or fetch's bare POST sends: Content-Length: 0 and no Content-Type.
      const bare = await fetch(`http://127.0.0.1:${http.port}${path}`, { method: 'POST' });
      expect(bare.status).toBe(200);
      expect(await bare.json()).toMatchObject({ acknowledged: true, partnerId: 'nucc' });
      const zero = await rawRequest(http.port, [`POST ${path} HTTP/1.1`, 'Content-Length: 0']);
      expect(zero.status).toBe(200);
      expect(zero.text).toContain('"acknowledged":true');
      // `curl -X POST`: neither Content-Length nor Transfer-Encoding, so no body (RFC 9112 §6.3).
      expect((await rawRequest(http.port, [`POST ${path} HTTP/1.1`])).status).toBe(200);
      // A JSON type with nothing after it is no body either.
      const typed = await rawRequest(http.port, [
        `POST ${path} HTTP/1.1`,
        'Content-Type: application/json',
        'Content-Length: 0',
      ]);
      expect(typed.status).toBe(200);
      expect(t.ops.recordPartnerAck).toHaveBeenCalledTimes(4);
      for (const call of t.ops.recordPartnerAck.mock.calls) expect(call[1]).toEqual({ answer: 'completed' });
      // A body that is there is still judged by its type: text is a 415, over HTTP as in process.
      const text = await rawRequest(
        http.port,
        [`POST ${path} HTTP/1.1`, 'Content-Type: text/plain', 'Content-Length: 9'],
        'completed',
      );
      expect(text.status).toBe(415);
      expect(text.text).toContain('unsupported_media_type');
      const untyped = await rawRequest(http.port, [`POST ${path} HTTP/1.1`, 'Content-Length: 2'], '{}');
      expect(untyped.status).toBe(415);
      expect(t.ops.recordPartnerAck).toHaveBeenCalledTimes(4);
    } finally {
      await http.close();
    }
  });

  it('the staff routes that take no body answer the same with Content-Length: 0; a required body is a 400', async () => {
    const t = setup();
    const http = await served(t);
    try {
      const id = await createOne(t);
      await openTask(t.store, id, 'verification');
      const post = (path: string, token: string) =>
        rawRequest(http.port, [`POST ${path} HTTP/1.1`, `Authorization: Bearer ${token}`, 'Content-Length: 0']);
      const resend = await post(`/api/requests/${id}/verification/resend`, AGENT);
      expect(resend.status).toBe(200);
      expect(resend.text).toContain('"sent":true');
      // No export was made for this request: the route's own answer, not the media-type guard's.
      const reissue = await post(`/api/requests/${id}/exports/copy/reissue`, AGENT);
      expect(reissue.status).toBe(409);
      expect(reissue.text).not.toContain('unsupported_media_type');
      const current = (await t.store.getRequest(id))!;
      await t.store.updateRequest(id, current.version, { status: 'failed' });
      expect((await post(`/api/requests/${id}/retry`, ADMIN)).status).toBe(202);
      // A route whose body is required says the body is missing (400), not that its type is wrong (415).
      const review = await post(`/api/requests/${id}/fee-acceptance`, AGENT);
      expect(review.status).toBe(400);
      expect(review.text).toContain('invalid_json');
    } finally {
      await http.close();
    }
  });
});
