// Shared by the store and handler tests: a real DynamoDB Local, a fresh table per test, a test cipher and requests.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RightsRequest } from '../../../domain/request/model.ts';
import type { Clock, FieldCipher } from '../../../functions/shared/ports.ts';
import { createDynamoStore } from '../../../functions/shared/store/dynamo-store.ts';
import { createTable } from '../../../functions/shared/store/table.ts';
import { startDynamoDbLocal } from '../../../infra/local/dynamodb-local.ts';

export interface Db {
  endpoint: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  stop(): Promise<void>;
}

export async function startDb(): Promise<Db> {
  const local = await startDynamoDbLocal();
  const client = new DynamoDBClient({
    endpoint: local.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const doc = DynamoDBDocumentClient.from(client);
  return {
    endpoint: local.endpoint,
    client,
    doc,
    async stop() {
      client.destroy();
      await local.stop();
    },
  };
}

let tableSeq = 0;
export async function freshTable(db: Db): Promise<string> {
  const name = `t${process.pid}_${++tableSeq}_${Date.now()}`;
  await createTable(db.client, name);
  return name;
}

/** AES-256-GCM with a random key: stands in for KMS/local key in tests. */
export function testCipher(): FieldCipher {
  const key = randomBytes(32);
  return {
    async seal(plaintext) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
      return `test1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    },
    async open(sealed) {
      const raw = Buffer.from(sealed.slice('test1.'.length), 'base64');
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

export class MovableClock implements Clock {
  constructor(public t = new Date('2026-11-25T02:00:00Z')) {}
  now() {
    return new Date(this.t);
  }
  advance(ms: number) {
    this.t = new Date(this.t.getTime() + ms);
  }
}

export async function makeStore(db: Db, clock: Clock = new MovableClock()) {
  const tableName = await freshTable(db);
  return { tableName, store: createDynamoStore({ client: db.doc, tableName, cipher: testCipher(), clock }) };
}

let idSeq = 0;
const B32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function newId(date = '20261125'): string {
  let n = ++idSeq + Math.floor(Math.random() * 1e6) * 1000;
  let s = '';
  for (let i = 0; i < 6; i++) {
    s = B32[n % 32] + s;
    n = Math.floor(n / 32);
  }
  return `RF-${date}-${s}`;
}

/** A request about a fake person (名字 and numbers made up; the ID number's checksum is not meant to be valid). */
export function sampleRequest(over: Partial<RightsRequest> = {}): RightsRequest {
  const at = '2026-11-25T02:00:00.000Z';
  return {
    id: newId(),
    channel: 'email',
    status: 'received',
    rights: ['delete'],
    language: 'zh',
    subject: {
      name: '测试用户',
      idNumber: '11010519491231002X',
      phone: '13800001234',
      email: 'fake.person@example.com',
      bankCardLast4: '4321',
    },
    requester: { type: 'self', email: 'fake.person@example.com' },
    minor: false,
    verification: { level: 'none' },
    receivedAt: at,
    deadline: {
      receivedOn: '2026-11-25',
      deadline: '2026-12-16',
      deadlineAt: '2026-12-16T15:59:59.000Z',
      workingDays: 15,
      provisional: false,
      clockStart: 'receipt',
    },
    details: '请删除我的个人信息，手机13800001234',
    source: { messageId: '<m1@example.com>', subjectLine: '删除请求 测试用户' },
    linkedRequestIds: [],
    createdAt: at,
    updatedAt: at,
    version: 0,
    ...over,
  };
}
