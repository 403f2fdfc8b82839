// Portability to a company the person named (PIPL art. 45 ¶3; NDSR art. 25) on the real runtime. 李演示 (C900001)
// asks by mail to have her data transferred to 某某支付有限公司 and gives its address: nothing goes to that address on
// her word — the reply waits while the privacy officer's `transfer` task is open; the officer confirms the company
// and its checked address through the API; the company then gets a link of its own and, in a separate mail, its
// code; its openings and downloads are audited as the receiver's; her reply says to whom, when, until when, and what
// was left out and why. 王样例 (C900002) names a company the officer cannot confirm: refused with the reason, the
// package still reaches her, the letter is a partial one with the right to complain and sue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACTIVE, DEMO_DISPUTE } from '../../infra/local/company/demo-customers.ts';
import { duplicateKeys } from './flows.ts';
import { type Json, startTestRuntime, type TestRuntime, waitFor } from './harness.ts';
import { askAndVerify, chinese, exportJsonOf, linkIn, openLink, replyOf } from './rights-flows.ts';

let t: TestRuntime;
const detail = async (id: string): Promise<Json> => (await t.api('admin', 'GET', `/api/requests/${id}`)).json;
const kindsOf = (d: Json): string[] => (d.openTasks ?? []).map((x: { kind: string }) => x.kind);
beforeAll(async () => {
  t = await startTestRuntime({ start: new Date('2026-11-30T02:00:00Z') });
});
afterAll(async () => {
  await t?.close();
});

const RECEIVER = 'dpo@receiver.example';
const transferLink = (text: string) => {
  const m = /http:\/\/127\.0\.0\.1:\d+\/download\/RF-\d{8}-[0-9A-Z]{6}\/transfer\/[A-Za-z0-9_-]+/.exec(text);
  if (!m) throw new Error('no transfer link in the letter');
  return m[0];
};
async function transferTask(id: string) {
  return waitFor('the transfer task', async () => {
    const d = await detail(id);
    return kindsOf(d).includes('transfer') && kindsOf(d).includes('follow_ups') ? d : undefined;
  });
}

describe('portability to a company the person named', { timeout: 240_000 }, () => {
  it('waits for the privacy officer to confirm the address, then the company gets its own link and code', async () => {
    const id = await askAndVerify(
      t,
      DEMO_ACTIVE,
      '个人信息转移',
      `请把我的个人信息以机器可读的格式直接转移至某某支付有限公司（接收邮箱 ${RECEIVER}）。`,
    );
    const open = await transferTask(id);
    expect(open.request.rights).toEqual(['portability']);
    // Her own address stays hers: the receiver's address was not read as the subject's.
    expect(JSON.stringify(open.request.subject)).not.toContain('receiver.example');
    // Nothing has gone to the address in her mail, and the reply waits.
    let mails = await t.outbox(id);
    expect(mails.some((m) => m.to.includes(RECEIVER))).toBe(false);
    expect(mails.some((m) => m.kind === 'reply')).toBe(false);
    // An agent may not decide for the privacy officer; a malformed address is refused.
    const body = { confirm: { name: '某某支付有限公司', email: RECEIVER } };
    expect((await t.api('agent', 'POST', `/api/requests/${id}/transfer`, body)).status).toBe(403);
    const bad = await t.api('privacy_officer', 'POST', `/api/requests/${id}/transfer`, {
      confirm: { name: '某某支付有限公司', email: 'not-an-address' },
    });
    expect(bad.status).toBe(422);
    const res = await t.api('privacy_officer', 'POST', `/api/requests/${id}/transfer`, body);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'sent', recorded: true, inReply: true });

    const { reply, request } = await replyOf(t, id);
    expect(request.outcome).toBe('completed');
    const zh = chinese(reply.text);
    expect(zh).toContain('您可转移的个人信息副本（机器可读格式）已准备好');
    expect(zh).toContain(
      '我们的个人信息保护负责人核实了您指定的接收方某某支付有限公司的接收地址后，我们已于2026年11月30日将获取上述副本的专用链接发送至该地址，提取码另函发送；该链接有效期至2026年12月7日',
    );
    expect(zh).toMatch(/未包含的信息（全部或其中部分内容）及原因：\n· 设备信息/);
    expect(zh).not.toContain('提起诉讼');

    // The company: the link in one mail, the code in another, both to the checked address; neither carries her data.
    mails = await t.outbox(id);
    const linkMail = mails.find((m) => m.kind === 'transfer_link')!;
    const codeMail = mails.find((m) => m.kind === 'transfer_code')!;
    expect(linkMail.to).toEqual([RECEIVER]);
    expect(codeMail.to).toEqual([RECEIVER]);
    expect(chinese(linkMail.text)).toContain('某某支付有限公司：');
    expect(chinese(linkMail.text)).toContain('《个人信息保护法》第四十五条第三款');
    const code = /(?<!\d)(\d{6})(?!\d)/.exec(chinese(codeMail.text))![1]!;
    expect(linkMail.text).not.toContain(code);
    for (const v of [DEMO_ACTIVE.name, DEMO_ACTIVE.idNumber, DEMO_ACTIVE.phone]) {
      expect(linkMail.text).not.toContain(v);
      expect(codeMail.text).not.toContain(v);
    }
    const link = transferLink(linkMail.text);
    // Her own link is another one; her code does not open the company's link.
    expect(linkIn(reply.text)).not.toBe(link);
    const wrong = await openLink(link, code === '000000' ? '111111' : '000000');
    expect(wrong.status).toBe(422);
    const ok = await openLink(link, code);
    expect(ok.status).toBe(200);
    const doc = await exportJsonOf(t, ok.json);
    expect(doc.right).toBe('portability');
    expect(doc.categories.map((c: Json) => c.category)).not.toContain('device');
    const timeline = (await detail(id)).timeline as Json[];
    expect(timeline.filter((e) => e.type === 'transfer_sent')).toHaveLength(1);
    expect(timeline.filter((e) => e.type === 'transfer_sent')[0].data).toEqual({
      to: '某某支付有限公司',
      expiresOn: '2026-12-07',
    });
    const receiverEvents = timeline.filter((e) => e.actor === 'receiver').map((e) => e.type);
    expect(receiverEvents).toEqual(['download_code_rejected', 'download_opened', 'transfer_downloaded']);

    // A double click is recorded once; a different decision afterwards is a conflict; each mail went once.
    const again = await t.api('privacy_officer', 'POST', `/api/requests/${id}/transfer`, body);
    expect(again.json).toMatchObject({ status: 'sent', recorded: false });
    const other = await t.api('privacy_officer', 'POST', `/api/requests/${id}/transfer`, {
      refuse: { zh: '改变主意，不予转移。' },
    });
    expect(other.status).toBe(409);
    expect(other.json).toMatchObject({ error: { code: 'already_decided' } });
    mails = await t.outbox(id);
    expect(duplicateKeys(mails)).toEqual([]);
    expect(mails.filter((m) => m.kind === 'transfer_link')).toHaveLength(1);
    expect(mails.filter((m) => m.kind === 'transfer_code')).toHaveLength(1);
    expect(mails.filter((m) => m.kind === 'reply')).toHaveLength(1);
  });

  it("refused by the officer: the package still reaches her, the letter gives the officer's reason", async () => {
    const id = await askAndVerify(
      t,
      DEMO_DISPUTE,
      '个人信息转移',
      '请将我的个人信息转移给未知科技有限公司，邮箱 data@unknown-co.example。',
    );
    await transferTask(id);
    const reason =
      '经向该公司官方客服核实，该公司未开展相关业务，无法确认其接收地址属于该公司，为防止您的个人信息被冒领，我们未予转移。';
    const res = await t.api('privacy_officer', 'POST', `/api/requests/${id}/transfer`, { refuse: { zh: reason } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'refused', recorded: true, inReply: true });
    const { reply, request } = await replyOf(t, id);
    expect(request.outcome).toBe('partially_completed');
    const zh = chinese(reply.text);
    expect(zh).toContain('您可转移的个人信息副本（机器可读格式）已准备好');
    expect(zh).toContain(
      '您要求将上述副本转移至未知科技有限公司。经我们的个人信息保护负责人审核，我们未向其转移（理由见下文）',
    );
    expect(zh).toContain(`· 未将可转移的副本转移至未知科技有限公司：${reason}`);
    expect(zh).toContain('提起诉讼');
    const mails = await t.outbox(id);
    expect(mails.some((m) => m.to.includes('data@unknown-co.example'))).toBe(false);
    expect(mails.some((m) => m.kind === 'transfer_link' || m.kind === 'transfer_code')).toBe(false);
    expect(linkIn(reply.text)).toContain(`/download/${id}/portability/`);
    const timeline = (await detail(id)).timeline as Json[];
    expect(timeline.filter((e) => e.type === 'transfer_refused')).toHaveLength(1);
  });
});
