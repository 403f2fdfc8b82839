// A partner that asked for one mail a day (its e-mail channel's `dailyBatch`, a stage setting) gets one list per day
// from the sweep — each notice with its own acknowledgement page and encrypted reference — instead of one mail per
// request (issue 11 item 3, review M6). Reminders and escalation stay per notice.
import { BlobReader, TextWriter, ZipReader } from '@zip.js/zip.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRecipientChannels } from '../../../domain/policy/overrides.ts';
import { step as chase } from '../../../functions/chase-acknowledgements/step.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as planNotices } from '../../../functions/plan-notices/step.ts';
import { signAckToken } from '../../../functions/send-recipient-notice/ack-token.ts';
import { step as sendNotice } from '../../../functions/send-recipient-notice/step.ts';
import { METRIC } from '../../../functions/shared/metrics.ts';
import { runSweep } from '../../../functions/sweep/sweep.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness, SALT } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

async function setup() {
  const h = await harness(db);
  h.deps.policy = withRecipientChannels(h.deps.policy, {
    unionpay: { type: 'email', address: 'notices@unionpay.example.com', dailyBatch: true },
    'issuing_bank:ICBC': { type: 'email', address: 'privacy@icbc.example.com' },
  });
  h.company.anchors = { relationshipEndedAt: '2010-01-01', lastTransactionAt: '2010-01-01' };
  // A payment UnionPay cleared: its reference to the person (partner-reference.ts) is that transaction.
  h.deps.company.export = async () => ({
    identity: [{ recordType: 'PROFILE', name: '测试用户', idNumber: '11010519491231002X' }],
    transactions: [
      {
        recordType: 'TXN',
        txnId: 'T-1',
        orderNo: 'O-1',
        at: '2026-01-02T00:00:00Z',
        amount: '12.00',
        clearing: 'unionpay',
        cardId: 'K1',
      },
    ],
  });
  async function erased() {
    const r = await h.create({ rights: ['delete'], verification: { level: 'strong', method: 'hotline_staff' } });
    await h.run(fulfilRight, { requestId: r.id, right: 'delete' });
    const plan = await h.run<{ notices: { requestId: string; partnerId: string }[] }>(planNotices, {
      requestId: r.id,
    });
    for (const n of plan.notices) await h.run(sendNotice, n);
    return r.id;
  }
  return { h, erased };
}

describe("a partner's daily list of notices", () => {
  it('two erasures in a day: one mail to the partner after 17:00 listing both, each with its page and file', async () => {
    const { h, erased } = await setup();
    // 10:00 Shanghai: two requests are erased; the bank (no daily list) is told at once, UnionPay waits.
    const a = await erased();
    const b = await erased();
    const toUnionpay = () => h.mailer.sent.filter((m) => m.to.includes('notices@unionpay.example.com'));
    expect(toUnionpay()).toEqual([]);
    expect(h.mailer.sent.filter((m) => m.to.includes('privacy@icbc.example.com'))).toHaveLength(2);
    expect(await h.store.getNotice(a, 'unionpay')).toMatchObject({ status: 'queued', batchDay: '2026-11-25' });

    // A sweep before the cutoff sends nothing.
    expect((await runSweep(h.deps)).noticeLists).toBe(0);
    expect(toUnionpay()).toEqual([]);

    // 17:05: one mail, both requests listed with their own signed acknowledgement pages and encrypted files.
    h.clock.t = new Date('2026-11-25T09:05:00Z');
    expect((await runSweep(h.deps)).noticeLists).toBe(1);
    const [list] = toUnionpay();
    expect(toUnionpay()).toHaveLength(1);
    expect(list!.kind).toBe('partner_notice_list');
    expect(list!.subject).toContain('共 2 份');
    for (const id of [a, b]) {
      expect(list!.text).toContain(`${id}  请于`);
      expect(list!.text).toContain(`/partner-ack/${signAckToken(SALT, id, 'unionpay')}`);
    }
    expect(list!.attachments?.map((x) => x.filename).sort()).toEqual(
      [a, b].map((id) => `${id}-subject-reference.zip`).sort(),
    );
    // Each file opens with the password agreed with UnionPay and holds that request's reference.
    const password = (await h.deps.partnerSecrets!.secretFor('unionpay'))!;
    const zip = list!.attachments!.find((x) => x.filename === `${a}-subject-reference.zip`)!.content as Uint8Array;
    const entries = await new ZipReader(new BlobReader(new Blob([zip])), { password }).getEntries();
    const inside = await (entries[0] as { getData(w: TextWriter): Promise<string> }).getData(new TextWriter());
    expect(inside).toContain('T-1');
    // The notices are sent now (the chase works from them as before), and the evidence says in which list.
    for (const id of [a, b]) {
      expect(await h.store.getNotice(id, 'unionpay')).toMatchObject({
        status: 'sent',
        sentAt: '2026-11-25T09:05:00.000Z',
      });
      const events = await h.store.listEvents(id);
      expect(events.map((e) => e.type)).toContain('recipient_notice_queued');
      expect(
        events.find((e) => e.type === 'recipient_notified' && e.data?.['partnerId'] === 'unionpay')?.data,
      ).toMatchObject({ dailyList: '2026-11-25' });
    }
    // The next runs send it again never.
    h.clock.t = new Date('2026-11-26T09:05:00Z');
    expect((await runSweep(h.deps)).noticeLists).toBe(0);
    expect(toUnionpay()).toHaveLength(1);
  });

  it('a notice queued after the cutoff joins the next day; no reminder goes out before the notice did', async () => {
    const { h, erased } = await setup();
    h.clock.t = new Date('2026-11-25T10:00:00Z'); // 18:00 Shanghai
    const late = await erased();
    expect(await h.store.getNotice(late, 'unionpay')).toMatchObject({ status: 'queued', batchDay: '2026-11-26' });
    expect((await runSweep(h.deps)).noticeLists).toBe(0);
    // Were the list still unsent on a reminder day, the chase would not remind of a notice the partner never got.
    const plan = (
      await h.store.getStepResult<{ notices: { partnerId: string; remindOn?: string[] }[] }>(late, 'plan')
    )?.notices.find((n) => n.partnerId === 'unionpay');
    h.clock.t = new Date(`${plan!.remindOn![0]}T02:00:00Z`);
    await h.run(chase, { requestId: late });
    expect(h.mailer.byKind('reminder').filter((m) => m.to.includes('notices@unionpay.example.com'))).toEqual([]);
    // The list goes out at the next sweep after its day's cutoff; the reminder after it.
    expect((await runSweep(h.deps)).noticeLists).toBe(1);
  });

  it('a list that stopped half-way is finished under the same key, never sent as a second different list', async () => {
    const { h, erased } = await setup();
    const a = await erased();
    const b = await erased();
    h.clock.t = new Date('2026-11-25T09:05:00Z');
    // The mail goes out, then the run dies before recording the second notice as sent.
    const store = h.store as typeof h.store & { markNoticeSent: typeof h.store.markNoticeSent };
    const real = store.markNoticeSent.bind(store);
    let calls = 0;
    store.markNoticeSent = async (...args) => {
      if (++calls === 2) throw new Error('killed');
      return real(...args);
    };
    await runSweep(h.deps);
    store.markNoticeSent = real;
    const key = (await h.store.getNotice(a, 'unionpay'))?.batchKey;
    expect(key).toMatch(/^notice-list:unionpay:2026-11-25:/);
    expect((await h.store.getNotice(b, 'unionpay'))?.batchKey).toBe(key);
    await runSweep(h.deps);
    expect(h.mailer.byKind('partner_notice_list')).toHaveLength(1);
    expect((await h.store.getNotice(b, 'unionpay'))?.status).toBe('sent');
  });

  it('a list that keeps failing is counted in every run (the alarm watches it) and goes out once it can', async () => {
    const { h, erased } = await setup();
    const a = await erased();
    // The secret agreed with UnionPay is deleted after the notice was queued: its file cannot be encrypted.
    const secrets = h.deps.partnerSecrets!;
    h.deps.partnerSecrets = { secretFor: async () => undefined };
    const failures = () => h.metrics.filter((m) => m === METRIC.partnerListFailed).length;
    h.clock.t = new Date('2026-11-25T09:05:00Z');
    expect(await runSweep(h.deps)).toMatchObject({ noticeLists: 0, noticeListsFailed: 1 });
    h.clock.t = new Date('2026-11-25T09:20:00Z');
    expect(await runSweep(h.deps)).toMatchObject({ noticeLists: 0, noticeListsFailed: 1 });
    expect(failures()).toBe(2);
    expect(h.mailer.byKind('partner_notice_list')).toEqual([]);
    expect((await h.store.getNotice(a, 'unionpay'))?.status).toBe('queued');
    // The secret is back: the next run sends the list, and counts no failure.
    h.deps.partnerSecrets = secrets;
    h.clock.t = new Date('2026-11-25T09:35:00Z');
    expect(await runSweep(h.deps)).toMatchObject({ noticeLists: 1, noticeListsFailed: 0 });
    expect(failures()).toBe(2);
    expect((await h.store.getNotice(a, 'unionpay'))?.status).toBe('sent');
  });
});
