// End to end through real SMTP and HTTP on the real runtime: an emailed deletion verified by code is fulfilled
// on the sample company (full for a former customer, partial under AML Law art. 34 for an active one), every
// recipient is notified once, the same Message-ID twice is one request, and the API enforces its tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACTIVE, DEMO_DISPUTE, DEMO_FORMER } from '../../infra/local/company/demo-customers.ts';
import { ackTo, deletionMail, duplicateKeys, mailAndVerify, mailOf, requestOf, statusIs } from './flows.ts';
import { startTestRuntime, type TestRuntime, waitFor } from './harness.ts';

let t: TestRuntime;
/** The hotline deletion for the customer with an open dispute (its evidence is re-checked last). */
let hotlineId: string | undefined;

async function timelineOf(id: string): Promise<{ type: string; data?: Record<string, unknown> }[]> {
  return (await t.api('admin', 'GET', `/api/requests/${id}`)).json.timeline;
}
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(async () => {
  await t?.close();
});

describe('emailed deletion, verified by code', { timeout: 90_000 }, () => {
  let formerId: string;

  it('a former customer: ack, code, notices to each recipient once, completed reply', async () => {
    formerId = await mailAndVerify(t, DEMO_FORMER, deletionMail(DEMO_FORMER), '<del-former-1@example.com>');
    const reply = await mailOf(t, formerId, 'reply', 30_000);
    const request = await statusIs(t, formerId, ['replied', 'closed']);
    expect(request.outcome).toBe('completed');
    expect(reply.to).toEqual([DEMO_FORMER.email]);
    expect(reply.text).toContain(formerId);

    const mails = await t.outbox(formerId);
    expect(duplicateKeys(mails)).toEqual([]);
    expect(mails.filter((m) => m.kind === 'ack')).toHaveLength(1);
    expect(mails.filter((m) => m.kind === 'verification_code')).toHaveLength(1);
    expect(mails.filter((m) => m.kind === 'reply')).toHaveLength(1);
    const notices = mails.filter((m) => m.kind === 'partner_notice');
    // Exactly the partners that received this person's data (planNotices over policy/recipients.yaml): UnionPay
    // cleared both transactions (no NetsUnion), the card's issuing bank ABC, the entrusted processor.
    const partners = notices.map((m) => m.key.split(':').slice(2).join(':')).sort();
    expect(partners).toEqual([DEMO_FORMER.issuingBank, 'lianlian_hangzhou', 'unionpay'].sort());
    // one notice per recipient
    const recipients = notices.map((m) => m.to.join(','));
    expect(new Set(recipients).size).toBe(notices.length);
    for (const n of notices) expect(n.text).not.toContain(DEMO_FORMER.idNumber);
  });

  it('the same Message-ID mailed again is the same request, not a new one', async () => {
    await t.mail({ from: DEMO_FORMER.email, ...deletionMail(DEMO_FORMER), messageId: '<del-former-1@example.com>' });
    const acks = (await t.outbox()).filter((m) => m.kind === 'ack' && m.to.includes(DEMO_FORMER.email));
    expect(acks).toHaveLength(1);
    const list = await t.api('admin', 'GET', '/api/requests?limit=100');
    expect(list.status).toBe(200);
    const ids = JSON.stringify(list.json);
    expect(ids.split(formerId).length - 1).toBeLessThanOrEqual(1);
  });

  it('an active customer: the ground that applied, the service continues and what stays (H6)', async () => {
    const id = await mailAndVerify(t, DEMO_ACTIVE);
    const reply = await mailOf(t, id, 'reply', 30_000);
    const request = await statusIs(t, id, ['replied', 'closed']);
    expect(request.outcome).toBe('partially_completed');
    // Marketing data rests on consent: erased on PIPL art. 47 ¶1(3); the rest the ongoing service needs.
    expect(reply.text).toContain(
      '删除依据：营销信息（特征标签、订阅、问卷）——该信息基于您的同意处理，您已撤回同意（《个人信息保护法》第四十七条第一款第（三）项）。',
    );
    expect(reply.text).toContain('您的连连支付服务仍在继续');
    expect(reply.text).toMatch(/本次未予删除：身份信息.*联系方式.*银行卡信息.*交易信息.*设备信息/);
    expect(reply.text).toContain('注销账户');
    const done = (await timelineOf(id)).find((e) => e.type === 'right_fulfilled');
    expect(done?.data?.['counts']).toEqual({ marketing: 1 });
    expect(duplicateKeys(await t.outbox(id))).toEqual([]);
  });
});

describe('hotline intake', { timeout: 90_000 }, () => {
  it('honours Idempotency-Key and runs the same workflow without a code when staff verified the caller', async () => {
    const body = {
      channel: 'hotline',
      rights: ['delete'],
      subject: {
        name: DEMO_DISPUTE.name,
        idNumber: DEMO_DISPUTE.idNumber,
        phone: DEMO_DISPUTE.phone,
        email: DEMO_DISPUTE.email,
        bankCardLast4: DEMO_DISPUTE.bankCardLast4,
      },
      details: '来电申请删除个人信息',
      verifiedAtHotline: { checks: { name: true, idNumber: true, bankCard: true, phone: true } },
    };
    const headers = { 'idempotency-key': 'call-2026-11-25-0001' };
    const first = await t.api('agent', 'POST', '/api/requests', body, headers);
    expect(first.status).toBe(201);
    const again = await t.api('agent', 'POST', '/api/requests', body, headers);
    expect(again.status).toBe(200);
    const id = (first.json.request ?? first.json).id as string;
    hotlineId = id;
    expect((again.json.request ?? again.json).id).toBe(id);
    await mailOf(t, id, 'reply', 30_000);
    const mails = await t.outbox(id);
    expect(mails.filter((m) => m.kind === 'verification_code')).toEqual([]);
    expect(mails.filter((m) => m.kind === 'reply')).toHaveLength(1);
    expect(duplicateKeys(mails)).toEqual([]);
  });
});

describe('API access', { timeout: 90_000 }, () => {
  it('no token or a bad token → 401; an agent deciding a review → 403', async () => {
    const none = await t.api(undefined, 'GET', '/api/requests');
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBeTruthy();
    const bad = await t.api(undefined, 'GET', '/api/requests', undefined, { authorization: 'Bearer rf_not-a-token' });
    expect(bad.status).toBe(401);
    const { requestId } = await ackTo(t, DEMO_ACTIVE.email);
    const review = await t.api('agent', 'POST', `/api/requests/${requestId}/review`, {
      decision: 'refuse',
      exceptionCodes: ['abuse'],
      reasons: '测试',
    });
    expect(review.status).toBe(403);
    expect(review.json.error.code).toBeTruthy();
    expect((await requestOf(t, requestId)).outcome).toBe('partially_completed');
  });

  it('/health is 200 and the outbox is served to staff', async () => {
    expect((await fetch(`${t.rt.urls.http}/health`)).status).toBe(200);
    const outbox = await t.api('admin', 'GET', '/api/outbox');
    expect(outbox.status).toBe(200);
  });
});

// Last in this file: it moves the clock on.
describe('deferred deletion re-checks the dispute that held the evidence', { timeout: 90_000 }, () => {
  it("the hotline deletion kept the open dispute's support records; at the re-check they still stay (D8, H7)", async () => {
    expect(hotlineId).toBeDefined();
    const fulfilled = (await timelineOf(hotlineId!)).find((e) => e.type === 'right_fulfilled');
    // support records (with the call recording) are the dispute's evidence: held, not erased
    expect(fulfilled?.data?.['counts']).not.toHaveProperty('support');
    expect(fulfilled?.data?.['held']).toEqual(expect.arrayContaining([{ category: 'support', until: null }]));
    t.clock.advance(91 * 24 * 3600 * 1000);
    await t.rt.timers.tick();
    // The runtime's own timer pass (every 250 ms here) may fire the re-check before this tick does: wait for it.
    const done = await waitFor('the deferred re-check', async () => {
      const events = (await timelineOf(hotlineId!)).filter((e) => e.type === 'deferred_deletion_done');
      return events.length ? events : undefined;
    });
    expect(done).toHaveLength(1);
    expect(done[0]?.data).toMatchObject({ status: 'rescheduled', erased: [] });
  });
});
