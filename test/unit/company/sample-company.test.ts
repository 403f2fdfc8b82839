// Runs against Amazon's DynamoDB Local (a real engine), as the local runtime does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable } from '../../../functions/shared/store/table.ts';
import {
  DEMO_ACTIVE,
  DEMO_DISPUTE,
  DEMO_FORMER,
  DEMO_HELD,
  DEMO_MINOR,
} from '../../../infra/local/company/demo-customers.ts';
import { SampleCompany } from '../../../infra/local/company/sample-company.ts';
import { seedSampleCompany } from '../../../infra/local/company/seed.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../../infra/local/dynamodb-local.ts';

const TABLE = 'rightsflow-company-test';
const clock = { now: () => new Date('2026-11-25T04:00:00Z') };
let db: DynamoDbLocal;
let dir: string;
let doc: DynamoDBDocumentClient;
let company: SampleCompany;

function connect(endpoint: string) {
  const raw = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { raw, doc: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rf-company-'));
  db = await startDynamoDbLocal({ dbPath: dir });
  const c = connect(db.endpoint);
  await createTable(c.raw, TABLE);
  doc = c.doc;
  const seeded = await seedSampleCompany(doc, TABLE, { customers: 40, seed: 42 });
  expect(seeded).toMatchObject({ seeded: true, customers: 45 });
  company = new SampleCompany({ client: doc, tableName: TABLE, clock });
});

afterAll(async () => {
  await db?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('SampleCompany (DynamoDB Local)', () => {
  it('seeding again is a no-op', async () => {
    expect(await seedSampleCompany(doc, TABLE, { customers: 40, seed: 42 })).toMatchObject({ seeded: false });
  });

  it('finds a customer only when every given identifier matches', async () => {
    const a = { customerId: DEMO_ACTIVE.customerId };
    expect(await company.findCustomer({ idNumber: DEMO_ACTIVE.idNumber })).toEqual(a);
    expect(await company.findCustomer({ phone: `+86 ${DEMO_ACTIVE.phone}` })).toEqual(a);
    expect(
      await company.findCustomer({
        idNumber: DEMO_ACTIVE.idNumber.toLowerCase(),
        phone: DEMO_ACTIVE.phone,
        name: DEMO_ACTIVE.name,
        bankCardLast4: DEMO_ACTIVE.bankCardLast4,
      }),
    ).toEqual(a);
    expect(await company.findCustomer({ idNumber: DEMO_ACTIVE.idNumber, phone: DEMO_DISPUTE.phone })).toBeUndefined();
    expect(await company.findCustomer({ idNumber: DEMO_ACTIVE.idNumber, name: DEMO_DISPUTE.name })).toBeUndefined();
    expect(await company.findCustomer({ phone: DEMO_ACTIVE.phone, bankCardLast4: '9999' })).toBeUndefined();
    expect(
      await company.findCustomer({ name: DEMO_ACTIVE.name, bankCardLast4: DEMO_ACTIVE.bankCardLast4 }),
    ).toBeUndefined();
    expect(await company.findCustomer({ phone: '13700000000' })).toBeUndefined();
  });

  it('describes and exports what is held, per category', async () => {
    const d = await company.describe(DEMO_ACTIVE.customerId);
    const byCat = Object.fromEntries(d.map((x) => [x.category, x]));
    expect(byCat['transactions']).toMatchObject({ records: 3, lastActivityAt: '2026-11-18T06:15:00.000Z' });
    expect(byCat['bank_cards']?.records).toBe(2); // card + quick-pay binding
    expect(Object.keys(byCat).sort()).toEqual([
      'bank_cards',
      'contact',
      'device',
      'identity',
      'marketing',
      'transactions',
    ]);
    const exported = await company.export(DEMO_ACTIVE.customerId);
    expect(exported.identity?.[0]).toMatchObject({ recordType: 'PROFILE', name: DEMO_ACTIVE.name });
    expect(exported.transactions).toHaveLength(3);
  });

  it('reports recipients, disputes and retention anchors', async () => {
    expect(await company.recipientsOf(DEMO_ACTIVE.customerId)).toEqual([
      'issuing_bank:ICBC',
      'lianlian_hangzhou',
      'nucc',
      'unionpay',
    ]);
    expect(await company.openDisputes(DEMO_DISPUTE.customerId)).toBe(1);
    expect(await company.openDisputes(DEMO_ACTIVE.customerId)).toBe(0);
    expect(await company.retentionAnchors(DEMO_ACTIVE.customerId)).toEqual({
      lastTransactionAt: '2026-11-18T06:15:00.000Z',
    });
    expect(await company.retentionAnchors(DEMO_FORMER.customerId)).toEqual({
      relationshipEndedAt: '2014-06-30T01:00:00.000Z',
      lastTransactionAt: '2014-06-01T05:00:00.000Z',
    });
    const minor = await company.export(DEMO_MINOR.customerId);
    expect(minor.identity?.[0]).toMatchObject({ guardian: { name: DEMO_MINOR.guardian!.name } });
  });

  it('stops marketing idempotently', async () => {
    await company.stopMarketing(DEMO_MINOR.customerId);
    await company.stopMarketing(DEMO_MINOR.customerId);
    const m = (await company.export(DEMO_MINOR.customerId)).marketing?.[0];
    expect(m).toMatchObject({ subscribed: false, stoppedAt: '2026-11-25T04:00:00.000Z' });
    await expect(company.stopMarketing('C999999')).resolves.toBeUndefined();
  });

  it('anonymises transactions, keeping amounts but no order numbers; a second run changes nothing', async () => {
    const counts = await company.erase(DEMO_DISPUTE.customerId, ['transactions', 'device'], 'anonymise');
    expect(counts).toEqual({ transactions: 2, device: 1 });
    const t = (await company.export(DEMO_DISPUTE.customerId)).transactions ?? [];
    expect(t).toHaveLength(2);
    for (const x of t) {
      expect(x).toMatchObject({ anonymised: true, currency: 'CNY' });
      expect(x).not.toHaveProperty('orderNo');
      expect(x).not.toHaveProperty('cardId');
    }
    expect(await company.erase(DEMO_DISPUTE.customerId, ['transactions'], 'anonymise')).toEqual({ transactions: 0 });
    // Identity and contact were not touched: still findable.
    expect(await company.findCustomer({ idNumber: DEMO_DISPUTE.idNumber })).toBeDefined();
  });

  it('marks held categories with the hold end', async () => {
    await company.restrict(DEMO_ACTIVE.customerId, ['identity', 'transactions'], '2036-11-18');
    await company.restrict(DEMO_ACTIVE.customerId, ['transactions'], '2030-01-01'); // an earlier hold never shortens
    const d = Object.fromEntries((await company.describe(DEMO_ACTIVE.customerId)).map((x) => [x.category, x]));
    expect(d['identity']?.heldUntil).toBe('2036-11-18');
    expect(d['transactions']?.heldUntil).toBe('2036-11-18');
    expect(d['contact']?.heldUntil).toBeUndefined();
  });

  it('deletes for real, idempotently, and the deletion survives a restart of the database', async () => {
    const all = ['identity', 'contact', 'bank_cards', 'transactions', 'device', 'marketing', 'support'] as const;
    const counts = await company.erase(DEMO_FORMER.customerId, [...all], 'delete');
    expect(counts).toEqual({
      identity: 1,
      contact: 1,
      bank_cards: 2,
      transactions: 2,
      device: 1,
      marketing: 1,
      support: 1,
    });
    expect(await company.erase(DEMO_FORMER.customerId, [...all], 'delete')).toEqual(
      Object.fromEntries(all.map((c) => [c, 0])),
    );
    expect(await company.findCustomer({ idNumber: DEMO_FORMER.idNumber })).toBeUndefined();
    expect(await company.findCustomer({ phone: DEMO_FORMER.phone })).toBeUndefined();

    await db.stop();
    db = await startDynamoDbLocal({ dbPath: dir });
    doc = connect(db.endpoint).doc;
    company = new SampleCompany({ client: doc, tableName: TABLE, clock });
    expect(await seedSampleCompany(doc, TABLE, { customers: 40, seed: 42 })).toMatchObject({ seeded: false });
    expect(await company.describe(DEMO_FORMER.customerId)).toEqual([]);
    expect(await company.recipientsOf(DEMO_FORMER.customerId)).toEqual([]);
    expect(await company.findCustomer({ idNumber: DEMO_ACTIVE.idNumber })).toEqual({
      customerId: DEMO_ACTIVE.customerId,
    });
  }, 60_000);

  it('correcting a phone moves the lookup index; the address changes in the profile; the export shows both', async () => {
    const changes = [
      { field: 'phone', value: '139 0000 0009' },
      { field: 'address', value: '浙江省杭州市西湖区文三路100号' },
    ] as const;
    expect(await company.correct(DEMO_MINOR.customerId, [...changes])).toEqual([
      { field: 'phone', category: 'contact', status: 'applied' },
      { field: 'address', category: 'identity', status: 'applied' },
    ]);
    expect(await company.findCustomer({ phone: '13900000009' })).toEqual({ customerId: DEMO_MINOR.customerId });
    expect(await company.findCustomer({ phone: DEMO_MINOR.phone })).toBeUndefined();
    const exported = await company.export(DEMO_MINOR.customerId);
    expect(exported.contact?.[0]).toMatchObject({ phone: '13900000009' });
    expect(exported.identity?.[0]).toMatchObject({ address: '浙江省杭州市西湖区文三路100号' });
    // Idempotent: the same values again change nothing.
    expect((await company.correct(DEMO_MINOR.customerId, [...changes])).map((c) => c.status)).toEqual([
      'unchanged',
      'unchanged',
    ]);
  });
});

describe('legal holds', () => {
  it('reports the open AML investigation of the held demo customer, and none for others', async () => {
    const found = await company.findCustomer({ idNumber: DEMO_HELD.idNumber, name: DEMO_HELD.name });
    expect(found).toEqual({ customerId: DEMO_HELD.customerId });
    expect(await company.legalHolds(DEMO_HELD.customerId)).toEqual([
      { kind: 'aml_investigation', since: '2026-09-01T02:00:00.000Z', reference: 'AML-2026-0042' },
    ]);
    expect(await company.legalHolds(DEMO_ACTIVE.customerId)).toEqual([]);
  });

  it('keeps holds apart from the customer data: not described, exported or erased', async () => {
    const described = await company.describe(DEMO_HELD.customerId);
    expect(described.map((d) => d.category)).not.toContain(undefined);
    expect(JSON.stringify(await company.export(DEMO_HELD.customerId))).not.toContain('AML-2026-0042');
    await company.erase(DEMO_HELD.customerId, ['marketing', 'device'], 'delete');
    expect(await company.legalHolds(DEMO_HELD.customerId)).toHaveLength(1);
  });
});
