// AML confidentiality on the real runtime (issue 9 item 5; AML Law arts. 7, 35 ¶2, 54): the demo customer under an
// open anti-money-laundering investigation (孙留置, C900005) asks for every right, one mailed request each. Staff do
// what the workflow asks of them (the officer proceeds with a neutral decision, a correction is applied). Then EVERY
// message this produced — mails and SMS to her, the letters, the partner notices — and everything she or a partner
// can open without a staff token — the download page, its JSON, each exported file, the partner acknowledgement page
// — is searched for a word that would tell of the investigation, a report or an authority's request. None may.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../infra/local/adapters/outbox-mailer.ts';
import { DEMO_HELD } from '../../infra/local/company/demo-customers.ts';
import { type Json, startTestRuntime, type TestRuntime, waitFor } from './harness.ts';
import { askAndVerify } from './rights-flows.ts';
import { complaints, tipOff } from './tip-off.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime({ start: new Date('2026-11-30T02:00:00Z') });
});
afterAll(async () => {
  await t?.close();
});

const h = DEMO_HELD;

/** Every right the person can ask for, in her words. */
const ASKS: Array<{ right: string; subject: string; text: string }> = [
  {
    right: 'access',
    subject: '查阅个人信息',
    text: '我想查阅你们持有的我的个人信息，以及你们把我的信息给了哪些公司。',
  },
  { right: 'copy', subject: '复制个人信息', text: '请提供我在贵公司的全部个人信息的副本，我要复制一份。' },
  { right: 'portability', subject: '个人信息转移', text: '我要求把我的个人信息以机器可读的格式转移给我。' },
  { right: 'explain', subject: '解释说明', text: '请对你们的个人信息处理规则进行解释说明。' },
  { right: 'correct', subject: '更正个人信息', text: '我的手机号码已更换，请将手机号改为13900000096。' },
  {
    right: 'delete',
    subject: '申请删除个人信息',
    text: '根据个人信息保护法第四十七条，请删除我在贵公司的全部个人信息。',
  },
  {
    right: 'withdraw_consent',
    subject: '撤回同意',
    text: '我撤回同意：请不要再根据我的使用情况和问卷给我打标签做用户画像。',
  },
  { right: 'restrict', subject: '限制处理', text: '请限制处理我的个人信息。' },
  {
    right: 'cancel_quickpay',
    subject: '注销快捷支付',
    text: `请注销我尾号${DEMO_HELD.bankCardLast4}的银行卡开通的快捷支付。`,
  },
  { right: 'close_account', subject: '注销账户', text: '我不再使用连连支付了，请注销我的账户。' },
];

const detail = async (id: string): Promise<Json> => (await t.api('admin', 'GET', `/api/requests/${id}`)).json;

/** Plays staff until the request has replied: the officer proceeds, a correction is applied as proposed. */
async function driveToReply(id: string): Promise<{ request: Json; officerSawReason: boolean }> {
  let officerSawReason = false;
  const done = await waitFor(
    `${id} to reply`,
    async () => {
      const d = await detail(id);
      const kinds: string[] = (d.openTasks ?? []).map((x: { kind: string }) => x.kind);
      if (d.request.status === 'under_review') {
        // The officer sees the real reason, inside (the person never does).
        if (JSON.stringify(d.openTasks).includes('aml_investigation_open')) officerSawReason = true;
        const res = await t.api('privacy_officer', 'POST', `/api/requests/${id}/review`, { decision: 'proceed' });
        if (res.status !== 200 && res.status !== 409)
          throw new Error(`review → ${res.status} ${JSON.stringify(res.json)}`);
        return undefined;
      }
      if (kinds.includes('correction')) {
        await t.api('agent', 'POST', `/api/requests/${id}/corrections`, { apply: 'proposal' });
        return undefined;
      }
      const replied = (await t.outbox(id)).some((m) => m.kind === 'reply');
      return replied && ['replied', 'closed'].includes(d.request.status) ? d.request : undefined;
    },
    180_000,
  );
  return { request: done, officerSawReason };
}

const linkRe =
  /https?:\/\/127\.0\.0\.1:\d+\/download\/RF-\d{8}-[0-9A-Z]{6}\/(access|copy|portability)\/[A-Za-z0-9_-]+/g;
const ackRe = /https?:\/\/127\.0\.0\.1:\d+\/partner-ack\/[A-Za-z0-9._~-]*[A-Za-z0-9_~-]/g;

describe('a customer under an AML investigation asks for every right', { timeout: 600_000 }, () => {
  it('no mail, SMS, letter, partner notice, download page or partner page hints at the investigation', async () => {
    const ids = new Map<string, string>();
    for (const ask of ASKS) ids.set(ask.right, await askAndVerify(t, h, ask.subject, ask.text));
    const results = new Map<string, Json>();
    let officerSawReason = false;
    for (const [right, id] of ids) {
      const r = await driveToReply(id);
      results.set(right, r.request);
      officerSawReason ||= r.officerSawReason;
    }
    // Each right was understood as asked (otherwise the scenario would not cover it).
    for (const [right, request] of results) expect(request.rights, right).toContain(right);
    // The hold is real: the officer was told the reason (inside) for the rights that erase.
    expect(officerSawReason).toBe(true);

    const checked: Array<{ what: string; text: string }> = [];
    const messages: OutboxMessage[] = [];
    for (const id of ids.values()) messages.push(...(await t.outbox(id)));
    // Staff mail (task notices, the officer's digest) is inside and may name the reason; everything else leaves.
    const outward = messages.filter((m) => !/^(task_|officer|escalation|digest)/.test(m.kind));
    const kinds = new Set(outward.map((m) => `${m.channel}:${m.kind}`));
    for (const k of ['email:ack', 'email:verification_code', 'email:reply', 'sms:download_code']) {
      expect([...kinds], k).toContain(k);
    }
    expect(outward.some((m) => m.kind === 'partner_notice')).toBe(true);
    for (const m of outward) {
      checked.push({
        what: `${m.channel}:${m.kind} ${m.requestId ?? ''}`,
        text: `${m.subject}\n${m.text}\n${m.html ?? ''}`,
      });
    }

    // The download pages she opens: the form, the code's JSON answer, every file behind it.
    const links = [...new Set(outward.flatMap((m) => m.text.match(linkRe) ?? []))];
    expect(links.length).toBeGreaterThanOrEqual(3); // access, copy, portability
    for (const link of links) {
      const id = /\/download\/(RF-[^/]+)\//.exec(link)![1]!;
      const right = /\/download\/[^/]+\/([a-z]+)\//.exec(link)![1]!;
      const sms = outward.find((m) => m.requestId === id && m.kind === 'download_code' && m.key.includes(`:${right}:`));
      expect(sms, `the ${right} code for ${id}`).toBeDefined();
      const code = /(?<!\d)(\d{6})(?!\d)/.exec(sms!.text)![1]!;
      const form = await fetch(link);
      expect(form.status).toBe(200);
      checked.push({ what: `download form ${right}`, text: await form.text() });
      const opened = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      expect(opened.status).toBe(200);
      const body = await opened.text();
      checked.push({ what: `download answer ${right}`, text: body });
      for (const f of JSON.parse(body).files as Array<{ name: string; url: string }>) {
        const file = await fetch(`${t.rt.urls.http}${f.url}`);
        expect(file.status, f.name).toBe(200);
        checked.push({ what: `download file ${right}/${f.name}`, text: await file.text() });
      }
    }

    // The partner acknowledgement pages the notices link to.
    const acks = [...new Set(outward.flatMap((m) => m.text.match(ackRe) ?? []))];
    expect(acks.length).toBeGreaterThan(0);
    for (const link of acks) {
      const page = await fetch(link);
      expect(page.status, link).toBe(200);
      checked.push({ what: `partner page ${link.slice(-12)}`, text: await page.text() });
    }

    // The complaint channels every such letter gives are not taken from her (they were, whole line, until 6d48cf5).
    const replies = outward.filter((m) => m.kind === 'reply');
    expect(replies.filter((m) => m.text.includes(complaints.zh)).length).toBeGreaterThan(0);
    for (const m of replies) expect(m.text, m.requestId).not.toContain('依照法律、行政法规的规定处理。');
    const hits = checked.map((c) => ({ what: c.what, hit: tipOff(c.text) })).filter((c) => c.hit);
    expect(hits).toEqual([]);
    // The search itself can fail: the same texts with the investigation named in them are caught.
    expect(tipOff(`${checked[0]!.text}\n该客户涉及反洗钱调查`)).not.toBeNull();
    expect(checked.length).toBeGreaterThan(40);
  });
});
