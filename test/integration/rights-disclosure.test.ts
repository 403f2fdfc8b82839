// access, copy, portability and explain on the real runtime, as the demo customer 李演示 (C900001, ICBC card, payments
// cleared by UnionPay and NetsUnion) asks them by mail: the letters say what is held, why, on which basis, who
// received it (and that ICBC, UnionPay, NetsUnion and the entrusted processor received hers) and how long it is
// kept; the data itself comes only through the expiring link, opened with the code sent by SMS to her phone on file;
// every download is audited; portability leaves out device logs and derived tags and says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACTIVE } from '../../infra/local/company/demo-customers.ts';
import { duplicateKeys } from './flows.ts';
import { type Json, startTestRuntime, type TestRuntime, waitFor } from './harness.ts';
import { askAndVerify, chinese, exportJsonOf, linkIn, openLink, replyOf } from './rights-flows.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime({ start: new Date('2026-11-30T02:00:00Z') });
});
afterAll(async () => {
  await t?.close();
});

const a = DEMO_ACTIVE;

async function smsCode(id: string, right: string): Promise<string> {
  const sms = await waitFor(`the ${right} download code`, async () =>
    (await t.outbox(id)).find((m) => m.kind === 'download_code' && m.key.includes(`:${right}:`)),
  );
  expect(sms.channel).toBe('sms');
  expect(sms.to).toEqual(['+8613900000001']);
  return /(?<!\d)(\d{6})(?!\d)/.exec(sms.text)![1]!;
}

describe('access, copy, portability and explain for an active customer', { timeout: 240_000 }, () => {
  it('access: each category held with purposes, basis, source, recipients who received it, retention; data by link', async () => {
    const id = await askAndVerify(
      t,
      a,
      '查阅个人信息',
      '我想查阅你们持有的我的个人信息，以及你们把我的信息给了哪些公司。',
    );
    const { reply, request } = await replyOf(t, id);
    expect(request.outcome).toBe('completed');
    const zh = chinese(reply.text);
    expect(zh).toContain('已处理完毕');
    expect(zh).toContain('我们持有的您的个人信息及其处理情况如下');
    // All seven categories the sample company holds for her are listed with her record counts.
    expect(zh).toMatch(/身份信息（[^）]+）（共1条记录），属于敏感个人信息/);
    expect(zh).toContain('交易信息（交易金额、交易对象及订单号）（共3条记录）');
    expect(zh).toMatch(/银行卡信息[^\n]*（共2条记录）/);
    expect(zh).toContain('营销信息（特征标签、订阅、问卷）（共1条记录）');
    // Purposes and basis from the policy and the law texts.
    expect(zh).toContain('处理您的支付指令并完成支付结算（隐私政策第一条第（一）项第1点、第二条第（一）项）');
    expect(zh).toContain('《反洗钱法》第二十八条、第二十九条、第三十四条、第六十三条');
    expect(zh).toContain('基于您的同意，您可以随时撤回（《个人信息保护法》第十三条第一款第（一）项、第十五条）');
    // Recipients with their public contacts; the ones her records show received her data are marked.
    expect(zh).toContain('中国银联股份有限公司（联系方式：95516），我们的记录显示其已接收您的该类信息');
    expect(zh).toContain('网联清算有限公司（联系方式：contact@nucc.com），我们的记录显示其已接收您的该类信息');
    expect(zh).toContain(
      '中国工商银行（联系方式：具体请查看您选择的发卡行官方客服电话），我们的记录显示其已接收您的该类信息',
    );
    expect(zh).toContain('连连（杭州）信息技术有限公司，我们的记录显示其已接收您的该类信息');
    expect(zh).toContain('保存期限：业务关系存续期间保存；业务关系结束后至少保存十年');
    // No raw values in the mail body: not her ID number, phone, address or card.
    for (const v of [a.idNumber, a.phone, '西湖区示例路1号', '6222021000000047', '1288.00'])
      expect(reply.text).not.toContain(v);
    expect(zh).not.toContain('详见附后说明');
    expect(zh).not.toContain('提起诉讼');
    const link = linkIn(reply.text);
    expect(link).toContain(`/download/${id}/access/`);
    expect(zh).toContain('链接有效期至2026年12月7日');
    const code = await smsCode(id, 'access');
    expect(reply.text).not.toContain(code);

    // The link: a form first, a wrong code counts, the right code lists the files; each file fetched is audited.
    const form = await fetch(link);
    expect(form.status).toBe(200);
    expect(form.headers.get('cache-control')).toBe('no-store');
    expect(form.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await form.text()).not.toContain(a.name);
    const wrong = await openLink(link, code === '000000' ? '111111' : '000000');
    expect(wrong.status).toBe(422);
    expect(wrong.json.attemptsLeft).toBe(9);
    const ok = await openLink(link, code);
    expect(ok.status).toBe(200);
    const names = ok.json.files.map((f: Json) => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'export.json',
        'export.schema.json',
        'summary.html',
        'transactions.csv',
        'bank_cards.csv',
      ]),
    );
    const base = t.rt.urls.http;
    const jsonFile = ok.json.files.find((f: Json) => f.name === 'export.json');
    const doc: Json = await (await fetch(`${base}${jsonFile.url}`)).json();
    expect(doc.format).toBe('rightsflow.export/1');
    const identity = doc.categories.find((c: Json) => c.category === 'identity');
    expect(identity.records[0]).toMatchObject({ name: a.name, idNumber: a.idNumber, occupation: '工程师' });
    const txns = doc.categories.find((c: Json) => c.category === 'transactions').records;
    expect(txns.map((x: Json) => x.amount).sort()).toEqual(['1288.00', '299.00', '66.50']);
    const csvFile = ok.json.files.find((f: Json) => f.name === 'transactions.csv');
    const csv = await fetch(`${base}${csvFile.url}`);
    expect(csv.headers.get('content-disposition')).toContain(`${id}-transactions.csv`);
    expect(await csv.text()).toContain('1288.00');
    // Without the session the files are not served.
    expect((await fetch(`${base}${jsonFile.url.split('?')[0]}`)).status).toBe(404);
    const timeline = (await t.api('admin', 'GET', `/api/requests/${id}`)).json.timeline as Json[];
    expect(timeline.filter((e) => e.type === 'download_code_rejected')).toHaveLength(1);
    expect(timeline.filter((e) => e.type === 'download_opened')).toHaveLength(1);
    expect(timeline.filter((e) => e.type === 'export_downloaded').map((e) => e.data.file)).toEqual([
      'export.json',
      'transactions.csv',
    ]);
    const mails = await t.outbox(id);
    expect(duplicateKeys(mails)).toEqual([]);
    expect(mails.filter((m) => m.kind === 'download_code')).toHaveLength(1);
    expect(mails.filter((m) => m.kind === 'partner_notice')).toEqual([]);
  });

  it('copy: completed, the package behind the link; a lapsed link is re-issued by staff with a new code', async () => {
    const id = await askAndVerify(t, a, '复制个人信息', '请提供我在贵公司的全部个人信息的副本，我要复制一份。');
    const { reply, request } = await replyOf(t, id);
    expect(request.outcome).toBe('completed');
    const zh = chinese(reply.text);
    expect(zh).toContain('您的个人信息副本已准备好');
    expect(zh).not.toContain('尚未交付');
    const link = linkIn(reply.text);
    const first = await smsCode(id, 'copy');
    // Eight days on the link has lapsed: the page says how to get a new one, and the code no longer opens it.
    t.clock.advance(8 * 86_400_000);
    expect((await fetch(link)).status).toBe(410);
    expect((await openLink(link, first)).status).toBe(410);
    const reissued = await t.api('agent', 'POST', `/api/requests/${id}/exports/copy/reissue`);
    expect(reissued.status).toBe(200);
    expect(reissued.json).toMatchObject({ round: 2, mailed: true });
    const letter = await waitFor('the new link', async () =>
      (await t.outbox(id)).find((m) => m.kind === 'download_link'),
    );
    expect(letter.to).toEqual([a.email]);
    const link2 = linkIn(letter.text);
    expect(link2).not.toBe(link);
    const codes = (await t.outbox(id)).filter((m) => m.kind === 'download_code');
    expect(codes).toHaveLength(2);
    const second = /(?<!\d)(\d{6})(?!\d)/.exec(codes.find((m) => m.key.endsWith(':2'))!.text)![1]!;
    expect((await openLink(link, second)).status).toBe(404);
    expect((await openLink(link2, second)).status).toBe(200);
    t.clock.advance(-8 * 86_400_000);
  });

  it('portability: what she provided or gave under the contract; device logs and derived tags left out, with why', async () => {
    const id = await askAndVerify(t, a, '个人信息转移', '我要求把我的个人信息以机器可读的格式转移给我。');
    const { reply, request } = await replyOf(t, id);
    expect(request.outcome).toBe('completed');
    const zh = chinese(reply.text);
    expect(zh).toContain('您可转移的个人信息副本（机器可读格式）已准备好');
    expect(zh).toMatch(
      /未包含的信息（全部或其中部分内容）及原因：\n· 设备信息[^：]*：该类信息是为保障交易安全、防范欺诈而自动记录的安全日志/,
    );
    expect(zh).toContain('《网络数据安全管理条例》第二十五条第一款第（二）项、第（四）项');
    // The tags left out of the marketing category are named too (its subscription and survey answers are in).
    expect(zh).toMatch(
      /\n· 营销信息[^：]*：特征标签是我们根据您的使用情况分析生成的[^\n]*您的订阅选择和问卷回答已包含在内/,
    );
    const ok = await openLink(linkIn(reply.text), await smsCode(id, 'portability'));
    const doc = await exportJsonOf(t, ok.json);
    expect(doc.categories.map((c: Json) => c.category)).not.toContain('device');
    const marketing = doc.categories.find((c: Json) => c.category === 'marketing');
    expect(marketing.omittedFields).toEqual(['tags']);
    expect(JSON.stringify(marketing.records)).not.toContain('高频支付');
    expect(doc.excluded.map((x: Json) => x.category)).toEqual(['device']);
  });

  it('explain without a question: the processing rules for the categories held, nothing to download', async () => {
    const id = await askAndVerify(t, a, '解释说明', '请对你们的个人信息处理规则进行解释说明。');
    const { reply, request } = await replyOf(t, id);
    expect(request.outcome).toBe('completed');
    const zh = chinese(reply.text);
    expect(zh).toContain('我们持有的您的个人信息及其处理情况如下');
    expect(zh).toContain('处理目的：');
    expect(zh).not.toContain('/download/');
  });
});
