// Quarantined mail through the API over the real intake and an in-memory store: staff list it (no free text), read
// it masked, release a misjudged request (its deadline from when it reached the mailbox, acknowledged, started,
// audited) or confirm spam; each once. A virus verdict is never released.
import { describe, expect, it, vi } from 'vitest';
import { calendarFor } from '../../../domain/calendar/files.ts';
import { residentIdCheckChar } from '../../../domain/identity/index.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { createApiApp } from '../../../functions/api/app.ts';
import { bearerAuthenticator, type Principal } from '../../../functions/api/auth.ts';
import type { ApiOperations } from '../../../functions/api/operations.ts';
import { createIntakeService } from '../../../functions/intake/service.ts';
import type { WorkflowStore } from '../../../functions/shared/store/workflow-store.ts';
import { createMemoryStore } from '../../support/memory-store.ts';
import { composeMail } from './compose.ts';
import { fakeCipher, manualClock, memoryBlobs, recordingMailer } from './fakes.ts';

const ID = (() => {
  const first17 = '11010519870314231';
  return first17 + residentIdCheckChar(first17);
})();
const TOKENS: Record<string, Principal> = {
  agent: { user: 'agent1', roles: ['agent'] },
  officer: { user: 'po1', roles: ['privacy_officer'] },
};
// biome-ignore lint/suspicious/noExplicitAny: the API answers read as loose JSON in assertions
type Json = Record<string, any>;

function setup() {
  // Wednesday 10:00 in Shanghai; the mail is looked at two days later.
  const clock = manualClock('2026-11-25T02:00:00Z');
  const store = createMemoryStore(() => clock.now());
  const blobs = memoryBlobs();
  const mailer = recordingMailer();
  const started: string[] = [];
  const policy = loadPolicy();
  const calendar = calendarFor();
  const config = {
    senderAddress: 'privacy@lianlianpay.com',
    privacyOfficerEmail: 'dpo@lianlianpay.com',
    partnerAckBaseUrl: 'http://127.0.0.1:8787/partner-ack/',
    subjectHashSalt: 'test-salt',
  };
  const starter = { start: async (id: string) => void started.push(id) };
  const intake = createIntakeService({
    store,
    blobs,
    cipher: fakeCipher,
    mailer,
    clock,
    policy,
    calendar,
    senderAddress: config.senderAddress,
    startWorkflow: starter.start,
  });
  const app = createApiApp({
    store: store as unknown as WorkflowStore,
    blobs,
    cipher: fakeCipher,
    mailer,
    clock,
    policy,
    calendar,
    starter,
    config,
    logger: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    authenticate: bearerAuthenticator((t) => (t ? TOKENS[t] : undefined)),
    health: () => true,
    operations: {} as ApiOperations,
  });
  const call = async (method: string, path: string, token = 'agent') => {
    const r = await app.request(path, { method, headers: { authorization: `Bearer ${token}` } });
    return { status: r.status, json: (await r.json()) as Json };
  };
  return { clock, store, blobs, mailer, started, intake, call };
}

const SPAM_HEADERS = { 'X-SES-Spam-Verdict': 'FAIL' };
const REAL_REQUEST = {
  from: '"张伟" <zhangwei@163.com>',
  subject: '申请删除个人信息',
  text: `本人张伟，身份证号${ID}，手机13800138000，请删除我的所有个人信息。`,
  messageId: '<q1@163.com>',
  headers: SPAM_HEADERS,
};

describe('quarantined mail', () => {
  it('a real request judged spam: listed without free text, read masked, released as a request from its receipt', async () => {
    const t = setup();
    const quarantined = await t.intake.receiveRawEmail(await composeMail(REAL_REQUEST), { source: 'smtp' });
    expect(quarantined).toMatchObject({ automated: 'spam', created: false });
    expect(t.started).toEqual([]);
    t.clock.set('2026-11-27T02:00:00Z');

    const list = await t.call('GET', '/api/quarantine');
    expect(list.status).toBe(200);
    expect(list.json.items).toHaveLength(1);
    const item = list.json.items[0];
    expect(item).toEqual({
      id: item.id,
      signal: 'spam_verdict',
      receivedAt: '2026-11-25T02:00:00.000Z',
      releasable: true,
    });
    expect(JSON.stringify(list.json)).not.toMatch(/张伟|zhangwei|13800138000|q1@163/);

    const one = await t.call('GET', `/api/quarantine/${item.id}`);
    expect(one.status).toBe(200);
    expect(one.json.mail.subject).toBe('申请删除个人信息');
    expect(one.json.mail.text).toContain('请删除我的所有个人信息');
    const shown = JSON.stringify(one.json);
    for (const clear of [ID, '13800138000', 'zhangwei@163.com', '张伟']) expect(shown).not.toContain(clear);

    const released = await t.call('POST', `/api/quarantine/${item.id}/release`);
    expect(released.status).toBe(200);
    expect(released.json).toMatchObject({ created: true });
    const id = released.json.requestId as string;
    const request = (await t.store.getRequest(id))!;
    // The fifteen working days run from when the mail reached the mailbox, not from when staff released it.
    expect(request).toMatchObject({ status: 'received', rights: ['delete'], receivedAt: '2026-11-25T02:00:00.000Z' });
    expect(request.deadline.receivedOn).toBe('2026-11-25');
    expect(t.started).toEqual([id]);
    expect(t.mailer.sent.map((m) => m.to)).toEqual([['zhangwei@163.com']]);
    const events = await t.store.listEvents(id);
    expect(events.find((e) => e.type === 'email.received')?.data).toMatchObject({
      source: 'quarantine',
      releasedFromQuarantine: { by: 'staff:agent1', signal: 'spam_verdict' },
    });
    expect(events.find((e) => e.type === 'email.released_from_quarantine')).toMatchObject({
      actor: 'staff:agent1',
      data: { signal: 'spam_verdict', quarantinedAt: '2026-11-25T02:00:00.000Z' },
    });

    const after = await t.call('GET', '/api/quarantine');
    expect(after.json.items[0].settled).toEqual({
      as: 'released',
      by: 'staff:agent1',
      at: '2026-11-27T02:00:00.000Z',
      requestId: id,
    });
    // Once: neither a second release nor a late "spam" changes it, and no second request or acknowledgement.
    expect((await t.call('POST', `/api/quarantine/${item.id}/release`)).status).toBe(409);
    expect((await t.call('POST', `/api/quarantine/${item.id}/confirm-spam`, 'officer')).status).toBe(409);
    expect(t.store.requests.size).toBe(1);
    expect(t.mailer.sent).toHaveLength(1);
  });

  it('confirmed spam stays out, recorded with who and when; only the privacy officer or an admin confirms', async () => {
    const t = setup();
    await t.intake.receiveRawEmail(
      await composeMail({ subject: '恭喜中奖', text: '点击链接领取奖品', headers: { 'X-Spam-Flag': 'YES' } }),
      { source: 'smtp' },
    );
    const [item] = (await t.call('GET', '/api/quarantine')).json.items;
    expect((await t.call('POST', `/api/quarantine/${item.id}/confirm-spam`, 'agent')).status).toBe(403);
    const confirmed = await t.call('POST', `/api/quarantine/${item.id}/confirm-spam`, 'officer');
    expect(confirmed).toEqual({
      status: 200,
      json: { settled: { as: 'spam', by: 'staff:po1', at: '2026-11-25T02:00:00.000Z' } },
    });
    expect((await t.call('POST', `/api/quarantine/${item.id}/release`)).status).toBe(409);
    expect(t.store.requests.size).toBe(0);
    expect(t.started).toEqual([]);
  });

  it('release and confirm-spam at the same moment: one wins, never a request that is also marked spam', async () => {
    const t = setup();
    await t.intake.receiveRawEmail(await composeMail(REAL_REQUEST), { source: 'smtp' });
    const [item] = (await t.call('GET', '/api/quarantine')).json.items;
    // Hold the release while it reads the raw mail to make the request; the officer confirms spam meanwhile.
    let reading!: () => void;
    const readingStarted = new Promise<void>((r) => {
      reading = r;
    });
    let letGo!: () => void;
    const gate = new Promise<void>((r) => {
      letGo = r;
    });
    const get = t.blobs.get.bind(t.blobs);
    t.blobs.get = async (key: string) => {
      reading();
      await gate;
      return get(key);
    };
    const release = t.call('POST', `/api/quarantine/${item.id}/release`);
    await readingStarted;
    const spam = await t.call('POST', `/api/quarantine/${item.id}/confirm-spam`, 'officer');
    expect(spam.status).toBe(409);
    expect((await t.call('GET', '/api/quarantine')).json.items[0].settled).toMatchObject({
      as: 'releasing',
      by: 'staff:agent1',
    });
    letGo();
    const released = await release;
    expect(released.status).toBe(200);
    expect(t.store.requests.size).toBe(1);
    expect((await t.call('GET', '/api/quarantine')).json.items[0].settled).toEqual({
      as: 'released',
      by: 'staff:agent1',
      at: '2026-11-25T02:00:00.000Z',
      requestId: released.json.requestId,
    });
  });

  it('a release that stopped after its claim is resumed by the next one, into the same request', async () => {
    const t = setup();
    await t.intake.receiveRawEmail(await composeMail(REAL_REQUEST), { source: 'smtp' });
    const [item] = (await t.call('GET', '/api/quarantine')).json.items;
    // The first release claimed the mail and made the request, then stopped before settling it.
    const key = Buffer.from(item.id, 'base64url').toString('utf8');
    const claim = { as: 'releasing' as const, by: 'staff:agent1', at: '2026-11-25T02:00:00.000Z' };
    expect(await t.store.settleIntakeMail(key, claim)).toBe(true);
    const { rawKey } = (await t.store.getIntakeMail(key))!;
    const first = await t.intake.receiveRawEmail(t.blobs.objects.get(rawKey)!, {
      source: 'quarantine',
      rawKey,
      receivedAt: new Date('2026-11-25T02:00:00Z'),
      releasedBy: 'staff:agent1',
    });
    expect(first.created).toBe(true);
    // A confirm-spam cannot take a mail being released; the next release finishes it, no second request.
    expect((await t.call('POST', `/api/quarantine/${item.id}/confirm-spam`, 'officer')).status).toBe(409);
    const resumed = await t.call('POST', `/api/quarantine/${item.id}/release`, 'officer');
    expect(resumed).toMatchObject({ status: 200, json: { requestId: first.requestId, created: false } });
    expect(t.store.requests.size).toBe(1);
    expect((await t.call('GET', '/api/quarantine')).json.items[0].settled).toMatchObject({
      as: 'released',
      by: 'staff:po1',
      requestId: first.requestId,
    });
    expect((await t.call('POST', `/api/quarantine/${item.id}/release`)).status).toBe(409);
  });

  it('a mail the virus scan flagged is never released', async () => {
    const t = setup();
    await t.intake.receiveRawEmail(await composeMail({ ...REAL_REQUEST, headers: { 'X-SES-Virus-Verdict': 'FAIL' } }), {
      source: 'smtp',
    });
    const [item] = (await t.call('GET', '/api/quarantine')).json.items;
    expect(item).toMatchObject({ signal: 'virus_verdict', releasable: false });
    const refused = await t.call('POST', `/api/quarantine/${item.id}/release`);
    expect(refused.status).toBe(422);
    expect(refused.json.error.code).toBe('not_releasable');
    expect(t.store.requests.size).toBe(0);
    expect((await t.call('GET', `/api/quarantine/${item.id}`)).json.settled).toBeUndefined();
  });

  it('an id that is not a quarantined mail is a 404', async () => {
    const t = setup();
    expect((await t.call('GET', '/api/quarantine/bm90LWEta2V5')).status).toBe(404);
    expect((await t.call('GET', '/api/quarantine/not*base64')).status).toBe(404);
  });
});
