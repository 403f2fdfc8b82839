// The sample company's agreements and holds on DynamoDB Local: quick-pay bindings end with their end recorded (a
// retention anchor) and their records kept; restriction and erasure narrowed to a binding touch only its card and
// transactions; account closure ends the relationship once; disputes report their evidence; the person's own
// restrictions are kept apart and reported.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable } from '../../../functions/shared/store/table.ts';
import { DEMO_ACTIVE, DEMO_DISPUTE, DEMO_FORMER } from '../../../infra/local/company/demo-customers.ts';
import { SampleCompany } from '../../../infra/local/company/sample-company.ts';
import { seedSampleCompany } from '../../../infra/local/company/seed.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../../infra/local/dynamodb-local.ts';

const TABLE = 'rightsflow-agreements-test';
const clock = { now: () => new Date('2026-11-25T04:00:00Z') };
let db: DynamoDbLocal;
let dir: string;
let company: SampleCompany;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rf-agreements-'));
  db = await startDynamoDbLocal({ dbPath: dir });
  const raw = new DynamoDBClient({
    endpoint: db.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTable(raw, TABLE);
  const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  await seedSampleCompany(doc, TABLE, { customers: 40, seed: 42 });
  company = new SampleCompany({ client: doc, tableName: TABLE, clock });
});

afterAll(async () => {
  await db?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A generated customer with two active bindings on two different cards (the seed is fixed, so always the same). */
async function twoCardCustomer() {
  for (let i = 1; i <= 40; i++) {
    const id = `C${String(i).padStart(6, '0')}`;
    const active = (await company.quickPayBindings(id)).filter((b) => b.status === 'active');
    if (new Set(active.map((b) => b.cardLast4)).size >= 2) return { id, active };
  }
  throw new Error('the seed has no customer with two bound cards');
}

describe('quick-pay bindings', () => {
  it('reports each binding with its card, bank and the networks that carried its payments', async () => {
    expect(await company.quickPayBindings(DEMO_ACTIVE.customerId)).toEqual([
      {
        bindingId: `${DEMO_ACTIVE.customerId}-Q1`,
        cardLast4: DEMO_ACTIVE.bankCardLast4,
        issuingBank: DEMO_ACTIVE.issuingBank,
        clearing: ['nucc', 'unionpay'],
        merchant: '示例商城电子商务有限公司',
        boundAt: '2019-04-01T02:06:00.000Z',
        status: 'active',
      },
    ]);
  });

  it('ending one binding keeps its records, records the end once, and leaves the other card bound', async () => {
    const { id, active } = await twoCardCustomer();
    const [first, second] = active;
    const after = await company.endQuickPay(id, [first!.bindingId], '2026-11-25T04:00:00.000Z');
    expect(after.find((b) => b.bindingId === first!.bindingId)).toMatchObject({
      status: 'cancelled',
      endedAt: '2026-11-25T04:00:00.000Z',
    });
    expect(after.find((b) => b.bindingId === second!.bindingId)?.status).toBe('active');
    // Again later: the first end stands (it is the retention anchor).
    const again = await company.endQuickPay(id, [first!.bindingId], '2027-01-01T00:00:00.000Z');
    expect(again.find((b) => b.bindingId === first!.bindingId)?.endedAt).toBe('2026-11-25T04:00:00.000Z');
    expect((await company.retentionAnchors(id)).quickPayEndedAt).toBe('2026-11-25T04:00:00.000Z');

    // Storage-only narrowed to that binding: its card and that card's transactions, nothing of the other card.
    await company.restrict(id, ['bank_cards', 'transactions'], '2036-11-25', { bindingIds: [first!.bindingId] });
    const exported = await company.export(id);
    const cards = (exported.bank_cards ?? []) as { recordType: string; last4?: string; heldUntil?: string }[];
    for (const c of cards.filter((x) => x.recordType === 'CARD'))
      expect(c.heldUntil).toBe(c.last4 === first!.cardLast4 ? '2036-11-25' : undefined);
    const txns = (exported.transactions ?? []) as { cardId: string; heldUntil?: string }[];
    const cardIdOf = new Map(
      ((exported.bank_cards ?? []) as { recordType: string; cardId: string; last4: string }[])
        .filter((x) => x.recordType === 'CARD')
        .map((x) => [x.last4, x.cardId]),
    );
    for (const t of txns)
      expect(t.heldUntil).toBe(t.cardId === cardIdOf.get(first!.cardLast4) ? '2036-11-25' : undefined);
  });

  it('erasure narrowed to a binding removes only that card (never another card or its transactions)', async () => {
    const { id, active } = await twoCardCustomer();
    const before = (await company.export(id)).bank_cards?.length ?? 0;
    const counts = await company.erase(id, ['bank_cards'], 'delete', { bindingIds: [active[0]!.bindingId] });
    // The binding and its card (2 records); the other card and its binding stay.
    expect(counts.bank_cards).toBe(2);
    expect((await company.export(id)).bank_cards?.length).toBe(before - 2);
    expect((await company.quickPayBindings(id)).map((b) => b.bindingId)).toEqual(
      active.slice(1).map((b) => b.bindingId),
    );
  });
});

describe('account closure', () => {
  it('ends the relationship and every active binding once; the end survives erasing the profile', async () => {
    const at = '2026-11-25T04:00:00.000Z';
    const closed = await company.closeAccount(DEMO_DISPUTE.customerId, at);
    expect(closed.closedAt).toBe(at);
    expect(closed.bindingsEnded.map((b) => [b.bindingId, b.status, b.endedAt])).toEqual([
      [`${DEMO_DISPUTE.customerId}-Q1`, 'cancelled', at],
    ]);
    expect((await company.closeAccount(DEMO_DISPUTE.customerId, '2027-01-01T00:00:00.000Z')).closedAt).toBe(at);
    expect((await company.retentionAnchors(DEMO_DISPUTE.customerId)).relationshipEndedAt).toBe(at);
    await company.erase(DEMO_DISPUTE.customerId, ['identity'], 'delete');
    expect((await company.retentionAnchors(DEMO_DISPUTE.customerId)).relationshipEndedAt).toBe(at);
  });

  it('a customer closed years ago keeps that date as the end', async () => {
    const closed = await company.closeAccount(DEMO_FORMER.customerId, '2026-11-25T04:00:00.000Z');
    expect(closed).toEqual({ closedAt: '2014-06-30T01:00:00.000Z', bindingsEnded: [] });
  });
});

describe('holds the guard reads', () => {
  it('an open dispute holds its support records, the transactions and the card', async () => {
    expect(await company.disputeHolds(DEMO_DISPUTE.customerId)).toEqual([
      {
        disputeId: `${DEMO_DISPUTE.customerId}-S1`,
        openedAt: '2026-10-22T02:00:00.000Z',
        categories: ['support', 'transactions', 'bank_cards'],
      },
    ]);
    expect(await company.disputeHolds(DEMO_ACTIVE.customerId)).toEqual([]);
  });

  it("records the person's own restriction apart and reports it while in force", async () => {
    expect(await company.restrictions(DEMO_ACTIVE.customerId)).toEqual([]);
    await company.restrict(DEMO_ACTIVE.customerId, ['marketing'], '9999-12-31', { basis: 'person' });
    await company.restrict(DEMO_ACTIVE.customerId, ['device'], '2026-12-31', { basis: 'person' });
    await company.restrict(DEMO_ACTIVE.customerId, ['device'], '2026-01-31', { basis: 'person' }); // over already
    expect(await company.restrictions(DEMO_ACTIVE.customerId)).toEqual([
      { categories: ['device'], until: '2026-12-31', since: '2026-11-25T04:00:00.000Z' },
      { categories: ['marketing'], until: null, since: '2026-11-25T04:00:00.000Z' },
    ]);
    // A hold's storage-only marking is not the person's restriction.
    await company.restrict(DEMO_ACTIVE.customerId, ['support'], '2036-01-01');
    expect((await company.restrictions(DEMO_ACTIVE.customerId)).map((r) => r.categories)).toEqual([
      ['device'],
      ['marketing'],
    ]);
  });
});
