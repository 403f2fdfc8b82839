// Fee quotes end to end over the real steps and store (issue 9 item 8; legal review M7, newcomer review D15): the
// officer's fee is checked (only portability, never above the itemised cost, only while there is time to accept and
// reply), the quote states the cost basis, 人民币N元 and how to pay, its window ends before the reply deadline, it
// reaches the verified contact or a staff task, and a lapse or a refusal to pay closes the request as withdrawn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDeadline, workingDaysBetween } from '../../../domain/calendar/index.ts';
import { step as recordOutcome } from '../../../functions/record-outcome/step.ts';
import { acceptFee } from '../../../functions/request-fee-acceptance/operations.ts';
import { step as feeAcceptance } from '../../../functions/request-fee-acceptance/step.ts';
import { decideReview, type RecordedReview } from '../../../functions/request-review/operations.ts';
import { step as requestReview } from '../../../functions/request-review/step.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { runSweep } from '../../../functions/sweep/sweep.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

const DAY = 86_400_000;
const zhPart = (text: string) => text.split('English version')[0]!;

/** A verified portability request (received Wed 2026-11-25, reply due 2026-12-16) waiting for the officer. */
async function underReview(over: Parameters<Awaited<ReturnType<typeof harness>>['create']>[0] = {}) {
  const h = await harness(db);
  const r = await h.create({
    rights: ['portability'],
    verification: { level: 'strong', method: 'hotline_staff' },
    ...over,
  });
  await h.run(requestReview, { requestId: r.id, taskToken: 'rv' });
  return { h, r };
}

describe('the officer’s fee decision', () => {
  it('records the quote as it will be sent: items, cost and amount in yuan', async () => {
    const { h, r } = await underReview();
    await decideReview(h.deps, r.id, 'officer1', {
      decision: 'fee_quote',
      fee: {
        items: [
          { code: 'export_preparation', quantity: 2 },
          { code: 'secure_delivery', quantity: 1 },
        ],
      },
    });
    const review = (await h.store.getTask(r.id, 'review'))?.result as RecordedReview;
    expect(review.fee).toEqual({
      amount: 130,
      currency: 'CNY',
      costTotal: 130,
      items: [
        { code: 'export_preparation', quantity: 2 },
        { code: 'secure_delivery', quantity: 1 },
      ],
    });
  });

  it('refuses more than the cost, a fee on free rights, and a quote too late to accept before the deadline', async () => {
    const above = await underReview();
    await expect(
      decideReview(above.h.deps, above.r.id, 'officer1', { decision: 'fee_quote', fee: { amount: 100 } }),
    ).rejects.toMatchObject({ name: 'Fee.Invalid', message: expect.stringMatching(/exceeds the cost/) });

    const mixed = await underReview({ rights: ['portability', 'access'] });
    await expect(
      decideReview(mixed.h.deps, mixed.r.id, 'officer1', { decision: 'fee_quote', fee: { amount: 30 } }),
    ).rejects.toMatchObject({ name: 'Fee.Invalid', message: expect.stringMatching(/access \(查阅\)/) });

    const late = await underReview();
    late.h.clock.t = new Date('2026-12-10T02:00:00Z'); // 4 working days before the reply deadline
    await expect(
      decideReview(late.h.deps, late.r.id, 'officer1', { decision: 'fee_quote', fee: {} }),
    ).rejects.toMatchObject({ name: 'Fee.Invalid', message: expect.stringMatching(/too late for a fee quote/) });
    // The review stays open for a lawful decision.
    expect((await late.h.store.getTask(late.r.id, 'review'))?.status).toBe('open');
  });
});

describe('the quote', () => {
  it('states the cost basis, 人民币N元 and how to pay; its window ends before the reply deadline (M7)', async () => {
    const { h, r } = await underReview();
    h.clock.t = new Date('2026-12-08T02:00:00Z'); // a late decision: 6 working days left
    await decideReview(h.deps, r.id, 'officer1', { decision: 'fee_quote', fee: { amount: 50 } });
    await h.run(feeAcceptance, { requestId: r.id, taskToken: 'fee1' });
    const [quote] = h.mailer.byKind('fee_quote');
    const zh = zhPart(quote!.text);
    expect(zh).toContain('· 导出数据的整理与核对：1小时 × 人民币60元 = 人民币60元');
    expect(zh).toContain('· 加密传输与交付：1次 × 人民币10元 = 人民币10元');
    expect(zh).toContain('费用：人民币50元（低于上述成本合计人民币70元）');
    expect(zh).not.toMatch(/CNY|\d+ CNY/);
    expect(zh).toContain('《网络数据安全管理条例》第二十五条第二款');
    expect(zh).toContain('付款方式：请拨打全球服务热线 400-018-8888');
    expect(zh).toContain(`付款时请提供请求编号 ${r.id}`);
    expect(zh).toContain('请于2026年12月11日前');
    expect(zh).toContain('我们将在2026年12月16日前办理完毕并书面答复您');
    expect(zh).toContain('逾期未确认的，视为您撤回本次请求');
    const task = await h.store.getTask(r.id, 'fee_acceptance');
    expect(task?.context).toMatchObject({ acceptBy: '2026-12-11', amount: 50, costTotal: 70 });
    const deadline = computeDeadline({ receivedAt: r.receivedAt }, h.deps.calendar).deadline;
    expect(workingDaysBetween('2026-12-11', deadline, h.deps.calendar)).toBe(3);
  });

  it('goes to the address on file a mailed code proved, not to the asker’s own From', async () => {
    const { h, r } = await underReview({ verification: { level: 'strong', method: 'email_code' } });
    await decideReview(h.deps, r.id, 'officer1', { decision: 'fee_quote', fee: {} });
    await h.run(feeAcceptance, { requestId: r.id, taskToken: 'fee1' });
    expect(h.mailer.byKind('fee_quote').map((m) => m.to)).toEqual([['onfile.person@example.com']]);
  });

  it('D15: with no address, staff get a task to tell the person, and the quote is kept for them to read', async () => {
    const { h, r } = await underReview({
      channel: 'hotline',
      requester: { type: 'self' },
      subject: { name: '测试用户', idNumber: '11010519491231002X', phone: '13800001234' },
    });
    await decideReview(h.deps, r.id, 'officer1', { decision: 'fee_quote', fee: {} });
    await h.run(feeAcceptance, { requestId: r.id, taskToken: 'fee1' });
    expect(h.mailer.byKind('fee_quote')).toEqual([]);
    const delivery = await h.store.getTask(r.id, 'delivery');
    expect(delivery).toMatchObject({ status: 'open', assignee: 'agent' });
    const letters = await h.store.listLetters(r.id);
    expect(letters.find((l) => l.kind === 'fee_quote')).toMatchObject({ mailed: false });
    expect(letters.find((l) => l.kind === 'fee_quote')?.text).toContain('人民币70元');
    const events = (await h.store.listEvents(r.id)).map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(['letter_to_deliver', 'fee_quoted']));
    expect(h.mailer.byKind('task_notice').map((m) => m.to)).toContainEqual(['dpo@lianlianpay.com']);
  });
});

describe('the answer', () => {
  it('a lapse closes the request as withdrawn, with a letter that says so: no refusal, no lawsuit line (M7)', async () => {
    const { h, r } = await underReview();
    await decideReview(h.deps, r.id, 'officer1', { decision: 'fee_quote', fee: {} });
    await h.run(feeAcceptance, { requestId: r.id, taskToken: 'fee1' });
    h.clock.advance(10 * DAY);
    await runSweep(h.deps);
    expect(h.callbacks.succeeded.at(-1)).toEqual({ token: 'fee1', output: { accepted: false, expired: true } });
    expect(await h.run(sendReply, { requestId: r.id })).toEqual({ outcome: 'fee_declined' });
    const letter = h.mailer.byKind('reply')[0]!;
    expect(letter.subject).toContain('您的请求已按撤回处理');
    const zh = zhPart(letter.text);
    expect(zh).toContain('截至2026年12月2日，我们未收到您的确认。按照费用说明，视为您撤回了本次请求。');
    expect(zh).toContain('我们没有办理本次请求，也没有向您收取任何费用。这并非拒绝您行使权利');
    expect(letter.text).not.toMatch(/人民法院|无法予以办理|拒绝的理由|lawsuit|cannot act on/);
    expect(await h.run(recordOutcome, { requestId: r.id })).toMatchObject({ status: 'withdrawn' });
    const stored = await h.store.getRequest(r.id);
    expect(stored).toMatchObject({ status: 'withdrawn', outcome: 'fee_declined' });
    expect((await h.store.listEvents(r.id)).map((e) => e.type)).toContain('request_withdrawn');
  });

  it('declined: withdrawn at the person’s wish', async () => {
    const { h, r } = await underReview();
    await decideReview(h.deps, r.id, 'officer1', { decision: 'fee_quote', fee: {} });
    await h.run(feeAcceptance, { requestId: r.id, taskToken: 'fee1' });
    await acceptFee(h.deps, r.id, false, 'staff:agent1');
    await h.run(sendReply, { requestId: r.id });
    expect(zhPart(h.mailer.byKind('reply')[0]!.text)).toContain('您已告知我们不接受该费用，本次请求按您撤回处理。');
  });

  it('accepted with the payment’s reference: the workflow resumes, the reference is on file', async () => {
    const { h, r } = await underReview();
    await decideReview(h.deps, r.id, 'officer1', { decision: 'fee_quote', fee: {} });
    await h.run(feeAcceptance, { requestId: r.id, taskToken: 'fee1' });
    await acceptFee(h.deps, r.id, true, 'staff:agent1', 'HL-20261127-0042');
    expect(h.callbacks.succeeded.at(-1)).toEqual({
      token: 'fee1',
      output: { accepted: true, paymentReference: 'HL-20261127-0042' },
    });
    const accepted = (await h.store.listEvents(r.id)).find((e) => e.type === 'fee_accepted');
    expect(accepted?.data).toEqual({ paymentReference: 'HL-20261127-0042' });
  });
});
