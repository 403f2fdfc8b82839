// explain with a question (PIPL art. 48) on the real runtime, as the demo customer 李演示 (C900001) asks by mail why
// her device information is collected: the reply waits (no reply mailed) while the privacy officer's `explanation`
// task is open; the officer answers through the API; the reply then lists her categories with their rules and quotes
// the answer, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACTIVE } from '../../infra/local/company/demo-customers.ts';
import { type Json, startTestRuntime, type TestRuntime, waitFor } from './harness.ts';
import { askAndVerify, chinese, replyOf } from './rights-flows.ts';

let t: TestRuntime;
const detail = async (id: string): Promise<Json> => (await t.api('admin', 'GET', `/api/requests/${id}`)).json;
const kindsOf = (d: Json): string[] => (d.openTasks ?? []).map((x: { kind: string }) => x.kind);
beforeAll(async () => {
  t = await startTestRuntime({ start: new Date('2026-11-30T02:00:00Z') });
});
afterAll(async () => {
  await t?.close();
});

const ANSWER =
  '我们收集设备信息（设备型号、操作系统版本和设备标识符）是为了识别异常登录和可疑交易，保障您的账户和资金安全；这些信息不用于营销，也不提供给营销合作方。';

describe('an explanation with a question through the real runtime', { timeout: 240_000 }, () => {
  it('waits for the privacy officer, then quotes the answer in the reply', async () => {
    const id = await askAndVerify(
      t,
      DEMO_ACTIVE,
      '解释说明',
      '请解释你们的个人信息处理规则：为什么要收集我的设备信息？',
    );
    const open = await waitFor('the explanation task', async () => {
      const d = await detail(id);
      return kindsOf(d).includes('explanation') && kindsOf(d).includes('follow_ups') ? d : undefined;
    });
    expect(open.request.rights).toEqual(['explain']);
    expect((await t.outbox(id)).some((m) => m.kind === 'reply')).toBe(false);
    // An agent may not answer for the privacy officer.
    expect((await t.api('agent', 'POST', `/api/requests/${id}/explanation`, { answer: { zh: ANSWER } })).status).toBe(
      403,
    );
    const res = await t.api('privacy_officer', 'POST', `/api/requests/${id}/explanation`, { answer: { zh: ANSWER } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ recorded: true, inReply: true });
    const { reply, request } = await replyOf(t, id);
    expect(request.outcome).toBe('completed');
    const zh = chinese(reply.text);
    expect(zh).toContain('设备信息');
    expect(zh).toContain(`关于您提出的问题，我们的个人信息保护负责人答复如下：\n${ANSWER}`);
    expect((await t.outbox(id)).filter((m) => m.kind === 'reply')).toHaveLength(1);
    // The same answer again (a double click) is recorded once; a different one after the reply is a conflict.
    const same = await t.api('privacy_officer', 'POST', `/api/requests/${id}/explanation`, { answer: { zh: ANSWER } });
    expect(same.json).toMatchObject({ recorded: false });
    const other = await t.api('privacy_officer', 'POST', `/api/requests/${id}/explanation`, {
      answer: { zh: '另一份不同的答复，不应覆盖已寄出的答复。' },
    });
    expect(other.status).toBe(409);
    expect(other.json).toMatchObject({ error: { code: 'already_answered' } });
  });
});
