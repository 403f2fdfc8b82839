// correct (PIPL art. 46): FulfilRight reads the new values from the person's words into a sealed proposal and opens a
// `correction` task; AwaitFollowUps keeps the reply waiting inside the deadline; staff settle it (applied through the
// connector, or not made with a reason); the partners that received a corrected category are told; the reply says
// exactly which. After the cut-off the reply says it is still being checked and a letter of its own follows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUpCutOff } from '../../../functions/await-follow-ups/cut-off.ts';
import { step as awaitFollowUps } from '../../../functions/await-follow-ups/step.ts';
import { settleCorrection } from '../../../functions/fulfil-right/settle-correction.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as planNotices } from '../../../functions/plan-notices/step.ts';
import { step as sendNotice } from '../../../functions/send-recipient-notice/step.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { customerLookup, fireTask } from '../../../functions/shared/step.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

const NEW_PHONE = '13900000011';

async function setup() {
  const h = await harness(db);
  // A cipher that opens what it sealed (the proposal's values are read back when staff apply it).
  h.deps.cipher = {
    seal: async (s) => `sealed:${Buffer.from(s).toString('base64')}`,
    open: async (s) => Buffer.from(s.replace(/^sealed:/, ''), 'base64').toString(),
  };
  h.company.recipients = ['unionpay', 'issuing_bank:ICBC', 'lianlian_hangzhou', 'service_provider'];
  const r = await h.create({
    rights: ['correct'],
    verification: { level: 'strong', method: 'hotline_staff' },
    correction: `我的手机号13800001234已停用，请改为${NEW_PHONE}`,
  });
  return { h, r };
}

describe('a correction is checked and applied before the reply', () => {
  it('the phone to change to never looks the person up (it is not on file yet)', async () => {
    const { r } = await setup();
    expect(customerLookup({ ...r, subject: { ...r.subject, phone: NEW_PHONE } })).not.toHaveProperty('phone');
    expect(customerLookup({ ...r, subject: { ...r.subject, phone: '13800001234' } })).toMatchObject({
      phone: '13800001234',
    });
  });

  it('proposal → waiting reply → applied through the connector → notices to those that received contact data → letter', async () => {
    const { h, r } = await setup();
    expect(await h.run(fulfilRight, { requestId: r.id, right: 'correct' })).toMatchObject({ status: 'pending_staff' });
    const task = await h.store.getTask(r.id, 'correction');
    expect(task).toMatchObject({ status: 'open', context: { proposedFields: ['phone'], categories: ['contact'] } });
    expect(JSON.stringify(task)).not.toContain(NEW_PHONE);
    expect(JSON.stringify(await h.store.listEvents(r.id))).not.toContain(NEW_PHONE);
    expect(h.mailer.byKind('task_notice')[0]!.text).toContain('本人要求更正：phone');

    // The reply waits, with a timer at the cut-off two working days before the deadline.
    expect(await h.run(awaitFollowUps, { requestId: r.id, taskToken: 'tok-1' })).toEqual({ waiting: true });
    const waiting = await h.store.getTask(r.id, 'follow_ups');
    expect(waiting).toMatchObject({ status: 'open', dueAt: followUpCutOff(r.deadline, h.deps.calendar) });
    expect(waiting!.dueAt! < r.deadline.deadlineAt).toBe(true);
    expect(h.callbacks.succeeded).toHaveLength(0);

    const settled = await settleCorrection(h.deps, r.id, { apply: 'proposal' }, 'agent1');
    expect(settled).toMatchObject({ recorded: true, outcome: 'applied', categories: ['contact'], inReply: true });
    // The connector got the value read from the words — the new one, not the old one before "改为".
    expect(h.company.calls.find((c) => c.op === 'correct')?.args).toEqual([
      h.company.customerId,
      [{ field: 'phone', value: NEW_PHONE }],
    ]);
    expect(h.callbacks.succeeded).toEqual([{ token: 'tok-1', output: { done: true } }]);
    expect((await h.store.getTask(r.id, 'correction'))?.status).toBe('succeeded');
    // Settling again changes nothing and calls the connector no more.
    expect(await settleCorrection(h.deps, r.id, { refuse: 'unproven' }, 'agent2')).toMatchObject({
      recorded: false,
      outcome: 'applied',
    });
    expect(h.company.count('correct')).toBe(1);

    const plan = await h.run<{ notices: { partnerId: string }[] }>(planNotices, { requestId: r.id });
    // Contact data went to the entrusted processor and the service provider; the networks and banks never got it.
    expect(plan.notices.map((n) => n.partnerId).sort()).toEqual(['lianlian_hangzhou', 'service_provider']);
    for (const n of plan.notices) await h.run(sendNotice, { requestId: r.id, partnerId: n.partnerId });
    const notices = h.mailer.byKind('partner_notice');
    expect(notices).toHaveLength(2);
    expect(notices[0]!.subject).toContain('个人信息更正通知');
    expect(notices[0]!.text).toContain('我司已核实并更正了下列个人信息');
    expect(notices[0]!.text).toContain('联系方式');
    expect(notices[0]!.text).not.toContain(NEW_PHONE);

    await h.run(sendReply, { requestId: r.id });
    const reply = h.mailer.byKind('reply')[0]!;
    expect(reply.text).toContain('我们已核实并在业务系统中更正了您的手机号码');
    expect(reply.text).toContain('我们已将更正通知');
    expect(reply.text).not.toContain(NEW_PHONE);
    expect(reply.text).not.toContain('另行书面告知');
    expect((await h.store.getRequest(r.id))?.outcome).toBe('completed');
    expect(h.mailer.byKind('correction_confirmed')).toHaveLength(0);
  });

  it('a correction not made: the reasons in the reply, no partner told, nothing changed', async () => {
    const { h, r } = await setup();
    await h.run(fulfilRight, { requestId: r.id, right: 'correct' });
    await h.run(awaitFollowUps, { requestId: r.id, taskToken: 'tok-1' });
    await settleCorrection(h.deps, r.id, { refuse: 'unproven', note: '未提供证明' }, 'agent1');
    expect(h.company.count('correct')).toBe(0);
    expect((await h.run<{ notices: unknown[] }>(planNotices, { requestId: r.id })).notices).toEqual([]);
    await h.run(sendReply, { requestId: r.id });
    const reply = h.mailer.byKind('reply')[0]!;
    expect((await h.store.getRequest(r.id))?.outcome).toBe('refused');
    expect(reply.text).toContain('我们须先核实再更正');
    expect(reply.text).toContain('人民法院');
  });

  it('after the cut-off the reply says it is still being checked; the settled correction gets a letter of its own', async () => {
    const { h, r } = await setup();
    await h.run(fulfilRight, { requestId: r.id, right: 'correct' });
    await h.run(awaitFollowUps, { requestId: r.id, taskToken: 'tok-1' });
    const waiting = (await h.store.getTask(r.id, 'follow_ups'))!;
    h.clock.t = new Date(Date.parse(waiting.dueAt!) + 60_000);
    expect(await fireTask(h.deps, waiting)).toBe(true);
    expect(h.callbacks.succeeded).toEqual([{ token: 'tok-1', output: { expired: true } }]);
    await h.run(planNotices, { requestId: r.id });
    await h.run(sendReply, { requestId: r.id });
    expect(h.mailer.byKind('reply')[0]!.text).toContain('核实完成后，无论是否更正，我们都将另行书面告知您结果');
    expect((await h.store.getRequest(r.id))?.outcome).toBe('partially_completed');

    const settled = await settleCorrection(
      h.deps,
      r.id,
      { changes: [{ field: 'address', value: '浙江省杭州市西湖区文三路100号' }] },
      'agent1',
    );
    expect(settled).toMatchObject({ outcome: 'applied', categories: ['identity'], inReply: false, mailed: true });
    const letters = h.mailer.byKind('correction_confirmed');
    expect(letters).toHaveLength(1);
    expect(letters[0]!.text).toContain('更正的项目：住址');
    expect(letters[0]!.text).not.toContain('文三路');
  });
});
