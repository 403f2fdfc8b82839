// Audit events never hold personal data in clear: the store masks event data before hashing it into the chain.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEventChain } from '../../../functions/shared/store/event-chain.ts';
import { type Db, makeStore, sampleRequest, startDb } from '../store/fixture.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

const PHONE = '13800001234';
const ID = '11010519491231002X';
const EMAIL = 'zhang.san@example.com';

describe('appendEvent / createRequest event data', () => {
  it('stores phone, ID number and email masked, and the chain still verifies', async () => {
    const { store, tableName } = await makeStore(db);
    const r = sampleRequest();
    await store.createRequest(r, {
      lookupKeys: [],
      event: { type: 'received', actor: 'system', data: { note: `请联系 ${PHONE}` } },
    });
    const e = await store.appendEvent(r.id, {
      type: 'staff.note',
      actor: 'staff:u1',
      data: { phone: PHONE, text: `身份证 ${ID}，邮箱 ${EMAIL}`, nested: { contactEmail: EMAIL }, count: 3 },
    });
    const events = await store.listEvents(r.id);
    const all = JSON.stringify(events);
    for (const pii of [PHONE, ID, EMAIL]) expect(all).not.toContain(pii);
    expect(e.data?.['count']).toBe(3);
    expect(String(e.data?.['phone'])).toMatch(/^138\*+1234$/);
    // The raw item in the table is masked too, not only the returned value.
    const item = await db.doc.send(
      new GetCommand({ TableName: tableName, Key: { pk: `REQ#${r.id}`, sk: `EVT#${String(e.seq).padStart(8, '0')}` } }),
    );
    expect(item.Item).toBeDefined();
    expect(JSON.stringify(item.Item)).not.toContain(PHONE);
    expect(verifyEventChain(r.id, events).ok).toBe(true);
  });
});
