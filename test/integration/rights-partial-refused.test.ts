// The partial and refused outcomes of the disclosure and consent rights through the real runtime (issue 8's matrix):
// - access and copy, partial: the privacy officer withholds one category (a neutral legal-obligation basis); the
//   letter lists what is given and what is withheld and why, with the right to sue; the package behind the link
//   really lacks the category; nothing hints at why the officer was asked;
// - withdraw consent and restrict, refused: words that name nothing the company can act on change nothing in the
//   sample company, tell no recipient, and the letter says why and what can be asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACTIVE, DEMO_HELD } from '../../infra/local/company/demo-customers.ts';
import { statusIs } from './flows.ts';
import { codeIn, type Json, startTestRuntime, type TestRuntime, waitFor } from './harness.ts';
import { askAndVerify, chinese, exportJsonOf, linkIn, openLink, replyOf } from './rights-flows.ts';
import { tipOff } from './tip-off.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime({ start: new Date('2026-11-30T02:00:00Z') });
});
afterAll(async () => {
  await t?.close();
});

const RIGHT_TO_SUE = '《个人信息保护法》第五十条';

/** The one-time code texted for the request's download of `right`. */
async function downloadCode(id: string, right: string): Promise<string> {
  return codeIn(
    await waitFor(`the ${right} download code`, async () =>
      (await t.outbox(id)).find((x) => x.kind === 'download_code' && x.key.includes(`:${right}:`)),
    ),
  );
}

describe('partial and refused outcomes through the real runtime', { timeout: 300_000 }, () => {
  it('access and copy, partial: the officer withholds the transactions; the letter and the package say and do exactly that', async () => {
    const h = DEMO_HELD;
    const id = await askAndVerify(t, h, '查阅并复制个人信息', '请告诉我你们持有我的哪些个人信息，并提供一份副本给我。');
    const waiting = await statusIs(t, id, ['under_review'], 90_000);
    expect(waiting.rights).toEqual(expect.arrayContaining(['access', 'copy']));
    const decided = await t.api('privacy_officer', 'POST', `/api/requests/${id}/review`, {
      decision: 'partial',
      bases: [{ code: 'legal_obligation' }],
      withheld: { categories: ['transactions'] },
    });
    expect(decided.status).toBe(200);

    const { reply, request } = await replyOf(t, id);
    expect(request.outcome).toBe('partially_completed');
    const zh = chinese(reply.text);
    // What she gets: the categories held, without the withheld one among them.
    expect(zh).toContain('我们持有的您的个人信息及其处理情况如下');
    expect(zh).toMatch(/身份信息（[^）]+）（共1条记录）/);
    const given = zh.split('经个人信息保护负责人审核')[0]!;
    expect(given).toContain('包含的信息：身份信息');
    expect(given).not.toContain('交易信息');
    // What is withheld, and why (the neutral basis, nothing about an investigation), and her remedies.
    expect(zh).toContain('以下个人信息本次不予删除或提供');
    expect(zh).toMatch(/不予删除或提供：\n· 交易信息/);
    expect(zh).toContain('依照法律、行政法规的规定，我们须履行相应的法定义务');
    expect(zh).toContain(RIGHT_TO_SUE);
    expect(tipOff(reply.text)).toBeNull();

    // The package behind the link (one link for both rights' data, or one each) lacks the transactions.
    const links = (await t.outbox(id)).filter((m) => m.kind === 'reply').map((m) => linkIn(m.text));
    expect(links.length).toBeGreaterThan(0);
    const right = /\/(access|copy|portability)\//.exec(links[0]!)![1]!;
    const opened = await openLink(links[0]!, await downloadCode(id, right));
    expect(opened.status).toBe(200);
    const doc = await exportJsonOf(t, opened.json);
    const categories = doc.categories.map((c: Json) => c.category);
    expect(categories).toContain('identity');
    expect(categories).not.toContain('transactions');
    expect(JSON.stringify(doc)).not.toContain('大额');
    // The company's data is untouched by a disclosure: her transactions are still there.
    expect(((await t.rt.system.deps.company.export(h.customerId)).transactions ?? []).length).toBeGreaterThan(0);
    // The officer's decision is recorded once.
    const detail = await t.api('privacy_officer', 'GET', `/api/requests/${id}`);
    const decisions = (detail.json.timeline as Json[]).filter((e) => e.type === 'review_decided');
    expect(decisions).toHaveLength(1);
  });

  it('withdraw consent, refused: words that name no processing stop nothing, tell nobody, and the letter asks', async () => {
    const a = DEMO_ACTIVE;
    const company = t.rt.system.deps.company;
    const before = (await company.export(a.customerId)).marketing?.[0] as Record<string, unknown>;
    const id = await askAndVerify(t, a, '撤回同意', '我要撤回同意。');
    const { reply, request } = await replyOf(t, id);
    expect(request.rights).toEqual(['withdraw_consent']);
    expect(request.outcome).toBe('refused');
    const after = (await company.export(a.customerId)).marketing?.[0] as Record<string, unknown>;
    expect(after).toEqual(before);
    expect((await t.outbox(id)).filter((m) => m.kind === 'partner_notice')).toEqual([]);
    const zh = chinese(reply.text);
    expect(zh).toContain('我们未能从您的请求中确定您要撤回哪一项同意，因此尚未停止任何处理');
    // It claims nothing done.
    expect(zh).not.toMatch(/我们已(停止|删除)/);
    expect(zh).toContain(RIGHT_TO_SUE);
  });

  it('restrict, refused: words that name no processing restrict nothing, tell nobody, and the letter lists what can be restricted', async () => {
    const a = DEMO_ACTIVE;
    const company = t.rt.system.deps.company;
    const restrictionsBefore = await company.processingRestrictions(a.customerId);
    const id = await askAndVerify(t, a, '限制处理', '我要求限制处理我的个人信息。');
    const { reply, request } = await replyOf(t, id);
    expect(request.rights).toEqual(['restrict']);
    expect(request.outcome).toBe('refused');
    expect(await company.processingRestrictions(a.customerId)).toEqual(restrictionsBefore);
    expect(await company.restrictions(a.customerId)).toEqual([]);
    expect((await t.outbox(id)).filter((m) => m.kind === 'partner_notice')).toEqual([]);
    const zh = chinese(reply.text);
    expect(zh).toContain('我们未能从您的请求中确定您要限制哪一项处理，因此尚未限制任何处理');
    expect(zh).toContain('将您的个人信息用于营销推送和营销画像；向特定接收方提供您的个人信息');
    expect(zh).not.toMatch(/我们已限制/);
    expect(zh).toContain(RIGHT_TO_SUE);
    // Nothing to lift.
    const lift = await t.api('agent', 'POST', `/api/requests/${id}/restrictions/lift`, { askedVia: 'hotline' });
    expect(lift.status).toBeGreaterThanOrEqual(400);
    expect(lift.status).toBeLessThan(500);
  });
});
