// The legal review's journeys on the real runtime (real SMTP in, the ASL, DynamoDB Local, the sample company, the
// outbox): quick-pay cancellation keeps the card data a duty holds and says so; a customer under an AML
// investigation never reads a word that hints at it in any mail; closing an account ends the relationship, erases
// what no duty holds and says what stays; an open dispute blocks the closure (issue 8 item 9, issue 9).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACTIVE, DEMO_DISPUTE, DEMO_HELD } from '../../infra/local/company/demo-customers.ts';
import { duplicateKeys, mailAndVerify, mailOf, requestOf, statusIs } from './flows.ts';
import { startTestRuntime, type TestRuntime } from './harness.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(async () => {
  await t?.close();
});

/** Words that would tell a person of an investigation, a report or an authority's request (AML Law arts. 7, 35 ¶2). */
const TIP_OFF = /反洗钱|洗钱|调查|侦查|可疑交易|有权机关|冻结|money.?laundering|investigat|suspicious/i;

describe('legal journeys on the runtime', { timeout: 180_000 }, () => {
  it('cancelling quick pay for an active customer ends the binding, keeps the held card data and says so (C2)', async () => {
    const id = await mailAndVerify(t, DEMO_ACTIVE, {
      subject: '注销快捷支付',
      text: `您好，我是${DEMO_ACTIVE.name}，身份证号${DEMO_ACTIVE.idNumber}。请注销我尾号${DEMO_ACTIVE.bankCardLast4}的银行卡开通的快捷支付。`,
    });
    const reply = await mailOf(t, id, 'reply', 90_000);
    const request = await statusIs(t, id, ['replied', 'closed']);
    expect(request.rights).toEqual(['cancel_quickpay']);
    expect(request.outcome).toBe('partially_completed');
    expect(reply.text).toContain(`我们已注销您尾号${DEMO_ACTIVE.bankCardLast4}的银行卡`);
    expect(reply.text).toContain('请您同时向中国工商银行申请注销该卡的快捷支付');
    // The card data stays (AML Law art. 34) and the letter says until when; nothing is called deleted.
    expect(reply.text).toContain('银行卡信息');
    expect(reply.text).toMatch(/业务关系结束后至少再保存十年|保存至\d{4}年/);
    expect(reply.text).not.toMatch(/我们已删除或匿名化处理以下个人信息[^\n]*银行卡/);
    const notices = (await t.outbox(id)).filter((m) => m.kind === 'partner_notice');
    expect(notices.length).toBeGreaterThan(0);
    for (const n of notices) expect(n.subject).not.toMatch(/^【个人信息删除通知】/);
  });

  it('a customer under an AML investigation: no mail to them hints at it, whatever they asked (C3, H7)', async () => {
    const id = await mailAndVerify(t, DEMO_HELD, {
      subject: '查阅并删除个人信息',
      text: `您好，我是${DEMO_HELD.name}，身份证号${DEMO_HELD.idNumber}。请告诉我你们保存了我哪些个人信息，然后全部删除。`,
    });
    const review = await statusIs(t, id, ['under_review'], 90_000);
    expect(review.status).toBe('under_review');
    // The officer sees the real reason, inside.
    const detail = (await t.api('privacy_officer', 'GET', `/api/requests/${id}`)).json;
    expect(JSON.stringify(detail.openTasks)).toContain('aml_investigation_open');
    // A reason naming the investigation is refused; a neutral decision goes through.
    const tipping = await t.api('privacy_officer', 'POST', `/api/requests/${id}/review`, {
      decision: 'proceed',
      reasons: '该客户正在接受反洗钱调查，相关信息依法保存。',
    });
    expect(tipping.status).toBe(422);
    expect(tipping.json.error.code).toBe('would_tip_off');
    const ok = await t.api('privacy_officer', 'POST', `/api/requests/${id}/review`, { decision: 'proceed' });
    expect(ok.status).toBe(200);
    await mailOf(t, id, 'reply', 90_000);
    await statusIs(t, id, ['replied', 'closed']);
    const all = await t.outbox(id);
    // Everything this request sent except what goes to staff and partners (the officer is told, inside).
    const toPerson = all.filter((m) => !/^(task_|partner_|officer)/.test(m.kind));
    expect(
      all.map((m) => m.kind),
      JSON.stringify(all.map((m) => m.kind)),
    ).toEqual(expect.arrayContaining(['ack', 'verification_code', 'reply']));
    for (const m of toPerson) {
      const text = `${m.subject}\n${m.text}`;
      const hit = TIP_OFF.exec(text);
      expect(hit ? text.slice(Math.max(0, hit.index - 120), hit.index + 60) : null, m.kind).toBeNull();
      expect(m.html ?? '', m.kind).not.toMatch(TIP_OFF);
    }
  });

  it('an open dispute blocks closing the account, in the closure’s words; nothing is closed', async () => {
    const id = await mailAndVerify(t, DEMO_DISPUTE, {
      subject: '注销账户',
      text: `您好，我是${DEMO_DISPUTE.name}，身份证号${DEMO_DISPUTE.idNumber}。我不再使用连连支付了，请注销我的账户。`,
    });
    // The officer sees the dispute and the basis to refuse on (policy §4(5)).
    await statusIs(t, id, ['under_review'], 90_000);
    const detail = (await t.api('privacy_officer', 'GET', `/api/requests/${id}`)).json;
    expect(JSON.stringify(detail.openTasks)).toContain('open_disputes_account');
    const decided = await t.api('privacy_officer', 'POST', `/api/requests/${id}/review`, {
      decision: 'refuse',
      bases: [{ code: 'open_disputes_account' }],
    });
    expect(decided.status).toBe(200);
    const reply = await mailOf(t, id, 'reply', 90_000);
    const request = await statusIs(t, id, ['replied', 'closed']);
    expect(request.rights).toEqual(['close_account']);
    expect(request.outcome).toBe('refused');
    expect(reply.text).toContain('在争议解决前我们无法为您办理注销');
    // An adult writing for herself: the minors' regulation (《未成年人网络保护条例》第三十四条) is not cited to her.
    expect(reply.text).not.toContain('未成年人网络保护条例');
    expect(reply.text).not.toContain('Protection of Minors');
    expect((await t.outbox(id)).filter((m) => m.kind === 'partner_notice')).toEqual([]);
  });

  it('closing the account of an active customer: closed, erased what no duty holds, the rest kept with its end, everyone told', async () => {
    const id = await mailAndVerify(t, DEMO_ACTIVE, {
      subject: '申请注销账户',
      text: `您好，我是${DEMO_ACTIVE.name}，身份证号${DEMO_ACTIVE.idNumber}。我以后不再使用连连支付，请帮我注销账户。`,
    });
    const reply = await mailOf(t, id, 'reply', 90_000);
    const request = await requestOf(t, id);
    expect(request.rights).toEqual(['close_account']);
    expect((await statusIs(t, id, ['replied', 'closed'])).outcome).toBe('partially_completed');
    expect(reply.text).toMatch(/您的连连支付账户已于\d{4}年\d{1,2}月\d{1,2}日注销/);
    expect(reply.text).toContain('《网络数据安全管理条例》第二十三条、第二十四条');
    expect(reply.text).toContain('我们已删除或匿名化处理以下个人信息');
    // AML Law art. 34: ten years from the end of the relationship, now a date.
    expect(reply.text).toMatch(/保存至20(3[6-9])年/);
    expect(reply.text).not.toContain('您的连连支付服务仍在继续');
    const mails = await t.outbox(id);
    expect(duplicateKeys(mails)).toEqual([]);
    const notices = mails.filter((m) => m.kind === 'partner_notice');
    expect(notices.length).toBeGreaterThan(0);
    for (const n of notices) {
      expect(n.text).toContain('注销其在我司的账户');
      expect(n.text).not.toContain(DEMO_ACTIVE.idNumber);
    }
  });
});
