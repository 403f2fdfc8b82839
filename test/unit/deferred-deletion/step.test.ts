// DeferredDeletion (the EventBridge Scheduler target): erases what a hold kept once the hold has truly ended,
// re-schedules what a later transaction keeps longer, and records it once however often it is delivered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferredScheduleName, step } from '../../../functions/deferred-deletion/step.ts';
import { fulfilKey } from '../../../functions/shared/step.ts';
import { harness, PERSONAL } from '../handlers/harness.ts';
import { type Db, startDb } from '../store/fixture.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

async function setup(anchors: { relationshipEndedAt?: string; lastTransactionAt?: string }) {
  const h = await harness(db);
  const r = await h.create();
  h.company.anchors = anchors;
  // What FulfilRight recorded when the request was fulfilled (the hold then).
  await h.store.putStepResult(r.id, fulfilKey('delete'), {
    right: 'delete',
    status: 'partial',
    customerId: 'C-0001',
    at: '2016-03-01T02:00:00.000Z',
  });
  return { h, id: r.id };
}

const eventsOf = async (h: Awaited<ReturnType<typeof harness>>, id: string) =>
  (await h.store.listEvents(id)).filter((e) => e.type === 'deferred_deletion_done');

describe('DeferredDeletion', () => {
  it('erases the held categories once their holds have ended, each with its erasure mode; a redelivery changes nothing', async () => {
    const { h, id } = await setup({ relationshipEndedAt: '2015-06-01', lastTransactionAt: '2016-01-01' });
    const event = {
      requestId: id,
      customerId: 'C-0001',
      categories: ['transactions', 'identity'],
      kind: 'deferred_deletion',
    };
    const first = await h.run(step, event);
    expect(first).toMatchObject({ status: 'erased', erased: ['identity', 'transactions'], rescheduled: [] });
    const erases = h.company.calls.filter((c) => c.op === 'erase').map((c) => c.args);
    expect(erases).toEqual([
      ['C-0001', ['identity'], 'delete'],
      ['C-0001', ['transactions'], 'anonymise'],
    ]);
    expect(h.scheduled).toEqual([]);

    const again = await h.run(step, event);
    expect(again).toEqual(first);
    expect(h.company.count('erase')).toBe(2);
    const events = await eventsOf(h, id);
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ status: 'erased', erased: ['identity', 'transactions'] });
    const text = JSON.stringify(await h.store.listEvents(id)) + h.logger.lines.join('\n');
    for (const p of PERSONAL) expect(text).not.toContain(p);
  });

  it('re-schedules what a later transaction still holds (AML: 10 years after the transaction), erases the rest', async () => {
    const { h, id } = await setup({ relationshipEndedAt: '2015-06-01', lastTransactionAt: '2026-10-01' });
    const event = { requestId: id, customerId: 'C-0001', categories: ['identity', 'transactions'] };
    const res = await h.run(step, event);
    expect(res).toMatchObject({
      status: 'partial',
      erased: ['identity'],
      rescheduled: [{ categories: ['transactions'], until: '2036-10-01', day: '2036-10-02' }],
    });
    expect(h.company.calls.filter((c) => c.op === 'erase').map((c) => c.args[1])).toEqual([['identity']]);
    expect(h.company.calls.filter((c) => c.op === 'restrict').map((c) => c.args)).toEqual([
      ['C-0001', ['transactions'], '2036-10-01'],
    ]);
    expect(h.scheduled).toHaveLength(1);
    expect(h.scheduled[0]).toEqual({
      name: deferredScheduleName(id, '2036-10-02', ['transactions']),
      at: new Date('2036-10-01T16:00:00Z'),
      payload: { requestId: id, customerId: 'C-0001', categories: ['transactions'], kind: 'deferred_deletion' },
    });
    expect(h.scheduled[0]?.name.length).toBeLessThanOrEqual(64);

    // Delivered again (at-least-once): one audit event; the schedule name is the same, so no second schedule.
    await h.run(step, event);
    expect(await eventsOf(h, id)).toHaveLength(1);
    expect(new Set(h.scheduled.map((s) => s.name)).size).toBe(1);

    // The re-scheduled firing, once that hold has ended too, erases (anonymises) the transactions.
    h.clock.advance(10.9 * 365 * 86_400_000);
    const later = await h.run(step, h.scheduled[0]?.payload);
    expect(later).toMatchObject({ status: 'erased', erased: ['transactions'] });
    expect(h.company.calls.filter((c) => c.op === 'erase').at(-1)?.args).toEqual([
      'C-0001',
      ['transactions'],
      'anonymise',
    ]);
    expect(await eventsOf(h, id)).toHaveLength(2);
  });

  it('a relationship that has not ended (or resumed) is never anchored at the fulfilment: re-checked, not erased (H6)', async () => {
    const { h, id } = await setup({});
    const res = await h.run(step, { requestId: id, categories: ['identity'] });
    // The service needs the identity data again: nothing erased, a re-check scheduled 90 days on.
    expect(res).toMatchObject({
      status: 'rescheduled',
      erased: [],
      rescheduled: [{ categories: ['identity'], until: null, day: '2027-02-23', why: 'relationship_resumed' }],
    });
    expect(h.company.count('erase')).toBe(0);
    expect(h.scheduled.map((s) => s.payload)).toEqual([
      { requestId: id, customerId: 'C-0001', categories: ['identity'], kind: 'deferred_deletion' },
    ]);
  });

  it('re-checks legal holds, disputes and restrictions opened since: reschedules instead of erasing (H7)', async () => {
    const { h, id } = await setup({ relationshipEndedAt: '2015-06-01', lastTransactionAt: '2016-01-01' });
    h.company.holds = [{ kind: 'regulator', since: '2026-01-01T00:00:00Z' }];
    const res = await h.run(step, { requestId: id, categories: ['identity', 'transactions'] });
    expect(res).toMatchObject({ status: 'rescheduled', erased: [] });
    expect(h.company.count('erase')).toBe(0);
    // Kept storage-only while the hold lasts, and looked at again later.
    expect(h.company.calls.filter((c) => c.op === 'restrict').map((c) => c.args.slice(1))).toEqual([
      [['identity', 'transactions'], '9999-12-31'],
    ]);
    expect(h.scheduled).toHaveLength(1);

    // The hold is lifted; a dispute is opened over the transactions: identity goes, transactions stay.
    h.company.holds = [];
    h.company.disputeEvidence = [{ disputeId: 'D1', openedAt: '2026-12-01', categories: ['transactions'] }];
    h.clock.advance(91 * 86_400_000);
    const later = await h.run(step, h.scheduled[0]?.payload);
    expect(later).toMatchObject({ status: 'partial', erased: ['identity'] });
    expect((later as { rescheduled: { why: string }[] }).rescheduled.map((r) => r.why)).toEqual(['dispute']);
    expect(h.company.calls.filter((c) => c.op === 'erase').map((c) => c.args[1])).toEqual([['identity']]);

    // The person's own restriction holds too.
    h.company.disputeEvidence = [];
    h.company.personRestrictions = [{ categories: ['transactions'], until: null, since: '2026-12-02' }];
    h.clock.advance(91 * 86_400_000);
    const third = await h.run(step, h.scheduled.at(-1)?.payload);
    expect(third).toMatchObject({ status: 'rescheduled', erased: [] });
    expect(h.company.count('erase')).toBe(1);
  });

  it('tells the processor that kept it storage-only to delete it now, once (the notice promised "另行通知删除")', async () => {
    const { h, id } = await setup({ relationshipEndedAt: '2015-06-01', lastTransactionAt: '2016-01-01' });
    const processor = {
      partnerId: 'lianlian_hangzhou',
      registryId: 'lianlian_hangzhou',
      names: { zh: '连连（杭州）信息技术有限公司', en: 'LianLian (Hangzhou) Information Technology Co., Ltd.' },
      role: 'entrusted_processor',
      categories: ['contact'],
      restricted: [{ category: 'identity', until: '2025-06-01' }],
      cancellations: [],
      channel: { type: 'email', address: 'processor@example.com' },
      legalBasisArticle: 21,
      sentOn: '2016-03-01',
      ackDueBy: '2016-03-08',
      remindOn: [],
      escalationContact: 'privacy@lianlianpay.com',
      registryVersion: 'x',
    };
    await h.store.putStepResult(id, 'plan', { notices: [processor] });
    const event = { requestId: id, customerId: 'C-0001', categories: ['identity'] };
    expect(await h.run(step, event)).toMatchObject({ status: 'erased', notified: ['lianlian_hangzhou'] });
    await h.run(step, event);
    const notices = h.mailer.byKind('partner_notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.to).toEqual(['processor@example.com']);
    expect(notices[0]?.subject).toContain('个人信息删除通知');
    expect(notices[0]?.text).toContain('身份信息');
    expect(notices[0]?.text).not.toContain('联系方式');
  });

  it('records a request without a known customer and erases nothing', async () => {
    const h = await harness(db);
    const r = await h.create();
    const res = await h.run(step, { requestId: r.id, categories: ['identity'] });
    expect(res).toMatchObject({ status: 'no_customer', erased: [] });
    expect(h.company.count('erase')).toBe(0);
    expect(await eventsOf(h, r.id)).toHaveLength(1);
  });

  it('rejects a payload that is not a deferred deletion', async () => {
    const h = await harness(db);
    await expect(h.run(step, { requestId: 'RF-20261125-AAAAAA', categories: [] })).rejects.toMatchObject({
      name: 'InvalidInput',
    });
    await expect(h.run(step, { requestId: 'x', categories: ['identity'] })).rejects.toMatchObject({
      name: 'InvalidInput',
    });
  });
});
