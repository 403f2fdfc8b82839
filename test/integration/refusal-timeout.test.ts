// End to end: a refusal decided by the privacy officer (reasons, complaint channels, right to sue) and a request
// never verified (the clock moved past the verification window → "unable to verify", nothing disclosed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACTIVE, DEMO_DISPUTE } from '../../infra/local/company/demo-customers.ts';
import { ackTo, deletionMail, duplicateKeys, mailAndVerify, mailOf, statusIs } from './flows.ts';
import { startTestRuntime, type TestRuntime } from './harness.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(async () => {
  await t?.close();
});

describe('refusal by the privacy officer', { timeout: 90_000 }, () => {
  it('quick-pay cancellation with an open dispute goes to review; a refusal is replied with reasons and channels', async () => {
    const id = await mailAndVerify(t, DEMO_DISPUTE, {
      subject: '申请注销快捷支付',
      text: `我是${DEMO_DISPUTE.name}，身份证号${DEMO_DISPUTE.idNumber}，手机号${DEMO_DISPUTE.phone}，银行卡尾号${DEMO_DISPUTE.bankCardLast4}。请注销我的快捷支付服务。`,
    });
    await statusIs(t, id, ['under_review'], 30_000);
    const agent = await t.api('agent', 'POST', `/api/requests/${id}/review`, { decision: 'proceed' });
    expect(agent.status).toBe(403);
    const reasons = '您与商户之间尚有未解决的交易争议，争议解决前无法注销快捷支付。';
    const decided = await t.api('privacy_officer', 'POST', `/api/requests/${id}/review`, {
      decision: 'refuse',
      exceptionCodes: ['legal_obligation'],
      reasons,
    });
    expect(decided.status).toBeLessThan(300);
    const reply = await mailOf(t, id, 'reply', 30_000);
    expect((await statusIs(t, id, ['replied', 'closed'])).outcome).toBe('refused');
    expect(reply.text).toContain('争议');
    expect(reply.text).toMatch(/网信/);
    expect(reply.text).toMatch(/人民法院/);
    const mails = await t.outbox(id);
    expect(mails.filter((m) => m.kind === 'partner_notice')).toEqual([]);
    expect(duplicateKeys(mails)).toEqual([]);
    // The path the ASL took, from the interpreter's event log.
    const path = await statesEntered(t, id);
    expect(path).toContain('AwaitPrivacyOfficerReview');
    expect(path).not.toContain('FulfilRights');
    expect(path.slice(-3)).toEqual(['RecordOutcome', 'AcknowledgementsPending?', 'Done']);
  });
});

describe('never verified', { timeout: 90_000 }, () => {
  it('after the verification window the person gets "unable to verify" and nothing is disclosed or deleted', async () => {
    await t.mail({ from: DEMO_ACTIVE.email, ...deletionMail(DEMO_ACTIVE) });
    const { requestId: id } = await ackTo(t, DEMO_ACTIVE.email);
    await mailOf(t, id, 'verification_code');
    await statusIs(t, id, ['awaiting_verification']);
    t.clock.advance(30 * 24 * 3600 * 1000); // well past 10 working days
    await t.rt.timers.tick();
    const reply = await mailOf(t, id, 'reply', 30_000);
    expect((await statusIs(t, id, ['replied', 'closed'])).outcome).toBe('unable_to_verify');
    expect(reply.text).not.toContain(DEMO_ACTIVE.idNumber);
    const mails = await t.outbox(id);
    expect(mails.filter((m) => m.kind === 'partner_notice')).toEqual([]);
    expect(duplicateKeys(mails)).toEqual([]);
    const path = await statesEntered(t, id);
    expect(path.slice(0, 4)).toEqual([
      'LoadRequest',
      'NeedsVerification?',
      'AwaitIdentityVerification',
      'UnableToVerify',
    ]);
    expect(path).not.toContain('CheckExceptions');
    expect(path).not.toContain('FulfilRights');
  });
});

/** States entered by the request's (finished) execution, in order. */
async function statesEntered(t: TestRuntime, id: string): Promise<string[]> {
  const record = await t.rt.engine.settled(id);
  expect(record?.status).toBe('succeeded');
  return (record?.events ?? []).filter((e) => e.type === 'StateEntered').map((e) => e.state ?? '');
}
