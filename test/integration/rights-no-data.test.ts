// "No data" through the real runtime: a person the sample company does not know (never a customer) asks for every
// right that acts on data at once; she has no phone or address on file, so no code can prove her identity — the
// privacy officer verifies her by her ID card (document review). Every right then finds nothing: the reply says,
// once, that nothing matching her identifiers is held, discloses no category, carries no download link, claims
// nothing erased, corrected, restricted or told to anyone; no partner notice goes out and the company's records are
// untouched (the demo customers' counts are the same before and after).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACTIVE } from '../../infra/local/company/demo-customers.ts';
import { statusIs } from './flows.ts';
import { type Json, startTestRuntime, type TestRuntime, waitFor } from './harness.ts';
import { chinese } from './rights-flows.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime({ start: new Date('2026-11-30T02:00:00Z') });
});
afterAll(async () => {
  await t?.close();
});

const RIGHTS = [
  'access',
  'copy',
  'portability',
  'correct',
  'delete',
  'withdraw_consent',
  'restrict',
  'cancel_quickpay',
  'close_account',
];
const STRANGER = { name: '周未知', idNumber: '110101198001010053', email: 'zhou.weizhi@example.net' };

describe('a verified person the company does not know', { timeout: 240_000 }, () => {
  it('every right answers "nothing held", once, and nothing changes anywhere', async () => {
    const before = await t.rt.system.deps.company.describe(DEMO_ACTIVE.customerId);
    const created = await t.api('agent', 'POST', '/api/requests', {
      channel: 'web',
      rights: RIGHTS,
      subject: STRANGER,
      correction: '手机号更正为13800000000',
      details:
        '请告诉我你们是否持有我的个人信息；如有，请提供副本、更正我的手机号为13800000000、删除、停止营销并注销我的账户。',
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = created.json.request.id as string;
    await waitFor('the verification step', async () => {
      const d = (await t.api('admin', 'GET', `/api/requests/${id}`)).json;
      return d.request.status === 'awaiting_verification' &&
        d.timeline.some((e: Json) => e.type === 'verification_code_not_sent')
        ? d
        : undefined;
    });
    // No code went anywhere (no contact on file); the officer saw her ID card.
    expect((await t.outbox(id)).filter((m) => m.kind === 'verification_code')).toEqual([]);
    const review = await t.api('privacy_officer', 'POST', `/api/requests/${id}/verification`, {
      method: 'document_review',
      documents: ['subject_identity'],
    });
    expect(review.status).toBe(200);
    const request = await statusIs(t, id, ['replied', 'closed'], 90_000);
    expect(request.outcome).toBe('completed');
    const mails = await t.outbox(id);
    const replies = mails.filter((m) => m.kind === 'reply');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.to).toEqual([STRANGER.email]);
    const zh = chinese(replies[0]!.text);
    expect(zh.match(/经核查，我们未找到与您提供的身份信息相符的个人信息。/g)).toHaveLength(1);
    for (const claim of [
      '我们持有的您的个人信息',
      '已准备好',
      '/download/',
      '已删除',
      '已更正',
      '已限制',
      '已注销',
      '已停止',
      '通知从我们处获得',
      '备份',
      '另行',
    ])
      expect(zh).not.toContain(claim);
    expect(zh).not.toContain('提起诉讼');
    expect(mails.filter((m) => m.kind === 'partner_notice')).toEqual([]);
    expect(mails.filter((m) => m.kind.startsWith('download') || m.kind.startsWith('transfer'))).toEqual([]);
    const timeline = (await t.api('admin', 'GET', `/api/requests/${id}`)).json.timeline as Json[];
    const fulfilled = timeline.filter((e) => e.type === 'right_fulfilled');
    expect(fulfilled.map((e) => e.data.right).sort()).toEqual([...RIGHTS].sort());
    expect(new Set(fulfilled.map((e) => e.data.status))).toEqual(new Set(['no_data']));
    // No open staff task is left behind (no correction to apply, no transfer to confirm).
    const open = (await t.api('admin', 'GET', `/api/requests/${id}`)).json.openTasks as Json[];
    expect(open.map((x) => x.kind)).toEqual([]);
    expect(await t.rt.system.deps.company.describe(DEMO_ACTIVE.customerId)).toEqual(before);
  });
});
