// Local adapters: sealed fields, encrypted atomic blobs, the outbox (once per key, SES-shaped, sealed) and the
// table-backed scheduler, against the real DynamoDB Local.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable } from '../../../functions/shared/store/table.ts';
import { createFsBlobStore } from '../../../infra/local/adapters/fs-blob-store.ts';
import { createLocalCipher } from '../../../infra/local/adapters/local-cipher.ts';
import { loadOrCreateLocalKey } from '../../../infra/local/adapters/local-key.ts';
import { createLocalScheduler } from '../../../infra/local/adapters/local-scheduler.ts';
import { createOutboxMailer } from '../../../infra/local/adapters/outbox-mailer.ts';
import { localDynamoClients } from '../../../infra/local/dynamo-client.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../../infra/local/dynamodb-local.ts';

let dir: string;
let db: DynamoDbLocal;
let doc: ReturnType<typeof localDynamoClients>['doc'];
const TABLE = 'adapters-test';
let now = new Date('2026-11-25T04:00:00Z');
const clock = { now: () => now };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rf-adapters-'));
  db = await startDynamoDbLocal();
  const clients = localDynamoClients(db.endpoint);
  doc = clients.doc;
  await createTable(clients.client, TABLE);
});
afterAll(async () => {
  await db?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('local key and cipher', () => {
  it('creates the key once, mode 0600, and seals so that only the key opens', async () => {
    const key = await loadOrCreateLocalKey(dir);
    expect(await loadOrCreateLocalKey(dir)).toEqual(key);
    expect((await stat(join(dir, 'keys', 'local.key'))).mode & 0o777).toBe(0o600);
    const cipher = createLocalCipher(key);
    const sealed = await cipher.seal('张三 110101199003077777');
    expect(sealed).not.toContain('张三');
    expect(await cipher.open(sealed)).toBe('张三 110101199003077777');
    const other = createLocalCipher(Buffer.alloc(32, 7));
    await expect(other.open(sealed)).rejects.toThrow();
  });
});

describe('filesystem blob store', () => {
  it('stores encrypted, reads back, leaves no temp files and refuses escaping keys', async () => {
    const key = await loadOrCreateLocalKey(dir);
    const blobs = createFsBlobStore({ dir: join(dir, 'blobs'), key });
    const body = new TextEncoder().encode('From: someone\r\n\r\n请删除我的个人信息');
    await blobs.put('raw/2026/11/abc.eml', body);
    expect(await blobs.exists('raw/2026/11/abc.eml')).toBe(true);
    expect(await blobs.exists('raw/2026/11/none.eml')).toBe(false);
    expect(Buffer.from(await blobs.get('raw/2026/11/abc.eml')).toString()).toContain('请删除');
    const onDisk = await readFile(join(dir, 'blobs', 'raw/2026/11/abc.eml'));
    expect(onDisk.toString('latin1')).not.toContain('From: someone');
    expect(await readdir(join(dir, 'blobs', 'raw/2026/11'))).toEqual(['abc.eml']);
    await expect(blobs.put('../escape', body)).rejects.toThrow(/invalid blob key/);
    await expect(blobs.put('/abs', body)).rejects.toThrow(/invalid blob key/);
  });
});

describe('outbox mailer', () => {
  it('stores each key once even when sent concurrently, sealed, and lists SES-shaped messages', async () => {
    const cipher = createLocalCipher(await loadOrCreateLocalKey(dir));
    const outbox = createOutboxMailer({ client: doc, tableName: TABLE, cipher, clock });
    const mail = {
      key: 'ack:RF-20261125-AAAAAA',
      kind: 'ack',
      requestId: 'RF-20261125-AAAAAA',
      from: 'privacy@rightsflow.local',
      to: ['zhang.san@example.com'],
      subject: '已收到您的个人信息权利请求',
      text: '您的请求编号 RF-20261125-AAAAAA',
      inReplyTo: '<m1@example.com>',
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => outbox.send(mail)));
    expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
    now = new Date('2026-11-25T04:00:01Z');
    await outbox.send({ ...mail, key: 'verification:RF-20261125-AAAAAA', kind: 'verification_code' });
    now = new Date('2026-11-25T04:00:02Z');
    await outbox.send({ ...mail, key: 'reply:RF-20261125-BBBBBB', requestId: 'RF-20261125-BBBBBB', kind: 'reply' });

    const all = await outbox.listOutbox();
    expect(all.map((m) => m.kind)).toEqual(['reply', 'verification_code', 'ack']);
    expect(all[2]).toMatchObject({
      to: ['zhang.san@example.com'],
      subject: mail.subject,
      inReplyTo: '<m1@example.com>',
    });
    expect(await outbox.listOutbox({ requestId: 'RF-20261125-AAAAAA' })).toHaveLength(2);
    expect(await outbox.listOutbox({ kind: 'reply' })).toHaveLength(1);
    expect((await outbox.listOutbox({ limit: 1 })).map((m) => m.kind)).toEqual(['reply']);

    const raw = await doc.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'OUTBOX' },
      }),
    );
    expect(JSON.stringify(raw.Items)).not.toContain('zhang.san');
    const claim = await doc.send(
      new GetCommand({ TableName: TABLE, Key: { pk: 'OUTBOX#ack:RF-20261125-AAAAAA', sk: 'CLAIM' } }),
    );
    expect(claim.Item?.['messageId']).toBe(results[0]!.messageId);
  });
});

describe('local scheduler', () => {
  it('finds what is due by time, replaces by name, and forgets what fired', async () => {
    const scheduler = createLocalScheduler({ client: doc, tableName: TABLE });
    await scheduler.scheduleAt('hold-end:RF-1:transactions', new Date('2036-01-01T00:00:00Z'), { requestId: 'RF-1' });
    await scheduler.scheduleAt('hold-end:RF-2:identity', new Date('2030-01-01T00:00:00Z'), { requestId: 'RF-2' });
    await scheduler.scheduleAt('hold-end:RF-2:identity', new Date('2031-01-01T00:00:00Z'), { requestId: 'RF-2', v: 2 });
    expect(await scheduler.listDue(new Date('2029-12-31T00:00:00Z'))).toEqual([]);
    const due = await scheduler.listDue(new Date('2031-06-01T00:00:00Z'));
    expect(due).toEqual([
      { name: 'hold-end:RF-2:identity', at: '2031-01-01T00:00:00.000Z', payload: { requestId: 'RF-2', v: 2 } },
    ]);
    await scheduler.markFired('hold-end:RF-2:identity', new Date('2031-06-01T00:00:00Z'));
    expect(await scheduler.listDue(new Date('2040-01-01T00:00:00Z'))).toHaveLength(1);
    // a fired schedule is not re-armed by scheduling it again
    await scheduler.scheduleAt('hold-end:RF-2:identity', new Date('2032-01-01T00:00:00Z'), { requestId: 'RF-2' });
    expect((await scheduler.listDue(new Date('2040-01-01T00:00:00Z'))).map((d) => d.name)).toEqual([
      'hold-end:RF-1:transactions',
    ]);
  });
});
