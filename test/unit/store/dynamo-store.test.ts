import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldCipher } from '../../../functions/shared/ports.ts';
import { createDynamoStore } from '../../../functions/shared/store/dynamo-store.ts';
import { verifyEventChain } from '../../../functions/shared/store/event-chain.ts';
import { VersionConflictError } from '../../../functions/shared/store/store.ts';
import { type Db, MovableClock, makeStore, sampleRequest, startDb, testCipher } from './fixture.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

const ev = { type: 'received', actor: 'system' };

describe('createRequest', () => {
  it('creates once under concurrency: 10 creates claiming the same key → exactly one created', async () => {
    const { store } = await makeStore(db);
    const attempts = Array.from({ length: 10 }, () => sampleRequest());
    const results = await Promise.all(
      attempts.map((r) => store.createRequest(r, { lookupKeys: ['msgid:<same@example.com>'], event: ev })),
    );
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(1);
    const winner = (created[0] as { request: { id: string } }).request.id;
    for (const r of results) if (!r.created) expect(r.existingId).toBe(winner);
    expect(await store.findRequestIdByLookupKey('msgid:<same@example.com>')).toBe(winner);
    const open = await store.listOpenRequestIds();
    expect(open).toEqual([winner]);
  });

  it('writes nothing when one of several keys is taken', async () => {
    const { store } = await makeStore(db);
    const a = sampleRequest();
    await store.createRequest(a, { lookupKeys: ['idem:1'], event: ev });
    const b = sampleRequest();
    const res = await store.createRequest(b, { lookupKeys: ['idem:2', 'idem:1'], event: ev });
    expect(res).toEqual({ created: false, existingId: a.id });
    expect(await store.getRequest(b.id)).toBeUndefined();
    expect(await store.findRequestIdByLookupKey('idem:2')).toBeUndefined();
  });

  it('round-trips the request, personal fields included', async () => {
    const { store } = await makeStore(db);
    const r = sampleRequest();
    await store.createRequest(r, { event: ev });
    expect(await store.getRequest(r.id)).toEqual(r);
  });
});

describe('sealed fields', () => {
  it('keeps personal data out of the raw item, with masked copies for display', async () => {
    const { store, tableName } = await makeStore(db);
    const r = sampleRequest();
    await store.createRequest(r, { event: ev });
    const raw = await db.doc.send(new GetCommand({ TableName: tableName, Key: { pk: `REQ#${r.id}`, sk: 'META' } }));
    const text = JSON.stringify(raw.Item);
    for (const secret of ['测试用户', '11010519491231002X', '13800001234', 'fake.person@example.com', '删除我的'])
      expect(text).not.toContain(secret);
    // The domain's masks (issue 2): region code and last four of the ID, the same as the API and partner notices show.
    expect(raw.Item?.['masked']).toEqual({
      subject: {
        name: '测***',
        idNumber: '110105********002X',
        phone: '138****1234',
        email: 'f***@example.com',
        bankCardLast4: '4321',
      },
      requester: { type: 'self', email: 'f***@example.com' },
    });
    expect(raw.Item?.['status']).toBe('received');
    expect(raw.Item?.['gsi1pk']).toBe('OPEN');
  });
});

describe('updateRequest', () => {
  it('bumps the version and rejects a stale one', async () => {
    const { store } = await makeStore(db);
    const r = sampleRequest();
    await store.createRequest(r, { event: ev });
    const u = await store.updateRequest(r.id, 0, { status: 'awaiting_verification' }, { type: 's', actor: 'system' });
    expect(u.version).toBe(1);
    await expect(store.updateRequest(r.id, 0, { status: 'checking' })).rejects.toBeInstanceOf(VersionConflictError);
    await expect(store.updateRequest(r.id, 0, { status: 'checking' })).rejects.toMatchObject({
      name: 'VersionConflict',
    });
    expect((await store.getRequest(r.id))?.status).toBe('awaiting_verification');
  });

  it('lets exactly one of two concurrent updates of the same version win', async () => {
    const { store } = await makeStore(db);
    const r = sampleRequest();
    await store.createRequest(r, { event: ev });
    const results = await Promise.allSettled([
      store.updateRequest(r.id, 0, { status: 'checking' }, { type: 'a', actor: 'system' }),
      store.updateRequest(r.id, 0, { status: 'awaiting_verification' }, { type: 'b', actor: 'system' }),
    ]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    const events = await store.listEvents(r.id);
    expect(events).toHaveLength(2);
    expect(verifyEventChain(r.id, events).ok).toBe(true);
  });

  it('refuses an invalid status transition', async () => {
    const { store } = await makeStore(db);
    const r = sampleRequest();
    await store.createRequest(r, { event: ev });
    await expect(store.updateRequest(r.id, 0, { status: 'closed' })).rejects.toMatchObject({
      name: 'InvalidTransition',
    });
  });
});

describe('GSI queries', () => {
  it('lists open requests by deadline, filters by status and due date, pages with a cursor, and moves closed ones out', async () => {
    const { store } = await makeStore(db);
    const mk = (day: string, status: 'received' | 'checking') =>
      sampleRequest({ status, deadline: { ...sampleRequest().deadline, deadlineAt: `2026-12-${day}T15:59:59.000Z` } });
    const rs = [mk('10', 'received'), mk('05', 'checking'), mk('20', 'received'), mk('01', 'received')];
    for (const r of rs) await store.createRequest(r, { event: ev });
    const all = await store.listRequests({});
    expect(all.items.map((r) => r.deadline.deadlineAt.slice(8, 10))).toEqual(['01', '05', '10', '20']);
    const due = await store.listRequests({ dueBefore: '2026-12-08T00:00:00.000Z' });
    expect(due.items).toHaveLength(2);
    const checking = await store.listRequests({ status: 'checking' });
    expect(checking.items.map((r) => r.id)).toEqual([rs[1]!.id]);
    const p1 = await store.listRequests({ limit: 3 });
    expect(p1.items).toHaveLength(3);
    expect(p1.cursor).toBeDefined();
    const p2 = await store.listRequests({ limit: 3, cursor: p1.cursor });
    expect(p2.items.map((r) => r.id)).toEqual([rs[2]!.id]);
    expect(p2.cursor).toBeUndefined();

    // Close one: it leaves OPEN and appears under its terminal status.
    const r = rs[3]!;
    let cur = await store.updateRequest(r.id, 0, { status: 'replying' });
    cur = await store.updateRequest(r.id, cur.version, { status: 'replied' });
    await store.updateRequest(r.id, cur.version, { status: 'closed' });
    expect(await store.listOpenRequestIds()).not.toContain(r.id);
    expect((await store.listRequests({ status: 'closed' })).items.map((x) => x.id)).toEqual([r.id]);
  });

  it('finds requests by subject hash (open only unless asked)', async () => {
    const { store } = await makeStore(db);
    const a = sampleRequest();
    const b = sampleRequest({ status: 'closed' });
    const c = sampleRequest();
    await store.createRequest(a, { subjectHash: 'h1', event: ev });
    await store.createRequest(b, { subjectHash: 'h1', event: ev });
    await store.createRequest(c, { subjectHash: 'h2', event: ev });
    expect((await store.findRequestsBySubjectHash('h1')).map((r) => r.id)).toEqual([a.id]);
    expect((await store.findRequestsBySubjectHash('h1', { includeClosed: true })).map((r) => r.id).sort()).toEqual(
      [a.id, b.id].sort(),
    );
  });

  it('fires timers: due tasks by time, not after completion', async () => {
    const { store } = await makeStore(db);
    const base = { taskToken: 't', status: 'open' as const, createdAt: '2026-11-25T00:00:00Z', onDue: 'fail' as const };
    await store.putTask({
      ...base,
      requestId: 'RF-20261125-AAAAAA',
      kind: 'verification',
      dueAt: '2026-12-01T00:00:00.000Z',
    });
    await store.putTask({
      ...base,
      requestId: 'RF-20261125-BBBBBB',
      kind: 'verification',
      dueAt: '2026-12-09T00:00:00.000Z',
    });
    await store.putTask({ ...base, requestId: 'RF-20261125-CCCCCC', kind: 'review' });
    const due = await store.listDueTasks('2026-12-01T00:00:00.000Z');
    expect(due.map((t) => t.requestId)).toEqual(['RF-20261125-AAAAAA']);
    expect(await store.completeTask('RF-20261125-AAAAAA', 'verification', 'failed', { expired: true })).toBe(true);
    expect(await store.completeTask('RF-20261125-AAAAAA', 'verification', 'succeeded', {})).toBe(false);
    expect(await store.listDueTasks('2026-12-31T00:00:00.000Z')).toHaveLength(1);
    expect((await store.getTask('RF-20261125-AAAAAA', 'verification'))?.status).toBe('failed');
    expect((await store.listOpenTasks('RF-20261125-CCCCCC')).map((t) => t.kind)).toEqual(['review']);
  });
});

describe('event chain', () => {
  it('verifies an intact chain and detects tampering, deletion and reordering', async () => {
    const clock = new MovableClock();
    const { store, tableName } = await makeStore(db, clock);
    const r = sampleRequest();
    await store.createRequest(r, { event: ev });
    await Promise.all(
      [1, 2, 3, 4].map((n) => store.appendEvent(r.id, { type: `e${n}`, actor: 'system', data: { n } })),
    );
    const events = await store.listEvents(r.id);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(verifyEventChain(r.id, events)).toEqual({ ok: true, length: 5 });

    const edited = events.map((e) => (e.seq === 3 ? { ...e, data: { n: 99 } } : e));
    expect(verifyEventChain(r.id, edited)).toMatchObject({ ok: false, seq: 3 });
    expect(
      verifyEventChain(
        r.id,
        events.filter((e) => e.seq !== 2),
      ),
    ).toMatchObject({ ok: false });
    expect(verifyEventChain('RF-20261125-ZZZZZZ', events)).toMatchObject({ ok: false, seq: 1 });

    // Tampering in the table itself shows up too.
    await db.doc.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: `REQ#${r.id}`, sk: 'EVT#00000004', type: 'event', eventType: 'forged', ...stripType(events[3]!) },
      }),
    );
    expect(verifyEventChain(r.id, await store.listEvents(r.id))).toMatchObject({ ok: false, seq: 4 });
  });
});

// Another writer (a second Lambda container, the API beside a step) per store: each remembers its own chain head.
function countingStore(tableName: string, clock: MovableClock, cipher: FieldCipher) {
  const client = new DynamoDBClient({
    endpoint: db.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const calls: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  const doc = DynamoDBDocumentClient.from(client);
  return { calls, store: createDynamoStore({ client: doc, tableName, cipher, clock }), client };
}

describe('chain head', () => {
  it('appends without reading the head again, and a head another writer moved costs one retry, never a fork', async () => {
    const clock = new MovableClock();
    const { tableName } = await makeStore(db, clock);
    const cipher = testCipher();
    const a = countingStore(tableName, clock, cipher);
    const b = countingStore(tableName, clock, cipher);
    try {
      const r = sampleRequest();
      await a.store.createRequest(r, { event: ev });
      const v1 = await a.store.updateRequest(
        r.id,
        0,
        { status: 'awaiting_verification' },
        { type: 'status', actor: 'system' },
      );
      await a.store.appendEvent(r.id, { type: 'a1', actor: 'system' });
      await a.store.appendEvent(r.id, { type: 'a2', actor: 'system' });
      // Created, updated with an event and appended twice by one store: no Query for the chain head at all.
      expect(a.calls.filter((c) => c === 'QueryCommand')).toEqual([]);

      // b has never seen the chain: it reads the head once, then remembers it.
      await b.store.appendEvent(r.id, { type: 'b1', actor: 'system' });
      await b.store.appendEvent(r.id, { type: 'b2', actor: 'system' });
      expect(b.calls.filter((c) => c === 'QueryCommand')).toHaveLength(1);

      // a's head is stale now (seq 4, the table is at 6): its Put of seq 5 fails, it reads the head and appends 7.
      a.calls.length = 0;
      const a3 = await a.store.appendEvent(r.id, { type: 'a3', actor: 'system' });
      expect(a3.seq).toBe(7);
      expect(a.calls.filter((c) => c === 'QueryCommand')).toHaveLength(1);
      // The same through updateRequest's transaction: b is stale by one now.
      await b.store.updateRequest(r.id, v1.version, { status: 'checking' }, { type: 'status2', actor: 'system' });

      const events = await a.store.listEvents(r.id);
      expect(events.map((e) => [e.seq, e.type])).toEqual([
        [1, 'received'],
        [2, 'status'],
        [3, 'a1'],
        [4, 'a2'],
        [5, 'b1'],
        [6, 'b2'],
        [7, 'a3'],
        [8, 'status2'],
      ]);
      expect(verifyEventChain(r.id, events)).toEqual({ ok: true, length: 8 });
    } finally {
      a.client.destroy();
      b.client.destroy();
    }
  });

  it('keeps the chain whole when many appends race through two stores', async () => {
    const clock = new MovableClock();
    const { tableName } = await makeStore(db, clock);
    const cipher = testCipher();
    const a = countingStore(tableName, clock, cipher);
    const b = countingStore(tableName, clock, cipher);
    try {
      const r = sampleRequest();
      await a.store.createRequest(r, { event: ev });
      await Promise.all(
        Array.from({ length: 12 }, (_, n) =>
          (n % 2 ? a : b).store.appendEvent(r.id, { type: `e${n}`, actor: 'system', data: { n } }),
        ),
      );
      const events = await a.store.listEvents(r.id);
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
      expect(new Set(events.map((e) => e.type)).size).toBe(13);
      expect(verifyEventChain(r.id, events)).toEqual({ ok: true, length: 13 });
    } finally {
      a.client.destroy();
      b.client.destroy();
    }
  });
});

function stripType<T extends { type: string }>(e: T): Omit<T, 'type'> {
  const { type, ...rest } = e;
  return rest;
}

describe('reads within one step invocation (forInvocation)', () => {
  const reads = (calls: string[]) => calls.filter((c) => c === 'GetItemCommand' || c === 'QueryCommand');

  it('reads the request once and every step result with one Query, keeps its own writes, and reads afresh next time', async () => {
    const clock = new MovableClock();
    const { tableName } = await makeStore(db, clock);
    const a = countingStore(tableName, clock, testCipher());
    try {
      const r = sampleRequest();
      await a.store.createRequest(r, { event: ev });
      await a.store.putStepResult(r.id, 'checks', { needsReview: false });
      const inv = a.store.forInvocation!();
      a.calls.length = 0;

      const first = await inv.getRequest(r.id);
      first!.rights.push('access'); // a caller changing what it got does not change what the next one gets
      expect(await inv.getRequest(r.id)).toEqual(r);
      expect(await inv.getStepResult(r.id, 'checks')).toEqual({ needsReview: false });
      expect(await inv.getStepResult(r.id, 'fulfil:delete')).toBeUndefined();
      expect(await inv.getStepResult(r.id, 'checks')).toEqual({ needsReview: false });
      expect(a.calls).toEqual(['GetItemCommand', 'QueryCommand']);

      // Its own writes: the result it recorded and the record it moved are what it reads next, with no read.
      expect(await inv.putStepResult(r.id, 'plan', { notices: [], at: undefined })).toBe(true);
      expect(await inv.getStepResult(r.id, 'plan')).toEqual({ notices: [] });
      const moved = await inv.updateRequest(
        r.id,
        0,
        { status: 'awaiting_verification' },
        { type: 'status', actor: 'system' },
      );
      expect(moved.version).toBe(1);
      expect((await inv.getRequest(r.id))?.status).toBe('awaiting_verification');
      expect(reads(a.calls)).toEqual(['GetItemCommand', 'QueryCommand']);

      // The next invocation reads the table again and sees all of it.
      a.calls.length = 0;
      const next = a.store.forInvocation!();
      expect((await next.getRequest(r.id))?.version).toBe(1);
      expect(await next.getStepResult(r.id, 'plan')).toEqual({ notices: [] });
      expect(reads(a.calls)).toEqual(['GetItemCommand', 'QueryCommand']);
      expect(verifyEventChain(r.id, await a.store.listEvents(r.id))).toEqual({ ok: true, length: 2 });
    } finally {
      a.client.destroy();
    }
  });

  it('reads again what another writer changed: a moved record fails the update, a result recorded first wins', async () => {
    const clock = new MovableClock();
    const { tableName } = await makeStore(db, clock);
    const cipher = testCipher();
    const a = countingStore(tableName, clock, cipher);
    const b = countingStore(tableName, clock, cipher);
    try {
      const r = sampleRequest();
      await a.store.createRequest(r, { event: ev });
      const inv = a.store.forInvocation!();
      expect((await inv.getRequest(r.id))?.version).toBe(0);
      expect(await inv.getStepResult(r.id, 'fulfil:access')).toBeUndefined();

      // b (the API, another container) moves the request and records the result first.
      await b.store.updateRequest(r.id, 0, { status: 'awaiting_verification' }, { type: 'b', actor: 'staff' });
      expect(await b.store.putStepResult(r.id, 'fulfil:access', { status: 'completed', by: 'b' })).toBe(true);

      // The invocation's version 0 is stale: the update is refused, not applied over b's.
      await expect(
        inv.updateRequest(r.id, 0, { status: 'awaiting_verification' }, { type: 'a', actor: 'system' }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      const fresh = await inv.getRequest(r.id);
      expect(fresh?.version).toBe(1);
      expect((await inv.updateRequest(r.id, 1, { status: 'checking' }, { type: 'a', actor: 'system' })).version).toBe(
        2,
      );

      // Its own result loses the race and the winner's is what it reads, although it had read "none" before.
      expect(await inv.putStepResult(r.id, 'fulfil:access', { status: 'completed', by: 'a' })).toBe(false);
      expect(await inv.getStepResult(r.id, 'fulfil:access')).toEqual({ status: 'completed', by: 'b' });

      const events = await a.store.listEvents(r.id);
      expect(events.map((e) => e.type)).toEqual(['received', 'b', 'a']);
      expect(verifyEventChain(r.id, events)).toEqual({ ok: true, length: 3 });
    } finally {
      a.client.destroy();
      b.client.destroy();
    }
  });
});

describe('waiting tasks within one step invocation', () => {
  it('reads all the tasks of a request with one Query; a task it writes, or loses a write of, is read again', async () => {
    const clock = new MovableClock();
    const { tableName } = await makeStore(db, clock);
    const cipher = testCipher();
    const a = countingStore(tableName, clock, cipher);
    const b = countingStore(tableName, clock, cipher);
    try {
      const r = sampleRequest();
      await a.store.createRequest(r, { event: ev });
      const task = (kind: 'review' | 'verification', taskToken: string) => ({
        requestId: r.id,
        kind,
        taskToken,
        status: 'open' as const,
        createdAt: clock.now().toISOString(),
      });
      await a.store.putTask(task('verification', 'v1'));
      await a.store.completeTask(r.id, 'verification', 'succeeded', { verified: true });
      await a.store.putTask(task('review', 'r1'));
      const inv = a.store.forInvocation!();
      a.calls.length = 0;
      expect((await inv.getTask(r.id, 'verification'))?.result).toEqual({ verified: true });
      expect((await inv.getTask(r.id, 'review'))?.status).toBe('open');
      expect(await inv.getTask(r.id, 'fee_acceptance')).toBeUndefined();
      expect(a.calls).toEqual(['QueryCommand']);

      // The officer decides (another writer) while the invocation re-arms the review it read as open: the conditional
      // replace loses, and the next read is the table's — completed, with the decision.
      await b.store.completeTask(r.id, 'review', 'succeeded', { decision: 'proceed' });
      expect(await inv.replaceTask(task('review', 'r2'), 'open')).toBe(false);
      expect(await inv.getTask(r.id, 'review')).toMatchObject({ status: 'succeeded', result: { decision: 'proceed' } });
      // One it opens itself is read back as written.
      await inv.putTask(task('verification', 'v2'));
      expect((await inv.getTask(r.id, 'verification'))?.taskToken).toBe('v2');
      // One it completes is kept as the write left it (completeWaitingTask reads the token right after): no read.
      a.calls.length = 0;
      expect(await inv.completeTask(r.id, 'verification', 'succeeded', { verified: true, level: 'strong' })).toBe(true);
      expect(await inv.getTask(r.id, 'verification')).toMatchObject({
        status: 'succeeded',
        taskToken: 'v2',
        result: { verified: true, level: 'strong' },
      });
      expect(a.calls).toEqual(['UpdateItemCommand']);
      // A completion it loses (already completed) is read again from the table.
      a.calls.length = 0;
      expect(await inv.completeTask(r.id, 'verification', 'failed', { expired: true })).toBe(false);
      expect((await inv.getTask(r.id, 'verification'))?.result).toEqual({ verified: true, level: 'strong' });
      expect(a.calls).toEqual(['UpdateItemCommand', 'GetItemCommand']);
    } finally {
      a.client.destroy();
      b.client.destroy();
    }
  });
});

describe('write-once records', () => {
  it('records step results and notices once, lookup keys per owner', async () => {
    const { store } = await makeStore(db);
    expect(await store.putStepResult('RF-20261125-AAAAAA', 'fulfil:delete', { status: 'done' })).toBe(true);
    expect(await store.putStepResult('RF-20261125-AAAAAA', 'fulfil:delete', { status: 'other' })).toBe(false);
    expect(await store.getStepResult('RF-20261125-AAAAAA', 'fulfil:delete')).toEqual({ status: 'done' });
    expect(await store.claimLookupKey('thread:<x>', 'RF-20261125-AAAAAA')).toBe(true);
    expect(await store.claimLookupKey('thread:<x>', 'RF-20261125-AAAAAA')).toBe(true);
    expect(await store.claimLookupKey('thread:<x>', 'RF-20261125-BBBBBB')).toBe(false);
    const mail = { key: 'reply:1', kind: 'reply', recordedAt: '2026-11-25T00:00:00Z' };
    expect((await store.recordMailIntent(mail)).status).toBe('intent');
    await store.recordMailSent('reply:1', 'mid-1', '2026-11-25T00:00:01Z');
    expect(await store.recordMailIntent(mail)).toMatchObject({ status: 'sent', messageId: 'mid-1' });
  });

  it('counts verification attempts up to the maximum', async () => {
    const { store } = await makeStore(db);
    const rec = {
      requestId: 'RF-20261125-AAAAAA',
      round: 1,
      codeHash: 'h',
      attempts: 0,
      maxAttempts: 2,
      expiresAt: '2026-12-01T00:00:00Z',
      sentTo: '138****1234',
      method: 'sms_code' as const,
      level: 'strong' as const,
      createdAt: '2026-11-25T00:00:00Z',
    };
    expect(await store.putVerificationCode(rec)).toBe(true);
    expect(await store.putVerificationCode(rec)).toBe(false);
    expect(await store.countVerificationAttempt(rec.requestId)).toBe(1);
    expect(await store.countVerificationAttempt(rec.requestId)).toBe(2);
    expect(await store.countVerificationAttempt(rec.requestId)).toBeUndefined();
    expect(await store.putVerificationCode({ ...rec, round: 2, codeHash: 'h2' })).toBe(true);
    expect(await store.getVerificationCode(rec.requestId)).toMatchObject({ round: 2, attempts: 0, codeHash: 'h2' });
  });

  it('keeps the isolation list by subject and by purge-by date', async () => {
    const { store } = await makeStore(db);
    const e = { subjectHash: 'hs', requestId: 'RF-20261125-AAAAAA', categories: ['contact' as const], recordedAt: 'x' };
    await store.putIsolation({ ...e, purgeBy: '2027-01-01T00:00:00Z' });
    await store.putIsolation({ ...e, requestId: 'RF-20261125-BBBBBB', purgeBy: '2026-01-01T00:00:00Z' });
    expect(await store.getIsolation('hs')).toHaveLength(2);
    expect((await store.listIsolation('2026-06-01T00:00:00Z')).map((x) => x.requestId)).toEqual(['RF-20261125-AAAAAA']);
  });
});

describe('quarantined mail', () => {
  it('reads a record back and settles it once: a second decision, or an unknown key, changes nothing', async () => {
    const { store } = await makeStore(db);
    const record = {
      key: 'msgid:<q@example.net>',
      kind: 'spam' as const,
      signal: 'spam_verdict',
      rawKey: 'raw/2026/11/q.eml',
      receivedAt: '2026-11-25T02:00:00.000Z',
    };
    expect(await store.recordIntakeMail(record)).toBe(true);
    expect(await store.getIntakeMail(record.key)).toEqual(record);
    const released = { as: 'released' as const, by: 'staff:a1', at: '2026-11-26T02:00:00.000Z', requestId: 'RF-1' };
    const spam = { as: 'spam' as const, by: 'staff:po1', at: '2026-11-26T03:00:00.000Z' };
    const both = await Promise.all([
      store.settleIntakeMail(record.key, released),
      store.settleIntakeMail(record.key, spam),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const settled = (await store.getIntakeMail(record.key))!.settled;
    expect([released, spam]).toContainEqual(settled);
    expect(await store.settleIntakeMail('msgid:<none@example.net>', spam)).toBe(false);
    expect(await store.getIntakeMail('msgid:<none@example.net>')).toBeUndefined();
    expect((await store.listIntakeMail('spam')).items).toEqual([{ ...record, settled }]);
  });

  it('a release claims the mail first: confirm-spam then fails, and only the claim becomes released', async () => {
    const { store } = await makeStore(db);
    const record = {
      key: 'msgid:<claim@example.net>',
      kind: 'spam' as const,
      signal: 'spam_verdict',
      rawKey: 'raw/2026/11/claim.eml',
      receivedAt: '2026-11-25T02:00:00.000Z',
    };
    expect(await store.recordIntakeMail(record)).toBe(true);
    const claim = { as: 'releasing' as const, by: 'staff:a1', at: '2026-11-26T02:00:00.000Z' };
    const spam = { as: 'spam' as const, by: 'staff:po1', at: '2026-11-26T02:00:01.000Z' };
    const released = { as: 'released' as const, by: 'staff:a1', at: '2026-11-26T02:00:02.000Z', requestId: 'RF-2' };
    // Not yet claimed: nothing to finish.
    expect(await store.settleIntakeMail(record.key, released, { from: 'releasing' })).toBe(false);
    expect(await store.settleIntakeMail(record.key, claim)).toBe(true);
    expect(await store.settleIntakeMail(record.key, spam)).toBe(false);
    expect(await store.settleIntakeMail(record.key, spam, { from: 'spam' })).toBe(false);
    expect(await store.settleIntakeMail(record.key, released, { from: 'releasing' })).toBe(true);
    expect((await store.getIntakeMail(record.key))!.settled).toEqual(released);
    // Finished once: a second finish or a late spam changes nothing.
    expect(await store.settleIntakeMail(record.key, { ...released, by: 'staff:a2' }, { from: 'releasing' })).toBe(
      false,
    );
    expect(await store.settleIntakeMail(record.key, spam)).toBe(false);
    expect(await store.settleIntakeMail('msgid:<none@example.net>', released, { from: 'releasing' })).toBe(false);
    expect((await store.getIntakeMail(record.key))!.settled).toEqual(released);
  });
});

describe('no Scan', () => {
  it('never uses Scan in functions/', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && /ScanCommand|paginateScan/.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(join(import.meta.dirname, '../../../functions'));
    expect(offenders).toEqual([]);
  });
});

describe('DynamoDB Local launcher', () => {
  it('says clearly when Java is missing', async () => {
    const { startDynamoDbLocal } = await import('../../../infra/local/dynamodb-local.ts');
    const path = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      await expect(startDynamoDbLocal()).rejects.toMatchObject({
        name: 'JavaMissing',
        message: expect.stringMatching(/Java 17 or newer/),
      });
    } finally {
      process.env['PATH'] = path;
    }
  });
});
