// Partners are read BEFORE erasing: once cards and transactions are gone the company can no longer name the issuing
// bank or the network, and a crash between erasing and recording the result must not lose them either.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataCategory } from '../../../domain/request/model.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as planNotices } from '../../../functions/plan-notices/step.ts';
import { fulfilKey } from '../../../functions/shared/step.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { FakeCompany, harness } from './harness.ts';

/** Like the sample company: recipients are derived from card and transaction records, so erasing them forgets them. */
class ForgetfulCompany extends FakeCompany {
  erasedAll = false;
  crashAfterErase = false;
  override async erase(customerId: string, categories: DataCategory[], mode: 'delete' | 'anonymise') {
    const counts = await super.erase(customerId, categories, mode);
    this.erasedAll = true;
    if (this.crashAfterErase) {
      this.crashAfterErase = false;
      throw new Error('process killed after erasing');
    }
    return counts;
  }
  override async recipientsOf(customerId: string) {
    await super.recipientsOf(customerId);
    return this.erasedAll ? [] : ['issuing_bank:ICBC', 'lianlian_hangzhou', 'unionpay'];
  }
}

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

async function setup() {
  const h = await harness(db);
  const company = new ForgetfulCompany();
  company.anchors = { relationshipEndedAt: '2010-01-01', lastTransactionAt: '2010-01-01' };
  h.deps.company = company;
  const r = await h.create({ rights: ['delete'], verification: { level: 'strong', method: 'hotline_staff' } });
  return { h, company, id: r.id };
}

describe('FulfilRight delete: recipients recorded before erasure', () => {
  it('the issuing bank and the network are notified although erasure removed the records naming them', async () => {
    const { h, id } = await setup();
    await h.run(fulfilRight, { requestId: id, right: 'delete' });
    const result = await h.store.getStepResult<{ recipients?: string[] }>(id, fulfilKey('delete'));
    expect(result?.recipients).toEqual(['issuing_bank:ICBC', 'lianlian_hangzhou', 'unionpay']);
    const plan = await h.run<{ notices: { partnerId: string }[] }>(planNotices, { requestId: id });
    expect(plan.notices.map((n) => n.partnerId).sort()).toEqual(['issuing_bank:ICBC', 'lianlian_hangzhou', 'unionpay']);
  });

  it('a crash between erasing and recording the result keeps the recipients for the re-drive', async () => {
    const { h, company, id } = await setup();
    company.crashAfterErase = true;
    await expect(h.run(fulfilRight, { requestId: id, right: 'delete' })).rejects.toThrow(/killed/);
    expect(await h.store.getStepResult(id, fulfilKey('delete'))).toBeUndefined();
    await h.run(fulfilRight, { requestId: id, right: 'delete' });
    const result = await h.store.getStepResult<{ recipients?: string[] }>(id, fulfilKey('delete'));
    expect(result?.recipients).toContain('issuing_bank:ICBC');
    expect(result?.recipients).toContain('unionpay');
  });

  it('cancelling quick pay tells the issuing bank of the cards it just removed', async () => {
    const { h } = await setup();
    const r2 = await h.create({
      rights: ['cancel_quickpay'],
      verification: { level: 'strong', method: 'hotline_staff' },
    });
    await h.run(fulfilRight, { requestId: r2.id, right: 'cancel_quickpay' });
    const result = await h.store.getStepResult<{ recipients?: string[] }>(r2.id, fulfilKey('cancel_quickpay'));
    // The affiliate processor holds the same card data for us: it is told to restrict it (the data stays under AML art. 34).
    expect(result?.recipients).toEqual(['issuing_bank:ICBC', 'lianlian_hangzhou', 'unionpay']);
  });
});
