// restrict by scope (PIPL art. 44): only the processing the words name is restricted, from today until the person
// lifts it; the processor acting for us that did it is told; the letter says what, from when, what a duty still
// requires and how to lift it. Lifting (staff, on the person's word) resumes it, is audited once, and the person and
// the processor told of the restriction hear of it once. Words that name nothing restrict nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as awaitFollowUps } from '../../../functions/await-follow-ups/step.ts';
import { liftRestrictions } from '../../../functions/fulfil-right/lift-restriction.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as planNotices } from '../../../functions/plan-notices/step.ts';
import { step as sendNotice } from '../../../functions/send-recipient-notice/step.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

async function restrict(details: string) {
  const h = await harness(db);
  h.company.recipients = ['unionpay', 'issuing_bank:ICBC', 'lianlian_hangzhou'];
  const r = await h.create({
    rights: ['restrict'],
    verification: { level: 'strong', method: 'hotline_staff' },
    details,
  });
  await h.run(fulfilRight, { requestId: r.id, right: 'restrict' });
  await h.run(awaitFollowUps, { requestId: r.id, taskToken: 'tok' });
  const plan = await h.run<{ notices: { partnerId: string }[] }>(planNotices, { requestId: r.id });
  for (const n of plan.notices) await h.run(sendNotice, { requestId: r.id, partnerId: n.partnerId });
  await h.run(sendReply, { requestId: r.id });
  return { h, r, plan };
}

describe('restriction of processing by scope, until lifted', () => {
  it('marketing only: restricted from today, the processor told, the letter says how to lift; the lift resumes it once', async () => {
    const { h, r, plan } = await restrict('请暂停用我的信息给我做营销推送和营销画像，但不要删除我的任何信息。');
    const calls = h.company.calls.filter((c) => c.op === 'restrictProcessing');
    expect(calls.map((c) => c.args.slice(1, 3))).toEqual([['marketing', []]]);
    // Never the old "every category storage only until 9999-12-31".
    expect(h.company.count('restrict')).toBe(0);
    expect(plan.notices.map((n) => n.partnerId)).toEqual(['lianlian_hangzhou']);
    const notice = h.mailer.byKind('partner_notice')[0]!;
    expect(notice.subject).toContain('个人信息限制处理通知');
    expect(notice.text).toContain('· 停止：将该个人的个人信息用于营销推送和营销画像（自');
    expect(notice.text).not.toContain('现通知贵方删除');
    expect((await h.store.getRequest(r.id))?.outcome).toBe('completed');
    const reply = h.mailer.byKind('reply')[0]!.text;
    expect(reply).toMatch(/自\d{4}年\d{1,2}月\d{1,2}日起，我们已限制「将您的个人信息用于营销推送和营销画像」/);
    expect(reply).toContain('反洗钱持续尽职调查');
    expect(reply).toContain('本次限制没有期限，直至您要求解除。如需解除，请回复本函或致电客服热线');
    expect(reply).toContain('连连（杭州）信息技术有限公司已被告知您的限制');
    expect(reply).not.toContain('仅保存并采取安全措施');

    const lifted = await liftRestrictions(h.deps, r.id, { askedVia: 'hotline' }, 'agent1');
    expect(lifted.newlyLifted).toEqual(['marketing']);
    expect(lifted.partnersTold).toEqual(['lianlian_hangzhou']);
    expect(h.company.processing.map((p) => [p.id, p.liftedAt !== null])).toEqual([['marketing', true]]);
    const letter = h.mailer.byKind('restriction_lifted');
    expect(letter).toHaveLength(1);
    expect(letter[0]!.text).toMatch(
      /对「将您的个人信息用于营销推送和营销画像」的限制已于\d{4}年\d{1,2}月\d{1,2}日解除/,
    );
    expect(letter[0]!.text).toContain('连连（杭州）信息技术有限公司已被告知限制已解除');
    const liftNotices = h.mailer.byKind('partner_notice').filter((m) => m.subject.includes('解除限制处理通知'));
    expect(liftNotices).toHaveLength(1);
    expect(liftNotices[0]!.text).toContain('贵方可按照委托约定恢复该处理');
    const events = (await h.store.listEvents(r.id)).filter((e) => e.type === 'restriction_lifted');
    expect(events).toHaveLength(1);
    expect(events[0]!.actor).toBe('staff:agent1');

    // Asked again (a double click): nothing lifted twice, no second letter or notice.
    const again = await liftRestrictions(h.deps, r.id, { askedVia: 'hotline' }, 'agent1');
    expect(again.newlyLifted).toEqual([]);
    expect(again.lifted).toHaveLength(1);
    expect(h.company.count('liftRestriction')).toBe(1);
    expect(h.mailer.byKind('restriction_lifted')).toHaveLength(1);
    expect(h.mailer.byKind('partner_notice')).toHaveLength(2);
  });

  it('sharing with a named network: stopped, but each payment she starts still needs it; nobody else is told', async () => {
    const { h, r, plan } = await restrict('请不要再把我的个人信息提供给银联。');
    const calls = h.company.calls.filter((c) => c.op === 'restrictProcessing');
    expect(calls.map((c) => c.args.slice(1, 3))).toEqual([['sharing', ['unionpay']]]);
    expect(plan.notices).toEqual([]);
    const reply = h.mailer.byKind('reply')[0]!.text;
    expect(reply).toContain('我们已停止向中国银联股份有限公司提供您的个人信息，直至您要求解除');
    expect(reply).toContain('但您本人发起的每笔支付，仍须向中国银联股份有限公司提供完成该笔支付所必需的信息');
    expect((await h.store.getRequest(r.id))?.outcome).toBe('completed');
    await expect(
      liftRestrictions(h.deps, r.id, { restrictions: ['marketing'], askedVia: 'mail' }, 'agent1'),
    ).rejects.toMatchObject({ name: 'Restriction.Unknown' });
  });

  it('words that name no processing restrict nothing: the letter lists what can be restricted and asks', async () => {
    const { h, r } = await restrict('我要求限制处理我的个人信息。');
    expect(h.company.count('restrictProcessing')).toBe(0);
    expect(h.company.count('restrict')).toBe(0);
    expect((await h.store.getRequest(r.id))?.outcome).toBe('refused');
    const reply = h.mailer.byKind('reply')[0]!.text;
    expect(reply).toContain('我们未能从您的请求中确定您要限制哪一项处理，因此尚未限制任何处理');
    expect(reply).toContain('将您的个人信息用于营销推送和营销画像；向特定接收方提供您的个人信息');
    await expect(liftRestrictions(h.deps, r.id, { askedVia: 'mail' }, 'agent1')).rejects.toMatchObject({
      name: 'Restriction.NotLiftable',
    });
  });
});
