// POST /api/requests/{id}/triage: a request the intake could not read is made actionable by staff (or closed as not
// a request); the clock keeps running from receipt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../domain/identity/index.ts';
import { type ApiDeps, createApiApp } from '../../../functions/api/app.ts';
import { bearerAuthenticator } from '../../../functions/api/auth.ts';
import { openApiDocument } from '../../../functions/api/openapi.ts';
import { harness } from '../handlers/harness.ts';
import { type Db, startDb } from '../store/fixture.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

const ID = (() => {
  const first17 = '11010519870314231';
  return first17 + residentIdCheckChar(first17);
})();

async function setup() {
  const h = await harness(db);
  const started: string[] = [];
  h.deps.starter = { start: async (id) => void started.push(id) };
  const api: ApiDeps = {
    ...h.deps,
    authenticate: bearerAuthenticator((t) => (t === 'agent-token' ? { user: 'agent1', roles: ['agent'] } : undefined)),
    health: () => true,
  };
  const app = createApiApp(api);
  async function call(path: string, body: unknown) {
    const res = await app.request(path, {
      method: 'POST',
      headers: { authorization: 'Bearer agent-token', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely in assertions
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  }
  const receivedAt = h.clock.now().toISOString();
  const r = await h.create({
    status: 'triage',
    rights: [],
    subject: {},
    requester: { type: 'self', email: 'fake.person@example.com' },
    receivedAt,
  });
  h.clock.advance(3 * 24 * 3600_000); // staff get to it days later
  return { h, started, call, r };
}

describe('POST /api/requests/{id}/triage', () => {
  it('moves triage → received keeping receipt and deadline, acknowledges once and starts the workflow', async () => {
    const { h, started, call, r } = await setup();
    const res = await call(`/api/requests/${r.id}/triage`, {
      rights: ['delete'],
      subject: { name: '测试用户', idNumber: ID, phone: '13800001234' },
      language: 'zh',
    });
    expect(res.status).toBe(200);
    expect(res.json['workflowStarted']).toBe(true);
    const after = await h.store.getRequest(r.id);
    expect(after?.status).toBe('received');
    expect(after?.rights).toEqual(['delete']);
    expect(after?.receivedAt).toBe(r.receivedAt);
    expect(after?.deadline).toEqual(r.deadline);
    expect(after?.subject.idNumberValid).toBe(true);
    expect(started).toEqual([r.id]);
    expect(h.mailer.byKind('ack')).toHaveLength(1);
    expect(h.mailer.byKind('ack')[0]?.text).toContain(r.id);
    const events = await h.store.listEvents(r.id);
    const ev = events.find((e) => e.type === 'triage.accepted');
    expect(ev?.actor).toBe('staff:agent1');
    expect(JSON.stringify(events)).not.toContain(ID);

    // Triage is once: the request is no longer in triage.
    const again = await call(`/api/requests/${r.id}/triage`, { rights: ['delete'], subject: { phone: '13800001234' } });
    expect(again.status).toBe(409);
    expect(h.mailer.byKind('ack')).toHaveLength(1);
  });

  it('keeps a claimed-invalid ID number, flagged', async () => {
    const { h, call, r } = await setup();
    const bad = `${ID.slice(0, 17)}${ID.endsWith('0') ? '1' : '0'}`;
    const res = await call(`/api/requests/${r.id}/triage`, { rights: ['access'], subject: { idNumber: bad } });
    expect(res.status).toBe(200);
    const after = await h.store.getRequest(r.id);
    expect(after?.subject.idNumber).toBe(bad);
    expect(after?.subject.idNumberValid).toBe(false);
  });

  it('closes with outcome not_a_request and an audit event', async () => {
    const { h, started, call, r } = await setup();
    const res = await call(`/api/requests/${r.id}/triage`, { notARequest: true });
    expect(res.status).toBe(200);
    const after = await h.store.getRequest(r.id);
    expect(after?.status).toBe('closed');
    expect(after?.outcome).toBe('not_a_request');
    expect(started).toEqual([]);
    expect(h.mailer.sent).toEqual([]);
    expect((await h.store.listEvents(r.id)).map((e) => e.type)).toContain('triage.not_a_request');
  });

  it('closes the triage task and a failure task an earlier run left, on both answers (D12)', async () => {
    for (const body of [{ notARequest: true }, { rights: ['delete'], subject: { phone: '13800001234' } }]) {
      const { h, call, r } = await setup();
      const at = h.clock.now().toISOString();
      for (const kind of ['triage', 'failure'] as const)
        await h.store.putTask({ requestId: r.id, kind, taskToken: 'none', status: 'open', createdAt: at });
      expect((await call(`/api/requests/${r.id}/triage`, body)).status).toBe(200);
      expect(await h.store.listOpenTasks(r.id)).toEqual([]);
    }
  });

  it('rejects a body without rights or without an ID number or phone', async () => {
    const { call, r } = await setup();
    expect((await call(`/api/requests/${r.id}/triage`, { rights: [], subject: { phone: '13800001234' } })).status).toBe(
      400,
    );
    expect((await call(`/api/requests/${r.id}/triage`, { rights: ['delete'], subject: { name: 'x' } })).status).toBe(
      400,
    );
  });

  it('is in the OpenAPI document', () => {
    const doc = openApiDocument() as { paths: Record<string, { post?: unknown }> };
    expect(doc.paths['/api/requests/{id}/triage']?.post).toBeDefined();
  });
});
