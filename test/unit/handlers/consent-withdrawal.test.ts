// withdraw_consent by scope (PIPL art. 15): only what the words name stops; the data that rested only on that consent
// is erased through the guard (tags and survey answers, not the opt-out record); the entrusted processor is told; the
// letter says what stopped, what was erased and what was not named. Words that name nothing stop nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as awaitFollowUps } from '../../../functions/await-follow-ups/step.ts';
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

async function withdraw(details: string) {
  const h = await harness(db);
  h.company.recipients = ['unionpay', 'issuing_bank:ICBC', 'lianlian_hangzhou'];
  const r = await h.create({
    rights: ['withdraw_consent'],
    verification: { level: 'strong', method: 'hotline_staff' },
    details,
  });
  await h.run(fulfilRight, { requestId: r.id, right: 'withdraw_consent' });
  await h.run(awaitFollowUps, { requestId: r.id, taskToken: 'tok' });
  const plan = await h.run<{ notices: { partnerId: string }[] }>(planNotices, { requestId: r.id });
  for (const n of plan.notices) await h.run(sendNotice, { requestId: r.id, partnerId: n.partnerId });
  await h.run(sendReply, { requestId: r.id });
  return { h, r, plan };
}

describe('withdrawal of consent by scope', () => {
  it('marketing messages and profiling: both stop, only tags and survey answers are erased, the processor is told', async () => {
    const { h, r, plan } = await withdraw('请不要再给我发营销短信，也不要再用我的问卷和使用情况给我打标签做用户画像。');
    expect(h.company.calls.filter((c) => c.op === 'withdrawConsent').map((c) => c.args[1])).toEqual([
      'marketing_messages',
      'profiling',
    ]);
    // One guarded erasure, narrowed to what rested on the profiling consent; the opt-out record is not erased.
    const erases = h.company.calls.filter((c) => c.op === 'erase');
    expect(erases).toHaveLength(1);
    expect(erases[0]!.args.slice(1)).toEqual([['marketing'], 'delete', { consentScope: 'profiling' }]);
    // Only the entrusted processor (art. 21) hears of it; the bank and the network never did this processing.
    expect(plan.notices.map((n) => n.partnerId)).toEqual(['lianlian_hangzhou']);
    const notice = h.mailer.byKind('partner_notice')[0]!;
    expect(notice.subject).toContain('撤回同意通知');
    expect(notice.text).toContain('· 停止：根据使用情况、意见反馈和问卷形成特征标签；删除：已形成的特征标签及问卷回答');
    expect(notice.text).not.toContain('现通知贵方删除');
    const reply = h.mailer.byKind('reply')[0]!.text;
    expect((await h.store.getRequest(r.id))?.outcome).toBe('completed');
    expect(reply).toContain('我们已停止「营销活动短信、邮件通知」（隐私政策第一条第（一）项第5点）');
    expect(reply).toContain('我们已停止「根据使用情况、意见反馈和问卷形成特征标签」');
    expect(reply).toContain('我们已删除已形成的特征标签及问卷回答（共2条记录');
    expect(reply).toContain(
      '您的请求未提及以下基于同意的处理，我们未作改变：客服通话录音；人脸识别等生物识别信息的处理',
    );
    expect(reply).toContain('连连（杭州）信息技术有限公司已被告知您撤回同意');
    expect(reply).not.toContain('已停止营销推送');
  });

  it('face recognition the company never did: nothing to stop, and the letter says so', async () => {
    const { h, r } = await withdraw('我撤回人脸识别的授权。');
    expect(h.company.count('erase')).toBe(0);
    const reply = h.mailer.byKind('reply')[0]!.text;
    expect((await h.store.getRequest(r.id))?.outcome).toBe('completed');
    expect(reply).toContain('关于「人脸识别等生物识别信息的处理」：我们未以此方式处理您的个人信息');
    expect(h.mailer.byKind('partner_notice')).toHaveLength(0);
  });

  it('words that name no processing stop nothing: the letter lists what can be withdrawn and asks', async () => {
    const { h, r } = await withdraw('我要撤回同意。');
    expect(h.company.count('withdrawConsent')).toBe(0);
    expect(h.company.count('stopMarketing')).toBe(0);
    const reply = h.mailer.byKind('reply')[0]!.text;
    expect((await h.store.getRequest(r.id))?.outcome).toBe('refused');
    expect(reply).toContain('我们未能从您的请求中确定您要撤回哪一项同意，因此尚未停止任何处理');
  });
});
