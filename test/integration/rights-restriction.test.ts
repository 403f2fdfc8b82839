// restrict by scope on the real runtime, as the demo customer 李演示 (C900001: subscribed to marketing, profile tags)
// asks by mail to stop marketing use of her data without deleting anything: the sample company really restricts
// marketing (the mark on her marketing record, the restriction in force) and keeps her tags and subscription; the
// entrusted processor is told once; the letter says what, from when, what AML still requires and how to lift it. Then
// an agent lifts it through the API on her call: the company really resumes it, the lift is audited once, she gets a
// letter and the processor a lift notice, each once.
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

describe('a restriction of processing through the real runtime, then lifted', { timeout: 240_000 }, () => {
  it('restricts marketing only, tells the processor, says how to lift; the lift really resumes it', async () => {
    const company = t.rt.system.deps.company;
    const id = await askAndVerify(
      t,
      a,
      '限制处理',
      '请限制对我个人信息的处理：暂停用我的信息给我做营销推送和营销画像，我的信息先不要删。',
    );
    const { reply, request } = await replyOf(t, id);
    expect(request.rights).toEqual(['restrict']);
    expect(request.outcome).toBe('completed');
    const [restriction] = await company.processingRestrictions(a.customerId);
    expect(restriction).toMatchObject({ id: 'marketing', scope: 'marketing', liftedAt: null });
    const mkt = (await company.export(a.customerId)).marketing?.[0] as Record<string, unknown>;
    // Restricted, not withdrawn: the mark is there, the subscription and the tags are kept.
    expect(mkt['restrictedSince']).toBe(restriction!.since);
    expect(mkt['subscribed']).toBe(true);
    expect((mkt['tags'] as unknown[]).length).toBeGreaterThan(0);
    // Nothing else was restricted: no category is storage-only.
    expect(await company.restrictions(a.customerId)).toEqual([]);
    const records = Object.values(await company.export(a.customerId)).flat() as Record<string, unknown>[];
    expect(records.filter((x) => x['heldUntil'])).toEqual([]);

    const zh = chinese(reply.text);
    expect(zh).toContain('自2026年11月30日起，我们已限制「将您的个人信息用于营销推送和营销画像」');
    expect(zh).toContain('反洗钱持续尽职调查');
    expect(zh).toContain('本次限制没有期限，直至您要求解除');
    expect(zh).toContain('连连（杭州）信息技术有限公司已被告知您的限制');
    const notices = (await t.outbox(id)).filter((m) => m.kind === 'partner_notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toContain('个人信息限制处理通知');

    const res = await t.api('agent', 'POST', `/api/requests/${id}/restrictions/lift`, { askedVia: 'hotline' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ newlyLifted: ['marketing'], partnersTold: ['lianlian_hangzhou'], mailed: true });
    const [after] = await company.processingRestrictions(a.customerId);
    expect(after!.liftedAt).not.toBeNull();
    const mktAfter = (await company.export(a.customerId)).marketing?.[0] as Record<string, unknown>;
    expect(mktAfter['restrictedSince']).toBeUndefined();
    expect(mktAfter['subscribed']).toBe(true);

    const again = await t.api('agent', 'POST', `/api/requests/${id}/restrictions/lift`, { askedVia: 'hotline' });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ newlyLifted: [] });
    const mail = await t.outbox(id);
    const liftLetters = mail.filter((m) => m.kind === 'restriction_lifted');
    expect(liftLetters).toHaveLength(1);
    expect(chinese(liftLetters[0]!.text)).toContain(
      '您自2026年11月30日起对「将您的个人信息用于营销推送和营销画像」的限制已于2026年11月30日解除',
    );
    const liftNotices = mail.filter((m) => m.kind === 'partner_notice' && m.subject.includes('解除限制处理通知'));
    expect(liftNotices).toHaveLength(1);
    const detail = await t.api('agent', 'GET', `/api/requests/${id}`);
    const types = (detail.json['timeline'] as { type: string }[]).map((e) => e.type);
    expect(types.filter((x) => x === 'restriction_lifted')).toHaveLength(1);
    const letters = detail.json['letters'] as { kind: string }[];
    expect(letters.map((l) => l.kind)).toContain('restriction_lifted');
  });
});
