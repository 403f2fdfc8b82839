// withdraw_consent by scope on the real runtime, as the demo customer 李演示 (C900001: subscribed to marketing, two
// profile tags) asks by mail to stop profiling: profiling stops and her tags go through the erasure guard, her
// marketing subscription is untouched (she did not name it), the entrusted processor is told once, and the letter
// says what stopped, what was erased and what she did not name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACTIVE } from '../../infra/local/company/demo-customers.ts';
import { startTestRuntime, type TestRuntime } from './harness.ts';
import { askAndVerify, chinese, replyOf } from './rights-flows.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime({ start: new Date('2026-11-30T02:00:00Z') });
});
afterAll(async () => {
  await t?.close();
});

const a = DEMO_ACTIVE;

describe('a withdrawal of consent through the real runtime', { timeout: 240_000 }, () => {
  it('stops profiling only, erases the tags, tells the entrusted processor, says what was not named', async () => {
    const id = await askAndVerify(t, a, '撤回同意', '我撤回同意：请不要再根据我的使用情况和问卷给我打标签做用户画像。');
    const { reply, request } = await replyOf(t, id);
    expect(request.rights).toEqual(['withdraw_consent']);
    expect(request.outcome).toBe('completed');
    const mkt = (await t.rt.system.deps.company.export(a.customerId)).marketing?.[0] as Record<string, unknown>;
    expect(mkt).toMatchObject({ tags: [], profiling: false, subscribed: true });
    const zh = chinese(reply.text);
    expect(zh).toContain('我们已停止「根据使用情况、意见反馈和问卷形成特征标签」');
    expect(zh).toContain('我们已删除已形成的特征标签及问卷回答（共1条记录');
    expect(zh).toContain('您的请求未提及以下基于同意的处理，我们未作改变：营销活动短信、邮件通知');
    expect(zh).toContain('连连（杭州）信息技术有限公司已被告知您撤回同意');
    expect(zh).not.toContain('已停止营销推送');
    const notices = (await t.outbox(id)).filter((m) => m.kind === 'partner_notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toContain('撤回同意通知');
    expect(notices[0]!.text).toContain('连连（杭州）信息技术有限公司');
    expect(notices[0]!.text).not.toContain('现通知贵方删除');
  });
});
