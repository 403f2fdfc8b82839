// Portability to a company the person named (PIPL art. 45 ¶3): FulfilRight builds the package and opens a `transfer`
// task (the receiver only a proposal); the reply waits inside the deadline. Decided after the cut-off: the reply says
// the address is still being checked (partial), and the decision comes in a letter of its own, once — with the
// company's link and code sent once each. No company named: no task, nothing waits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as awaitFollowUps } from '../../../functions/await-follow-ups/step.ts';
import { decideTransfer } from '../../../functions/fulfil-right/decide-transfer.ts';
import { readProposal } from '../../../functions/fulfil-right/rights/transfer.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as planNotices } from '../../../functions/plan-notices/step.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { fireTask } from '../../../functions/shared/step.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

async function setup(details: string, language: 'zh' | 'en' = 'zh') {
  const h = await harness(db);
  h.deps.cipher = {
    seal: async (s) => `sealed:${Buffer.from(s).toString('base64')}`,
    open: async (s) => Buffer.from(s.replace(/^sealed:/, ''), 'base64').toString(),
  };
  const r = await h.create({
    rights: ['portability'],
    verification: { level: 'strong', method: 'hotline_staff' },
    details,
    language,
  });
  return { h, r };
}

describe('portability to a named company', () => {
  it('decided after the cut-off: the reply says it is being checked; the result follows in a letter, once', async () => {
    const { h, r } = await setup('请把我的个人信息直接转移至某某支付有限公司，接收邮箱 dpo@receiver.example。');
    await h.run(fulfilRight, { requestId: r.id, right: 'portability' });
    expect(await readProposal(h.deps, r.id)).toEqual({ name: '某某支付有限公司', email: 'dpo@receiver.example' });
    const task = await h.store.getTask(r.id, 'transfer');
    expect(task).toMatchObject({ status: 'open', assignee: 'privacy_officer', context: { contactGiven: true } });
    expect(JSON.stringify(task)).not.toContain('dpo@receiver.example');
    expect(h.mailer.byKind('task_notice')[0]!.text).toContain(`POST /api/requests/${r.id}/transfer`);
    expect(await h.run(awaitFollowUps, { requestId: r.id, taskToken: 'tok-1' })).toEqual({ waiting: true });
    const waiting = (await h.store.getTask(r.id, 'follow_ups'))!;
    h.clock.t = new Date(Date.parse(waiting.dueAt!) + 60_000);
    expect(await fireTask(h.deps, waiting)).toBe(true);
    await h.run(planNotices, { requestId: r.id });
    await h.run(sendReply, { requestId: r.id });
    const reply = h.mailer.byKind('reply')[0]!.text;
    expect(reply).toContain(
      '您要求将上述副本转移至某某支付有限公司。我们的个人信息保护负责人正在核实该接收方的接收地址，尚未向其发送',
    );
    expect((await h.store.getRequest(r.id))?.outcome).toBe('partially_completed');
    expect(h.mailer.sent.some((m) => m.to.includes('dpo@receiver.example'))).toBe(false);

    const decision = {
      confirm: { name: '某某支付有限公司', email: 'dpo@receiver.example', codeEmail: 'security@receiver.example' },
    };
    const decided = await decideTransfer(h.deps, r.id, decision, 'officer1');
    expect(decided).toMatchObject({ status: 'sent', recorded: true, inReply: false, mailed: true });
    await decideTransfer(h.deps, r.id, decision, 'officer1');
    const letters = h.mailer.byKind('transfer_decided');
    expect(letters).toHaveLength(1);
    expect(letters[0]!.text).toContain('我们的个人信息保护负责人已核实某某支付有限公司的接收地址');
    expect(letters[0]!.text).not.toContain('提起诉讼');
    // The link to the checked address, the code to the second address the officer gave; each once.
    expect(h.mailer.byKind('transfer_link').map((m) => m.to)).toEqual([['dpo@receiver.example']]);
    expect(h.mailer.byKind('transfer_code').map((m) => m.to)).toEqual([['security@receiver.example']]);
    expect((await h.store.listEvents(r.id)).filter((e) => e.type === 'transfer_letter_sent')).toHaveLength(1);
  });

  it('a refusal of an English request needs the reason in English; the late letter gives it with the right to sue', async () => {
    const { h, r } = await setup('Please transfer my data directly to NewPay Ltd at privacy@newpay.example.', 'en');
    await h.run(fulfilRight, { requestId: r.id, right: 'portability' });
    await h.run(awaitFollowUps, { requestId: r.id, taskToken: 'tok-1' });
    const waiting = (await h.store.getTask(r.id, 'follow_ups'))!;
    h.clock.t = new Date(Date.parse(waiting.dueAt!) + 60_000);
    await fireTask(h.deps, waiting);
    await h.run(planNotices, { requestId: r.id });
    await h.run(sendReply, { requestId: r.id });
    await expect(
      decideTransfer(h.deps, r.id, { refuse: { zh: '无法核实该公司。' } }, 'officer1'),
    ).rejects.toMatchObject({
      kind: 'content',
      code: 'english_reason_needed',
    });
    const refused = await decideTransfer(
      h.deps,
      r.id,
      { refuse: { zh: '无法核实该公司。', en: 'We could not confirm that the address belongs to NewPay Ltd.' } },
      'officer1',
    );
    expect(refused).toMatchObject({ status: 'refused', inReply: false });
    const letter = h.mailer.byKind('transfer_decided')[0]!.text;
    expect(letter).toContain(
      'we have not transferred your personal information to NewPay Ltd, for this reason: We could not confirm',
    );
    expect(letter).toContain("you may bring a lawsuit in a people's court");
    expect(h.mailer.byKind('transfer_link')).toHaveLength(0);
  });

  it('no company named: no task, the reply does not wait', async () => {
    const { h, r } = await setup('我要求把我的个人信息以机器可读的格式转移给我。');
    await h.run(fulfilRight, { requestId: r.id, right: 'portability' });
    expect(await h.store.getTask(r.id, 'transfer')).toBeUndefined();
    expect(await h.run(awaitFollowUps, { requestId: r.id, taskToken: 'tok-1' })).toEqual({ waiting: false });
  });
});
