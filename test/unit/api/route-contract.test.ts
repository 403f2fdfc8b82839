// The route table (functions/api/contract.ts) against the app: the app serves exactly the table's routes, the
// OpenAPI document lists them with their query parameters, and every route's error statuses are produced. The
// generic cases (400 unknown query key, 401, 403, 404 unknown id, 413, 415) are generated from the table; the
// route-specific ones (409, 422, 429, …) must have a scenario below, so a new route with a new status fails here
// until someone shows it happens.

import { describe, expect, it, vi } from 'vitest';
import { calendarFor } from '../../../domain/calendar/files.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { FeeError } from '../../../domain/rules/index.ts';
import { type ApiDeps, createApiApp } from '../../../functions/api/app.ts';
import { bearerAuthenticator, type Principal } from '../../../functions/api/auth.ts';
import { errorStatuses, ROUTES, type RouteSpec, rolesOf } from '../../../functions/api/contract.ts';
import { openApiDocument } from '../../../functions/api/openapi.ts';
import type { ApiOperations } from '../../../functions/api/operations.ts';
import { ExplanationNotAnswerable } from '../../../functions/fulfil-right/answer-explanation.ts';
import { TransferNotDecidable } from '../../../functions/fulfil-right/decide-transfer.ts';
import { quarantineId } from '../../../functions/intake/quarantine.ts';
import { downloadCode, downloadSecret, newGrant } from '../../../functions/shared/downloads/grant.ts';
import { buildNewRequest } from '../../../functions/shared/requests.ts';
import type { WorkflowStore } from '../../../functions/shared/store/workflow-store.ts';
import { DEMO_ACTIVE } from '../../../infra/local/company/demo-customers.ts';
import { FakeStore } from './fake-store.ts';

const TOKENS: Record<string, Principal> = {
  agent: { user: 'agent1', roles: ['agent'] },
  officer: { user: 'po1', roles: ['privacy_officer'] },
  admin: { user: 'admin1', roles: ['admin'] },
  norole: { user: 'nobody', roles: [] },
};
const NOW = new Date('2026-11-25T04:00:00Z');
const KNOWN = 'RF-20261125-AAAAAA';
const SMS_SECRET = `whsec_${Buffer.from('route-contract-sms-gateway-key-1').toString('base64')}`;
const UNKNOWN = 'RF-20261125-ZZZZZZ';
/** A quarantined mail (the intake's record; its raw copy is not needed for the refusals tested here). */
const SPAM = {
  key: 'msgid:<spam-1@example.net>',
  kind: 'spam' as const,
  signal: 'spam_verdict',
  rawKey: 'raw/2026/11/spam-1.eml',
  receivedAt: '2026-11-25T03:00:00.000Z',
};

function setup(overrides: Partial<ApiDeps> = {}) {
  const store = new FakeStore();
  const ops: ApiOperations = {
    verifyCode: vi.fn(async () => ({ verified: false as const, reason: 'wrong_code' as const, attemptsLeft: 2 })),
    recordStaffVerification: vi.fn(async () => undefined),
    decideReview: vi.fn(async () => undefined),
    acceptFee: vi.fn(async () => undefined),
    resendVerificationCode: vi.fn(async () => ({ sent: true as const })),
    recordPartnerAck: vi.fn(async () => undefined),
    readPartnerNotice: vi.fn(async () => undefined),
    settleCorrection: vi.fn(async (requestId: string) => ({
      requestId,
      recorded: true,
      outcome: 'applied' as const,
      categories: [],
      fields: [],
      appliedAt: '2026-11-25T04:00:00.000Z',
      inReply: true,
    })),
    recordDocumentReview: vi.fn(async () => undefined),
    updateIdentifiers: vi.fn(async () => {
      throw new Error('the route refuses first in these scenarios');
    }),
    receiveSmsReply: vi.fn(async () => ({ matched: false as const })),
    reissueDownload: vi.fn(async () => ({ round: 2, expiresAt: '2026-12-02T15:59:59.999Z', mailed: true })),
    answerExplanation: vi.fn(async () => {
      throw new ExplanationNotAnswerable('content', 'answer_not_allowed', 'the answer carries an ID number');
    }),
    decideTransfer: vi.fn(async () => {
      throw new TransferNotDecidable('content', 'invalid_address', 'give the receiving address as an e-mail address');
    }),
    liftRestrictions: vi.fn(async () => {
      throw Object.assign(new Error('not a restriction of this request: sharing:nobody'), {
        name: 'Restriction.Unknown',
      });
    }),
  };
  const deps: ApiDeps = {
    store: store as unknown as WorkflowStore,
    clock: { now: () => NOW },
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
    authenticate: bearerAuthenticator((t) => (t ? TOKENS[t] : undefined)),
    health: () => true,
    operations: ops,
    outbox: { list: async () => [] },
    smsGatewaySecret: SMS_SECRET,
    passwordSignIn: (user, password) =>
      user === 'agent' && password === 'right-password-123' ? TOKENS['agent'] : undefined,
    ...overrides,
  };
  // One stored request: a hotline deletion waiting on nothing (so every step route is a 409 for it).
  const request = buildNewRequest({
    id: KNOWN,
    channel: 'hotline',
    rights: ['delete'],
    language: 'zh',
    subject: { name: DEMO_ACTIVE.name, phone: DEMO_ACTIVE.phone },
    minor: false,
    requester: { type: 'self' },
    verification: { level: 'none' },
    receivedAt: NOW,
    deadline: {
      receivedOn: '2026-11-25',
      deadline: '2026-12-16',
      deadlineAt: '2026-12-16T15:59:59.999Z',
      workingDays: 15,
      provisional: false,
      clockStart: 'receipt',
    },
    source: {},
    linkedRequestIds: [],
  });
  store.requests.set(KNOWN, { ...request, status: 'under_review' });
  const app = createApiApp(deps);
  async function call(
    method: string,
    path: string,
    opts: { token?: string; body?: string; type?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
    if (opts.type) headers['content-type'] = opts.type;
    return app.request(path, {
      method: method.toUpperCase(),
      headers,
      ...(opts.body !== undefined ? { body: opts.body } : {}),
    });
  }
  return { app, store, ops, call };
}

/** A valid body per route, so that generated cases get past validation to the status they test. */
const VALID_BODY: Record<string, unknown> = {
  'post /api/session': { user: 'agent', password: 'wrong-password-000' },
  'post /api/requests': {
    channel: 'hotline',
    rights: ['access'],
    subject: { name: DEMO_ACTIVE.name, phone: DEMO_ACTIVE.phone },
  },
  'post /api/requests/duplicates': { subject: { phone: DEMO_ACTIVE.phone } },
  'post /api/requests/{id}/verification': { code: '123456' },
  'post /api/requests/{id}/fee-acceptance': { accepted: true },
  'post /api/requests/{id}/review': { decision: 'proceed' },
  'post /api/requests/{id}/corrections': { categories: ['contact'], note: '手机号已更新' },
  'post /api/requests/{id}/restrictions/lift': { askedVia: 'hotline' },
  'post /api/requests/{id}/explanation': { answer: { zh: '我们收集设备信息是为了识别交易风险，保障账户安全。' } },
  'post /api/requests/{id}/transfer': { confirm: { name: '某某支付有限公司', email: 'dpo@receiver.example' } },
  'post /api/requests/{id}/triage': { notARequest: true },
  'post /api/requests/{id}/letters/{key}/delivered': { method: 'phone' },
  'post /partner-ack/{token}': { answer: 'completed' },
  'post /api/requests/{id}/identifiers': { subject: { phone: DEMO_ACTIVE.phone }, reason: '来电核实' },
  'post /api/requests/{id}/child-data': { decision: 'deleted', note: '已在业务系统删除' },
  'post /sms-inbound': { from: '+8613900000001', text: '123456' },
  'post /download/{id}/{right}/{secret}': { code: '123456' },
};
const key = (s: RouteSpec) => `${s.method} ${s.path}`;
const concrete = (s: RouteSpec, id = KNOWN) =>
  s.path
    .replace('{id}', id)
    .replace('{key}', encodeURIComponent(`reply:${id}`))
    .replace('{token}', 'bm90LW91ci10b2tlbi1hdC1hbGw.c2lnbmF0dXJl');
const tokenFor = (s: RouteSpec) =>
  s.auth === 'staff' ? (rolesOf(s).includes('admin') ? 'admin' : 'officer') : undefined;

type Scenario = (t: ReturnType<typeof setup>) => Promise<Response>;
const json = (body: unknown) => ({ body: JSON.stringify(body), type: 'application/json' });

/** Route-specific statuses: one scenario each, keyed `method path status`. */
const SCENARIOS: Record<string, Scenario> = {
  'post /api/session 401': (t) => t.call('post', '/api/session', json(VALID_BODY['post /api/session'])),
  'post /api/session 404': () =>
    setup({ passwordSignIn: undefined }).call('post', '/api/session', json({ user: 'agent', password: 'x' })),
  'post /api/session 429': async (t) => {
    for (let i = 0; i < 5; i++) await t.call('post', '/api/session', json({ user: 'agent', password: `wrong-${i}` }));
    return t.call('post', '/api/session', json({ user: 'agent', password: 'right-password-123' }));
  },
  'post /api/requests 422': async (t) => {
    const headers = { 'idempotency-key': 'form-1' };
    const first = await t.call('post', '/api/requests', {
      token: 'agent',
      headers,
      ...json(VALID_BODY['post /api/requests']),
    });
    expect(first.status).toBe(201);
    const other = { ...(VALID_BODY['post /api/requests'] as object), rights: ['delete'] };
    return t.call('post', '/api/requests', { token: 'agent', headers, ...json(other) });
  },
  'post /api/requests/{id}/verification 409': (t) =>
    t.call('post', `/api/requests/${KNOWN}/verification`, { token: 'agent', ...json({ code: '123456' }) }),
  'post /api/requests/{id}/verification 422': async (t) => {
    await t.store.putTask({
      requestId: KNOWN,
      kind: 'verification',
      taskToken: 'x',
      status: 'open',
      createdAt: NOW.toISOString(),
    });
    return t.call('post', `/api/requests/${KNOWN}/verification`, { token: 'agent', ...json({ code: '000000' }) });
  },
  'post /api/requests/{id}/verification/resend 409': (t) =>
    t.call('post', `/api/requests/${KNOWN}/verification/resend`, { token: 'agent' }),
  'post /api/requests/{id}/fee-acceptance 409': (t) =>
    t.call('post', `/api/requests/${KNOWN}/fee-acceptance`, { token: 'agent', ...json({ accepted: true }) }),
  'post /api/requests/{id}/review 409': (t) =>
    t.call('post', `/api/requests/${KNOWN}/review`, { token: 'officer', ...json({ decision: 'proceed' }) }),
  'post /api/requests/{id}/review 422': async () => {
    // The operation finds the fee unlawful (request-fee-acceptance/quote.ts): the officer reads why.
    const t = setup();
    await t.store.putTask({
      requestId: KNOWN,
      kind: 'review',
      taskToken: 'x',
      status: 'open',
      createdAt: NOW.toISOString(),
    });
    const decide = t.ops.decideReview as ReturnType<typeof vi.fn>;
    decide.mockRejectedValueOnce(
      new FeeError(
        'a fee may be charged only for portability (NDSR art. 25 ¶2); this request also asks for deletion (删除)',
      ),
    );
    const res = await t.call('post', `/api/requests/${KNOWN}/review`, {
      token: 'officer',
      ...json({ decision: 'fee_quote', fee: { amount: 30 } }),
    });
    const body = (await res.clone().json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('fee_not_allowed');
    expect(body.error.message).toMatch(/deletion \(删除\)/);
    return res;
  },
  'post /api/requests/{id}/corrections 409': (t) =>
    t.call('post', `/api/requests/${KNOWN}/corrections`, {
      token: 'agent',
      ...json(VALID_BODY['post /api/requests/{id}/corrections']),
    }),
  // The stored request asks for a deletion, not a restriction.
  'post /api/requests/{id}/explanation 409': (t) =>
    t.call('post', `/api/requests/${KNOWN}/explanation`, {
      token: 'officer',
      ...json(VALID_BODY['post /api/requests/{id}/explanation']),
    }),
  'post /api/requests/{id}/explanation 422': async (t) => {
    const known = t.store.requests.get(KNOWN)!;
    t.store.requests.set(KNOWN, { ...known, rights: ['explain'] });
    await t.store.putTask({
      requestId: KNOWN,
      kind: 'explanation',
      taskToken: 'none',
      status: 'open',
      createdAt: NOW.toISOString(),
    });
    return t.call('post', `/api/requests/${KNOWN}/explanation`, {
      token: 'officer',
      ...json({ answer: { zh: '您的身份证号110101199003074514已登记，我们据此核验。' } }),
    });
  },
  // No transfer task: the person named no company (or fulfilment has not run).
  'post /api/requests/{id}/transfer 409': (t) =>
    t.call('post', `/api/requests/${KNOWN}/transfer`, {
      token: 'officer',
      ...json(VALID_BODY['post /api/requests/{id}/transfer']),
    }),
  'post /api/requests/{id}/transfer 422': async (t) => {
    await t.store.putTask({
      requestId: KNOWN,
      kind: 'transfer',
      taskToken: 'none',
      status: 'open',
      createdAt: NOW.toISOString(),
    });
    return t.call('post', `/api/requests/${KNOWN}/transfer`, {
      token: 'officer',
      ...json({ confirm: { name: '某某支付有限公司', email: 'not-an-address' } }),
    });
  },
  'post /api/requests/{id}/restrictions/lift 409': (t) =>
    t.call('post', `/api/requests/${KNOWN}/restrictions/lift`, { token: 'agent', ...json({ askedVia: 'hotline' }) }),
  'post /api/requests/{id}/restrictions/lift 422': (t) => {
    const known = t.store.requests.get(KNOWN)!;
    t.store.requests.set(KNOWN, { ...known, rights: ['restrict'] });
    return t.call('post', `/api/requests/${KNOWN}/restrictions/lift`, {
      token: 'agent',
      ...json({ restrictions: ['sharing:nobody'], askedVia: 'mail' }),
    });
  },
  'get /api/quarantine/{id} 404': (t) =>
    t.call('get', `/api/quarantine/${quarantineId('msgid:<none@x>')}`, { token: 'agent' }),
  'post /api/quarantine/{id}/release 404': (t) =>
    t.call('post', `/api/quarantine/${quarantineId('msgid:<none@x>')}/release`, { token: 'agent' }),
  'post /api/quarantine/{id}/release 409': (t) => {
    t.store.intakeMail.set(SPAM.key, { ...SPAM, settled: { as: 'spam', by: 'staff:po1', at: NOW.toISOString() } });
    return t.call('post', `/api/quarantine/${quarantineId(SPAM.key)}/release`, { token: 'agent' });
  },
  'post /api/quarantine/{id}/release 422': (t) => {
    t.store.intakeMail.set(SPAM.key, { ...SPAM, signal: 'virus_verdict' });
    return t.call('post', `/api/quarantine/${quarantineId(SPAM.key)}/release`, { token: 'agent' });
  },
  'post /api/quarantine/{id}/confirm-spam 404': (t) =>
    t.call('post', `/api/quarantine/${quarantineId('msgid:<none@x>')}/confirm-spam`, { token: 'officer' }),
  'post /api/quarantine/{id}/confirm-spam 409': (t) => {
    t.store.intakeMail.set(SPAM.key, {
      ...SPAM,
      settled: { as: 'released', by: 'staff:agent1', at: NOW.toISOString() },
    });
    return t.call('post', `/api/quarantine/${quarantineId(SPAM.key)}/confirm-spam`, { token: 'officer' });
  },
  'post /api/requests/{id}/triage 409': (t) =>
    t.call('post', `/api/requests/${KNOWN}/triage`, { token: 'agent', ...json({ notARequest: true }) }),
  'post /api/requests/{id}/letters/{key}/delivered 409': (t) => {
    // A letter that went out by mail has nothing left to deliver.
    t.store.letters.set(KNOWN, [
      {
        requestId: KNOWN,
        key: `reply:${KNOWN}`,
        kind: 'reply',
        language: 'zh',
        to: ['li.yanshi@example.com'],
        subject: '答复',
        text: '……',
        mailed: true,
        at: NOW.toISOString(),
      },
    ]);
    return t.call('post', `/api/requests/${KNOWN}/letters/${encodeURIComponent(`reply:${KNOWN}`)}/delivered`, {
      token: 'agent',
      ...json({ method: 'phone' }),
    });
  },
  'post /api/requests/{id}/retry 409': (t) => t.call('post', `/api/requests/${KNOWN}/retry`, { token: 'admin' }),
  'get /api/outbox 404': () => setup({ outbox: undefined }).call('get', '/api/outbox', { token: 'agent' }),
  // KNOWN is under review: past the point where identifiers may change.
  'post /api/requests/{id}/identifiers 409': (t) =>
    t.call('post', `/api/requests/${KNOWN}/identifiers`, {
      token: 'agent',
      ...json(VALID_BODY['post /api/requests/{id}/identifiers']),
    }),
  'post /api/requests/{id}/child-data 409': async (t) => {
    await t.store.putTask({
      requestId: KNOWN,
      kind: 'child_data',
      taskToken: 'none',
      status: 'succeeded',
      createdAt: NOW.toISOString(),
    });
    return t.call('post', `/api/requests/${KNOWN}/child-data`, {
      token: 'officer',
      ...json(VALID_BODY['post /api/requests/{id}/child-data']),
    });
  },
  'post /sms-inbound 401': (t) => t.call('post', '/sms-inbound', json(VALID_BODY['post /sms-inbound'])),
  'post /sms-inbound 404': () =>
    setup({ smsGatewaySecret: undefined }).call('post', '/sms-inbound', json(VALID_BODY['post /sms-inbound'])),
  'post /api/requests/{id}/exports/{right}/reissue 409': (t) =>
    // No copy was ever made for this request: nothing to send again.
    t.call('post', `/api/requests/${KNOWN}/exports/copy/reissue`, { token: 'agent' }),
  'get /download/{id}/{right}/{secret} 410': (t) => {
    withGrant(t, { expired: true });
    return t.call('get', DOWNLOAD);
  },
  'post /download/{id}/{right}/{secret} 410': (t) => {
    withGrant(t, { usedUp: true });
    return t.call('post', DOWNLOAD, json({ code: DOWNLOAD_CODE }));
  },
  'post /download/{id}/{right}/{secret} 422': (t) => {
    withGrant(t);
    return t.call('post', DOWNLOAD, json({ code: '000000' === DOWNLOAD_CODE ? '111111' : '000000' }));
  },
  'get /download/{id}/{right}/{secret}/files/{name} 410': (t) => {
    withGrant(t, { expired: true });
    return t.call('get', `${DOWNLOAD}/files/export.json?s=1.x`);
  },
};

const DOWNLOAD_SALT = 'test-salt';
const DOWNLOAD = `/download/${KNOWN}/copy/${downloadSecret(DOWNLOAD_SALT, KNOWN, 'copy', 1)}`;
const DOWNLOAD_CODE = downloadCode(DOWNLOAD_SALT, KNOWN, 'copy', 1);
/** A copy's download grant on the known request: live, expired, or with its code entries used up. */
function withGrant(t: ReturnType<typeof setup>, opts: { expired?: boolean; usedUp?: boolean } = {}) {
  const grant = newGrant(
    DOWNLOAD_SALT,
    { requestId: KNOWN, right: 'copy', exportKey: `exports/${KNOWN}/copy.json.enc`, files: ['export.json'], round: 1 },
    opts.expired ? new Date(NOW.getTime() - 30 * 86_400_000) : NOW,
    { linkValidDays: 7, codeAttempts: 3 },
  );
  t.store.downloads.set(`${KNOWN}/copy`, { ...grant, attempts: opts.usedUp ? 3 : 0 });
}

describe('the route table is the app', () => {
  it('serves exactly the routes of the table (console files aside)', () => {
    const { app } = setup();
    const served = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && r.path !== '/*' && r.path !== '*')
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([a-zA-Z]+)/g, '{$1}').replace(/\/$/, '') || '/'}`),
    );
    expect([...served].sort()).toEqual(ROUTES.map(key).sort());
  });

  it('documents every route in /api/openapi.json, with its query parameters and error statuses', async () => {
    const r = await setup().call('get', '/api/openapi.json');
    const doc = (await r.json()) as {
      paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; responses: object }>>;
    };
    expect(doc).toEqual(openApiDocument());
    for (const spec of ROUTES) {
      const op = doc.paths[spec.path]?.[spec.method];
      expect(op, key(spec)).toBeDefined();
      const documented = op!.parameters.filter((p) => p.in === 'query').map((p) => p.name);
      expect(documented.sort(), key(spec)).toEqual(Object.keys(spec.query?.shape ?? {}).sort());
      for (const status of errorStatuses(spec)) expect(Object.keys(op!.responses), key(spec)).toContain(String(status));
    }
    const outbox = doc.paths['/api/outbox']!['get']!.parameters.map((p) => p.name);
    expect(outbox).toEqual(expect.arrayContaining(['requestId', 'kind', 'limit']));
  });

  it('has a valid example body for every body route and a scenario for every route-specific status', () => {
    for (const spec of ROUTES) {
      if (spec.body) expect(VALID_BODY[key(spec)], `${key(spec)}: add a VALID_BODY`).toBeDefined();
      for (const status of spec.errors) {
        if (status === 404 && spec.path.includes('{id}')) continue; // generated below
        expect(SCENARIOS[`${key(spec)} ${status}`], `${key(spec)} ${status}: add a scenario`).toBeDefined();
      }
    }
  });
});

describe.each(ROUTES.map((s) => [key(s), s] as const))('%s', (_name, spec) => {
  const token = tokenFor(spec);
  const statuses = errorStatuses(spec);
  const body = VALID_BODY[key(spec)];

  it('400 for a query parameter it does not take, naming it', async () => {
    const r = await setup().call(spec.method, `${concrete(spec)}?zz_unknown=1`, {
      ...(token ? { token } : {}),
      ...(body !== undefined ? json(body) : {}),
    });
    expect(r.status).toBe(400);
    const e = (await r.json()) as { error: { code: string; message: string } };
    expect(e.error.code).toBe('unknown_query');
    expect(e.error.message).toContain('"zz_unknown"');
  });

  it.runIf(spec.body !== undefined)('400 for a body its schema refuses', async () => {
    const r = await setup().call(spec.method, concrete(spec), { ...(token ? { token } : {}), ...json({ zz: 1 }) });
    expect(r.status).toBe(400);
  });

  it.runIf(statuses.includes(401))('401 without credentials (or with a link that is not ours)', async () => {
    const r = await setup().call(spec.method, concrete(spec), body !== undefined ? json(body) : {});
    expect(r.status).toBe(401);
  });

  it.runIf(statuses.includes(403))('403 for a role it does not allow', async () => {
    const t = setup();
    expect(
      (await t.call(spec.method, concrete(spec), { token: 'norole', ...(body !== undefined ? json(body) : {}) }))
        .status,
    ).toBe(403);
    const refused = (['agent', 'officer', 'admin'] as const).filter(
      (k) => !rolesOf(spec).some((role) => TOKENS[k]!.roles.includes(role)),
    );
    for (const k of refused)
      expect(
        (await t.call(spec.method, concrete(spec), { token: k, ...(body !== undefined ? json(body) : {}) })).status,
        k,
      ).toBe(403);
  });

  it.runIf(spec.path.includes('{id}'))('404 for an unknown request', async () => {
    const r = await setup().call(spec.method, concrete(spec, UNKNOWN), {
      ...(token ? { token } : {}),
      ...(body !== undefined ? json(body) : {}),
    });
    expect(r.status).toBe(404);
  });

  it.runIf(spec.body !== undefined)('413 for a body over 256 KiB', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(300 * 1024) });
    const r = await setup().call(spec.method, concrete(spec), {
      ...(token ? { token } : {}),
      body: big,
      type: 'application/json',
    });
    expect(r.status).toBe(413);
  });

  it.runIf(spec.body !== undefined)('415 for a body that is not JSON, or has no Content-Type', async () => {
    const t = setup();
    const text = JSON.stringify(body);
    const plain = await t.call(spec.method, concrete(spec), {
      ...(token ? { token } : {}),
      body: text,
      type: 'text/plain',
    });
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    const none = await t.call(spec.method, concrete(spec), { ...(token ? { token } : {}), body: text });
    expect(none.status).toBe(415);
  });

  for (const status of spec.errors) {
    const scenario = SCENARIOS[`${key(spec)} ${status}`];
    it.runIf(scenario !== undefined)(`${status} (route-specific)`, async () => {
      expect((await scenario!(setup())).status).toBe(status);
    });
  }
});

describe('query values and cursors', () => {
  it('400 naming a query value its schema refuses, and for a cursor the API did not issue', async () => {
    const t = setup();
    const bad = await t.call('get', '/api/requests?limit=0', { token: 'agent' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('query.limit');
    expect((await t.call('get', '/api/requests?cursor=abc', { token: 'agent' })).status).toBe(400);
    expect((await t.call('get', '/api/requests?status=closed&status=triage', { token: 'agent' })).status).toBe(400);
  });

  it('a replay with the same key and the same body (keys in another order) returns the first request', async () => {
    const t = setup();
    const headers = { 'idempotency-key': 'form-2' };
    const a = { channel: 'hotline', rights: ['access'], subject: { phone: DEMO_ACTIVE.phone, name: DEMO_ACTIVE.name } };
    const b = { subject: { name: DEMO_ACTIVE.name, phone: DEMO_ACTIVE.phone }, rights: ['access'], channel: 'hotline' };
    const first = await t.call('post', '/api/requests', { token: 'agent', headers, ...json(a) });
    const again = await t.call('post', '/api/requests', { token: 'agent', headers, ...json(b) });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    const ids = [first, again].map(async (r) => ((await r.json()) as { request: { id: string } }).request.id);
    const [x, y] = await Promise.all(ids);
    expect(y).toBe(x);
  });
});
