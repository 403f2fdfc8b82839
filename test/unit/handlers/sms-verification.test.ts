// One-time codes by SMS to the phone on file (issue 13 item 1): the code goes to the phone the company holds, never to
// a number the asker wrote in; attempts are counted and the wrong-code answer says how many are left; codes per
// request and SMS per phone per day are limited; a resend waits; a deceased person's phone never gets a code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resendVerificationCode, verifyCode } from '../../../functions/request-verification/operations.ts';
import { receiveSmsReply } from '../../../functions/request-verification/sms-reply.ts';
import { step as requestVerification } from '../../../functions/request-verification/step.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

const ON_FILE = '+8613800001234'; // FakeCompany's CONTACT phone
const codeOf = (text: string) => /(?<!\d)(\d{6})(?!\d)/.exec(text)?.[1] ?? '';
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function withSms() {
  const h = await harness(db);
  h.deps.sms = h.sms;
  return h;
}

describe('SMS one-time codes', () => {
  it('texts the code to the phone on file, not to the number the asker gave, and a correct code is strong', async () => {
    const h = await withSms();
    const r = await h.create({
      rights: ['delete'],
      subject: { name: '测试用户', idNumber: '11010519491231002X', phone: '13911112222' },
    });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    expect(h.mailer.byKind('verification_code')).toHaveLength(0);
    const [sms] = h.sms.byKind('verification_code');
    expect(sms?.to).toBe(ON_FILE);
    expect(sms?.text).toContain(r.id);
    expect(sms?.text).toMatch(/^【连连支付】验证码\d{6}，30分钟内有效/);
    expect(sms!.text.length).toBeLessThanOrEqual(140);
    expect(await verifyCode(h.deps, r.id, codeOf(sms!.text))).toEqual({ verified: true, method: 'sms_code' });
    const after = await h.store.getRequest(r.id);
    expect(after?.verification).toMatchObject({ level: 'strong', method: 'sms_code' });
    const sent = (await h.store.listEvents(r.id)).find((e) => e.type === 'verification_code_sent');
    expect(sent?.data).toMatchObject({ channel: 'sms', sentTo: '138****1234', method: 'sms_code', level: 'strong' });
    expect(JSON.stringify(await h.store.listEvents(r.id))).not.toContain('13800001234');
  });

  it('falls back to the mailbox on file when the deployment has no SMS channel', async () => {
    const h = await harness(db);
    const r = await h.create({ rights: ['delete'] });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    expect(h.mailer.byKind('verification_code')[0]?.to).toEqual([h.company.email]);
  });

  it('counts attempts: each wrong code says how many tries are left, the last one spends the code', async () => {
    const h = await withSms();
    const r = await h.create({ rights: ['access'] });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    const code = codeOf(h.sms.sent[0]!.text);
    const left = [];
    for (let i = 0; i < 4; i++) left.push(await verifyCode(h.deps, r.id, wrong(code)));
    expect(left.map((x) => (x.verified ? 'ok' : `${x.reason}:${x.attemptsLeft}`))).toEqual([
      'wrong_code:4',
      'wrong_code:3',
      'wrong_code:2',
      'wrong_code:1',
    ]);
    expect(await verifyCode(h.deps, r.id, wrong(code))).toEqual({
      verified: false,
      reason: 'too_many_attempts',
      attemptsLeft: 0,
    });
    // Spent: even the right code no longer works.
    expect(await verifyCode(h.deps, r.id, code)).toMatchObject({ verified: false, reason: 'too_many_attempts' });
    const rejected = (await h.store.listEvents(r.id)).filter((e) => e.type === 'verification_code_rejected');
    expect(rejected.map((e) => e.data?.['attemptsLeft'])).toEqual([4, 3, 2, 1, 0]);
  });

  it('a code read out to hotline staff verifies and the audit says who entered it', async () => {
    const h = await withSms();
    const r = await h.create({ rights: ['delete'] });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    const code = codeOf(h.sms.sent[0]!.text);
    expect(await verifyCode(h.deps, r.id, code, 'staff:agent1')).toEqual({ verified: true, method: 'sms_code' });
    const verified = (await h.store.listEvents(r.id)).find((e) => e.type === 'identity_verified');
    expect(verified).toMatchObject({ actor: 'staff:agent1', data: { method: 'sms_code', via: 'read_to_staff' } });
  });

  it('resends only after the code lapsed and the wait passed, and at most maxCodesPerRequest codes in all', async () => {
    const h = await withSms();
    const limits = h.deps.policy.settings.verification;
    const r = await h.create({ rights: ['delete'] });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    expect(await resendVerificationCode(h.deps, r.id)).toEqual({ sent: false, reason: 'live_code' });
    // Spend the code with wrong attempts: a new one may be asked for, but not within the wait.
    const code = codeOf(h.sms.sent[0]!.text);
    for (let i = 0; i < limits.maxAttempts; i++) await verifyCode(h.deps, r.id, wrong(code));
    expect(await resendVerificationCode(h.deps, r.id)).toMatchObject({ sent: false, reason: 'too_soon' });
    for (let round = 2; round <= limits.maxCodesPerRequest; round++) {
      h.clock.advance((limits.codeValidMinutes + 1) * 60_000);
      expect(await resendVerificationCode(h.deps, r.id)).toEqual({ sent: true });
    }
    expect(h.sms.byKind('verification_code')).toHaveLength(limits.maxCodesPerRequest);
    h.clock.advance((limits.codeValidMinutes + 1) * 60_000);
    expect(await resendVerificationCode(h.deps, r.id)).toEqual({ sent: false, reason: 'request_limit' });
    expect(h.sms.byKind('verification_code')).toHaveLength(limits.maxCodesPerRequest);
    const notSent = (await h.store.listEvents(r.id)).find((e) => e.type === 'verification_code_not_sent');
    expect(notSent?.data).toMatchObject({ code: 'request_limit' });
  });

  it('limits SMS to one phone per day across requests (against SMS bombing)', async () => {
    const h = await withSms();
    const perDay = h.deps.policy.settings.verification.maxSmsPerPhonePerDay;
    const outcomes: boolean[] = [];
    for (let i = 0; i < perDay + 2; i++) {
      const r = await h.create({ rights: ['delete'] });
      await h.run(requestVerification, { requestId: r.id, taskToken: `t-${i}` });
      outcomes.push((await h.store.listEvents(r.id)).some((e) => e.type === 'verification_code_sent'));
    }
    expect(outcomes.filter(Boolean)).toHaveLength(perDay);
    expect(outcomes.slice(perDay)).toEqual([false, false]);
    expect(h.sms.sent).toHaveLength(perDay);
    // The next Shanghai day the phone may receive codes again.
    h.clock.advance(24 * 3_600_000);
    const r = await h.create({ rights: ['delete'] });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-next-day' });
    expect(h.sms.sent).toHaveLength(perDay + 1);
  });

  it('a re-drive re-sends nothing: the same round, once', async () => {
    const h = await withSms();
    const r = await h.create({ rights: ['delete'] });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-2' });
    expect(h.sms.sent).toHaveLength(1);
  });

  it("never sends a code to a deceased person's phone or mailbox: the relative is verified by document review", async () => {
    const h = await withSms();
    const r = await h.create({
      rights: ['access'],
      requester: { type: 'relative_of_deceased', name: '测试亲属', email: 'relative@example.net' },
    });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    expect(h.sms.sent).toHaveLength(0);
    expect(h.mailer.byKind('verification_code')).toHaveLength(0);
    const notSent = (await h.store.listEvents(r.id)).find((e) => e.type === 'verification_code_not_sent');
    expect(notSent?.data).toMatchObject({ code: 'deceased_subject' });
    // Someone must verify them: the privacy officer is told what to review, once.
    const [notice] = h.mailer.byKind('task_notice');
    expect(notice?.subject).toContain('身份须由工作人员核验');
    expect(notice?.text).toContain('死亡证明');
    expect(notice?.text).toContain('document_review');
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-2' });
    expect(h.mailer.byKind('task_notice')).toHaveLength(1);
  });

  it("never sends a guardian's code to the child's phone or mailbox: the officer reviews the guardianship (PIPL art. 31)", async () => {
    const h = await withSms();
    const r = await h.create({
      rights: ['delete'],
      subject: { name: '测试儿童', idNumber: '11010519491231002X' },
      requester: { type: 'guardian', name: '测试家长', email: 'parent@example.net', phone: '13911112222' },
    });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    expect(h.sms.sent).toHaveLength(0);
    expect(h.mailer.byKind('verification_code')).toHaveLength(0);
    const notSent = (await h.store.listEvents(r.id)).find((e) => e.type === 'verification_code_not_sent');
    expect(notSent?.data).toMatchObject({ code: 'guardian_documents' });
    expect(h.mailer.byKind('task_notice')[0]?.text).toContain('监护关系证明');
    // Asking again changes nothing: no code goes out for a guardian's deletion.
    expect(await resendVerificationCode(h.deps, r.id)).toMatchObject({ sent: false });
    expect(h.sms.sent).toHaveLength(0);
  });

  it("a guardian's opt-out still gets a code, on the guardian's own mailbox (it discloses nothing about the child)", async () => {
    const h = await withSms();
    const r = await h.create({
      rights: ['withdraw_consent'],
      subject: { name: '测试儿童', idNumber: '11010519491231002X' },
      requester: { type: 'guardian', name: '测试家长', email: 'parent@example.net' },
    });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    expect(h.sms.sent).toHaveLength(0);
    expect(h.mailer.byKind('verification_code')[0]?.to).toEqual(['parent@example.net']);
  });

  it('a reply to the SMS from the phone on file verifies; a wrong code counts; another phone finds nothing', async () => {
    const h = await withSms();
    const r = await h.create({ rights: ['delete'] });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    const code = codeOf(h.sms.sent[0]!.text);
    expect(await receiveSmsReply(h.deps, { from: '+8613911112222', text: code })).toEqual({ matched: false });
    expect(await receiveSmsReply(h.deps, { from: '13800001234', text: `验证码${wrong(code)}` })).toEqual({
      matched: true,
      requestId: r.id,
      result: { verified: false, reason: 'wrong_code', attemptsLeft: 4 },
    });
    expect(await receiveSmsReply(h.deps, { from: '+86 138 0000 1234', text: code })).toEqual({
      matched: true,
      requestId: r.id,
      result: { verified: true, method: 'sms_code' },
    });
    const verified = (await h.store.listEvents(r.id)).find((e) => e.type === 'identity_verified');
    expect(verified).toMatchObject({ actor: 'requester', data: { method: 'sms_code', via: 'sms_reply' } });
    expect(h.callbacks.succeeded.at(-1)?.output).toEqual({ verified: true, level: 'strong', method: 'sms_code' });
  });
});
