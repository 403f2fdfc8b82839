// The router over the real pieces: the DynamoDB store on DynamoDB Local, the sample company, and the
// verification step's own operations (code mailed to the address on file, entered through the API).

import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { calendarFor } from '../../../domain/calendar/files.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { type ApiDeps, createApiApp } from '../../../functions/api/app.ts';
import { bearerAuthenticator } from '../../../functions/api/auth.ts';
import { step as awaitAcknowledgements } from '../../../functions/await-acknowledgements/step.ts';
import { threadCandidates } from '../../../functions/intake/keys.ts';
import { step as awaitVerification } from '../../../functions/request-verification/step.ts';
import { signAckToken } from '../../../functions/send-recipient-notice/ack-token.ts';
import { noMetrics, type StepDeps } from '../../../functions/shared/deps.ts';
import type { OutgoingMail } from '../../../functions/shared/ports.ts';
import { createDynamoStore } from '../../../functions/shared/store/dynamo-store.ts';
import { createTable } from '../../../functions/shared/store/table.ts';
import { createLocalCipher } from '../../../infra/local/adapters/local-cipher.ts';
import { DEMO_ACTIVE } from '../../../infra/local/company/demo-customers.ts';
import { SampleCompany } from '../../../infra/local/company/sample-company.ts';
import { seedSampleCompany } from '../../../infra/local/company/seed.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../../infra/local/dynamodb-local.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';

const TABLE = 'rightsflow-api-test';
const AGENT = 'agent-token-0123456789abcdef';
let db: DynamoDbLocal;
let deps: StepDeps;
let app: ReturnType<typeof createApiApp>;
const sent: OutgoingMail[] = [];
const succeeded: [string, unknown][] = [];

beforeAll(async () => {
  db = await startDynamoDbLocal();
  const raw = new DynamoDBClient({
    endpoint: db.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTable(raw, TABLE);
  const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  await seedSampleCompany(doc, TABLE, { customers: 5, seed: 1 });
  const clock = { now: () => new Date('2026-11-25T04:00:00Z') };
  const cipher = createLocalCipher(randomBytes(32));
  deps = {
    store: createDynamoStore({ client: doc, tableName: TABLE, cipher, clock }),
    mailer: {
      send: async (mail) => {
        sent.push(mail);
        return { messageId: `<m${sent.length}@test>` };
      },
    },
    blobs: {
      put: async () => undefined,
      get: async () => new Uint8Array(),
      exists: async () => false,
      delete: async () => undefined,
    },
    cipher,
    clock,
    scheduler: { scheduleAt: async () => undefined },
    callbacks: {
      succeed: async (token, output) => {
        succeeded.push([token, output]);
      },
      fail: async () => undefined,
    },
    starter: { start: vi.fn(async () => undefined) },
    company: new SampleCompany({ client: doc, tableName: TABLE, clock }),
    evidence: createMemoryVault(),
    policy: loadPolicy(),
    calendar: calendarFor(),
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    metrics: noMetrics,
    config: {
      senderAddress: 'privacy@lianlianpay.com',
      privacyOfficerEmail: 'privacy@lianlianpay.com',
      partnerAckBaseUrl: 'http://127.0.0.1:8787/partner-ack/',
      subjectHashSalt: 'api-test-salt',
    },
  };
  const api: ApiDeps = {
    ...deps,
    authenticate: bearerAuthenticator((t) => (t === AGENT ? { user: 'agent1', roles: ['agent'] } : undefined)),
    health: () => true,
  };
  app = createApiApp(api);
});

afterAll(async () => {
  await db?.stop();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${AGENT}`, 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely in assertions
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe('API over DynamoDB Local and the verification step', () => {
  let id: string;

  it('creates once per Idempotency-Key and lists by deadline', async () => {
    const body = {
      channel: 'web',
      rights: ['delete'],
      subject: { name: DEMO_ACTIVE.name, idNumber: DEMO_ACTIVE.idNumber, email: DEMO_ACTIVE.email },
    };
    const a = await call('POST', '/api/requests', body, { 'Idempotency-Key': 'web-form-1' });
    const b = await call('POST', '/api/requests', body, { 'Idempotency-Key': 'web-form-1' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    id = a.json['request'].id;
    expect(b.json['request'].id).toBe(id);
    expect(a.json['request'].deadline.deadline).toBe('2026-12-16');

    expect((await call('GET', '/api/requests?due_before=2026-12-15')).json['items']).toEqual([]);
    const listed = await call('GET', '/api/requests?due_before=2026-12-16');
    expect(listed.json['items'].map((r: { id: string }) => r.id)).toEqual([id]);
    expect(JSON.stringify(listed.json)).not.toContain(DEMO_ACTIVE.idNumber);
  });

  it('verifies with the code mailed to the address on file and resumes the workflow', async () => {
    expect((await call('POST', `/api/requests/${id}/verification`, { code: '123456' })).status).toBe(409);
    await awaitVerification.run({ requestId: id, taskToken: 'token-1' }, deps);
    const mail = sent.find((m) => m.kind === 'verification_code');
    expect(mail?.to).toEqual([DEMO_ACTIVE.email]);
    const code = /\b(\d{6})\b/.exec(mail!.text)?.[1];
    expect(code).toBeDefined();
    // A reply to the code mail (In-Reply-To: its Message-ID) finds this request through the thread key.
    const keys = threadCandidates(`<m${sent.indexOf(mail!) + 1}@test>`);
    const owners = await Promise.all(keys.map((k) => deps.store.findRequestIdByLookupKey(k)));
    expect(owners).toContain(id);

    const detail = await call('GET', `/api/requests/${id}`);
    expect(detail.json['openTasks']).toEqual([expect.objectContaining({ kind: 'verification' })]);

    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await call('POST', `/api/requests/${id}/verification`, { code: wrongCode });
    expect(wrong.status).toBe(422);
    const ok = await call('POST', `/api/requests/${id}/verification`, { code });
    expect(ok.status).toBe(200);
    expect(succeeded).toEqual([['token-1', expect.objectContaining({ verified: true, level: 'strong' })]]);

    const after = await call('GET', `/api/requests/${id}`);
    expect(after.json['request'].verification).toMatchObject({ level: 'strong', method: 'email_code' });
    expect(after.json['openTasks']).toEqual([]);
    expect(after.json['timeline'].map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['request_received', 'verification_code_rejected', 'identity_verified']),
    );
    expect((await call('POST', `/api/requests/${id}/verification`, { code })).status).toBe(409);
  });

  it('records a partner acknowledgement from the signed link, once', async () => {
    await deps.store.putNotice({
      requestId: id,
      partnerId: 'nucc',
      status: 'sent',
      sentAt: '2026-11-25T04:00:00.000Z',
      ackDueBy: '2026-12-09T15:59:59.999Z',
      reminders: 0,
    });
    const token = signAckToken(deps.config.subjectHashSalt, id, 'nucc');
    const first = await app.request(`/partner-ack/${token}`, { method: 'POST' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      acknowledged: true,
      requestId: id,
      partnerId: 'nucc',
      alreadyAcknowledged: false,
    });
    expect((await deps.store.getNotice(id, 'nucc'))?.status).toBe('acknowledged');
    const again = await app.request(`/partner-ack/${token}`, { method: 'POST' });
    expect(await again.json()).toMatchObject({ alreadyAcknowledged: true });
    const forged = signAckToken('another-secret', id, 'nucc');
    expect((await app.request(`/partner-ack/${forged}`, { method: 'POST' })).status).toBe(401);
    const unknownPartner = signAckToken(deps.config.subjectHashSalt, id, 'unionpay');
    expect((await app.request(`/partner-ack/${unknownPartner}`, { method: 'POST' })).status).toBe(401);
  });

  it('resumes AwaitAcknowledgements through the callbacks when the last partner acknowledges', async () => {
    const created = await call('POST', '/api/requests', {
      channel: 'web',
      rights: ['delete'],
      subject: { name: DEMO_ACTIVE.name, idNumber: DEMO_ACTIVE.idNumber, email: DEMO_ACTIVE.email },
    });
    const rid: string = created.json['request'].id;
    for (const partnerId of ['nucc', 'unionpay'])
      await deps.store.putNotice({
        requestId: rid,
        partnerId,
        status: 'sent',
        sentAt: '2026-11-25T04:00:00.000Z',
        ackDueBy: '2026-12-09',
        reminders: 0,
      });
    expect(await awaitAcknowledgements.run({ requestId: rid, taskToken: 'ack-wait-1' }, deps)).toEqual({
      waiting: true,
    });
    const resumed = () => succeeded.filter(([token]) => token === 'ack-wait-1');

    const first = await app.request(`/partner-ack/${signAckToken(deps.config.subjectHashSalt, rid, 'nucc')}`, {
      method: 'POST',
    });
    expect(first.status).toBe(200);
    expect(resumed()).toEqual([]); // unionpay still owes its acknowledgement

    const last = await app.request(`/partner-ack/${signAckToken(deps.config.subjectHashSalt, rid, 'unionpay')}`, {
      method: 'POST',
    });
    expect(await last.json()).toMatchObject({ requestId: rid, partnerId: 'unionpay', alreadyAcknowledged: false });
    expect(resumed()).toEqual([['ack-wait-1', { allAcknowledged: true }]]);
    expect((await deps.store.getTask(rid, 'acknowledgements'))?.status).toBe('succeeded');
    const types = (await deps.store.listEvents(rid)).map((e) => e.type);
    expect(types.filter((t) => t === 'recipient_acknowledged')).toHaveLength(2);

    // A second click on the last link changes nothing and resumes nothing again.
    await app.request(`/partner-ack/${signAckToken(deps.config.subjectHashSalt, rid, 'unionpay')}`, {
      method: 'POST',
    });
    expect(resumed()).toHaveLength(1);
  });
});
