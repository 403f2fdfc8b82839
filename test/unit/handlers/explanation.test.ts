// explain with a question (PIPL art. 48): FulfilRight opens an `explanation` task for the privacy officer (the
// question sealed); AwaitFollowUps keeps the reply waiting inside the deadline; the officer's answer is recorded once
// and quoted in the reply. After the cut-off the reply says the answer will follow and a letter of its own brings it.
// A plain "explain your rules" opens no task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as awaitFollowUps } from '../../../functions/await-follow-ups/step.ts';
import { answerExplanation } from '../../../functions/fulfil-right/answer-explanation.ts';
import { readQuestion } from '../../../functions/fulfil-right/rights/explanation.ts';
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

const ANSWER = {
  zh: '我们收集设备信息（设备型号、操作系统版本和设备标识符）是为了识别异常登录和可疑交易，保障您的账户和资金安全（隐私政策第一条第（一）项）；这些信息不用于营销。',
  en: 'We collect device information (model, operating system version and device identifiers) to detect unusual sign-ins and suspicious payments and keep your account and funds safe (privacy policy §1(1)); it is not used for marketing.',
};

async function setup(details: string) {
  const h = await harness(db);
  h.deps.cipher = {
    seal: async (s) => `sealed:${Buffer.from(s).toString('base64')}`,
    open: async (s) => Buffer.from(s.replace(/^sealed:/, ''), 'base64').toString(),
  };
  const r = await h.create({
    rights: ['explain'],
    verification: { level: 'strong', method: 'hotline_staff' },
    details,
  });
  return { h, r };
}

describe('an explanation with a question', () => {
  it('waits for the privacy officer, whose answer the reply quotes', async () => {
    const { h, r } = await setup('请解释你们的个人信息处理规则。为什么要收集我的设备信息？');
    await h.run(fulfilRight, { requestId: r.id, right: 'explain' });
    const task = await h.store.getTask(r.id, 'explanation');
    expect(task).toMatchObject({ status: 'open', assignee: 'privacy_officer', context: { general: false } });
    expect(await readQuestion(h.deps, r.id)).toEqual(['为什么要收集我的设备信息？']);
    expect(h.mailer.byKind('task_notice')[0]!.text).toContain('POST /api/requests/');
    expect(await h.run(awaitFollowUps, { requestId: r.id, taskToken: 'tok-1' })).toEqual({ waiting: true });

    // A raw ID number in the answer is refused (letters never carry one); nothing is recorded.
    await expect(
      answerExplanation(h.deps, r.id, { zh: '您的身份证号110101199003074514已登记，我们据此核验。' }, 'officer1'),
    ).rejects.toMatchObject({ kind: 'content', code: 'answer_not_allowed' });
    expect(h.callbacks.succeeded).toHaveLength(0);

    const answered = await answerExplanation(h.deps, r.id, ANSWER, 'officer1');
    expect(answered).toMatchObject({ recorded: true, inReply: true });
    expect(h.callbacks.succeeded).toEqual([{ token: 'tok-1', output: { done: true } }]);
    expect((await h.store.getTask(r.id, 'explanation'))?.status).toBe('succeeded');
    // The same answer again is fine (a double click); a different one is a conflict.
    expect(await answerExplanation(h.deps, r.id, ANSWER, 'officer1')).toMatchObject({ recorded: false });
    await expect(
      answerExplanation(h.deps, r.id, { zh: '另一份不同的答复内容，用于测试冲突。' }, 'officer2'),
    ).rejects.toMatchObject({ kind: 'state', code: 'already_answered' });
    const events = (await h.store.listEvents(r.id)).filter((e) => e.type === 'explanation_answered');
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain('设备型号');

    await h.run(planNotices, { requestId: r.id });
    await h.run(sendReply, { requestId: r.id });
    const reply = h.mailer.byKind('reply')[0]!.text;
    expect(reply).toContain('关于您提出的问题，我们的个人信息保护负责人答复如下：');
    expect(reply).toContain(ANSWER.zh);
    expect(reply).toContain(ANSWER.en);
    expect(reply).not.toContain('仍在研究');
    expect((await h.store.getRequest(r.id))?.outcome).toBe('completed');
    expect(h.mailer.byKind('explanation_answered')).toHaveLength(0);
  });

  it('after the cut-off the reply says the answer follows; the answer then comes in a letter of its own, once', async () => {
    const { h, r } = await setup('你们把我的信息提供给了哪些机构？');
    await h.run(fulfilRight, { requestId: r.id, right: 'explain' });
    await h.run(awaitFollowUps, { requestId: r.id, taskToken: 'tok-1' });
    const waiting = (await h.store.getTask(r.id, 'follow_ups'))!;
    h.clock.t = new Date(Date.parse(waiting.dueAt!) + 60_000);
    expect(await fireTask(h.deps, waiting)).toBe(true);
    await h.run(planNotices, { requestId: r.id });
    await h.run(sendReply, { requestId: r.id });
    const reply = h.mailer.byKind('reply')[0]!.text;
    expect(reply).toContain('您提出的问题，我们的个人信息保护负责人仍在研究；答复后我们将另行书面告知您');
    expect(reply).not.toContain('关于您提出的问题，我们的个人信息保护负责人答复如下');
    expect((await h.store.getRequest(r.id))?.outcome).toBe('partially_completed');

    const answered = await answerExplanation(h.deps, r.id, ANSWER, 'officer1');
    expect(answered).toMatchObject({ recorded: true, inReply: false, mailed: true });
    await answerExplanation(h.deps, r.id, ANSWER, 'officer1');
    const letters = h.mailer.byKind('explanation_answered');
    expect(letters).toHaveLength(1);
    expect(letters[0]!.subject).toContain('关于您提出的问题的答复');
    expect(letters[0]!.text).toContain(ANSWER.zh);
  });

  it('a plain request for the rules opens no task and the reply does not wait', async () => {
    const { h, r } = await setup('请向我解释说明你们处理个人信息的规则。');
    await h.run(fulfilRight, { requestId: r.id, right: 'explain' });
    expect(await h.store.getTask(r.id, 'explanation')).toBeUndefined();
    expect(await h.run(awaitFollowUps, { requestId: r.id, taskToken: 'tok-1' })).toEqual({ waiting: false });
    await h.run(planNotices, { requestId: r.id });
    await h.run(sendReply, { requestId: r.id });
    expect((await h.store.getRequest(r.id))?.outcome).toBe('completed');
  });
});
