// The other workflow paths: unverified timeout, refusal by the privacy officer, fee quote lapsing, other rights,
// failure, and the deadline sweep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as checkExceptions } from '../../../functions/check-exceptions/step.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as loadRequest } from '../../../functions/load-request/step.ts';
import { step as recordFailure } from '../../../functions/record-failure/step.ts';
import { acceptFee } from '../../../functions/request-fee-acceptance/operations.ts';
import { step as feeAcceptance } from '../../../functions/request-fee-acceptance/step.ts';
import { decideReview } from '../../../functions/request-review/operations.ts';
import { step as requestReview } from '../../../functions/request-review/step.ts';
import { recordStaffVerification, verifyCode } from '../../../functions/request-verification/operations.ts';
import { step as requestVerification } from '../../../functions/request-verification/step.ts';
import { signAckToken, verifyAckToken } from '../../../functions/send-recipient-notice/ack-token.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { runSweep } from '../../../functions/sweep/sweep.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness, PERSONAL } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

const DAY = 86_400_000;

describe('verification', () => {
  it('times out after the window: the sweep fails the task with Task.Expired and the reply is "unable to verify"', async () => {
    const h = await harness(db);
    const r = await h.create();
    await h.run(loadRequest, { requestId: r.id });
    await h.run(requestVerification, { requestId: r.id, taskToken: 'v1' });
    expect((await runSweep(h.deps)).timersFired).toBe(0);
    h.clock.advance(20 * DAY);
    expect((await runSweep(h.deps)).timersFired).toBe(1);
    expect(h.callbacks.failed).toEqual([{ token: 'v1', error: 'Task.Expired', cause: expect.any(String) }]);
    expect((await runSweep(h.deps)).timersFired).toBe(0);
    // The code no longer works.
    expect(await verifyCode(h.deps, r.id, '123456')).toMatchObject({ verified: false, reason: 'expired' });
    expect(await h.run(sendReply, { requestId: r.id })).toEqual({ outcome: 'unable_to_verify' });
    const reply = h.mailer.byKind('reply')[0];
    expect(reply?.text).toContain(r.id);
    // Nothing was disclosed or erased.
    expect(h.company.count('erase')).toBe(0);
  });

  it('locks out after too many wrong codes, and accepts a staff check at the hotline', async () => {
    const h = await harness(db);
    const r = await h.create();
    await h.run(loadRequest, { requestId: r.id });
    await h.run(requestVerification, { requestId: r.id, taskToken: 'v1' });
    const code = /验证码为：(\d{6})/.exec(h.mailer.sent[0]!.text)![1]!;
    const wrong = code === '999999' ? '888888' : '999999';
    for (let i = 0; i < 5; i++) await verifyCode(h.deps, r.id, wrong);
    expect(await verifyCode(h.deps, r.id, code)).toMatchObject({ verified: false, reason: 'too_many_attempts' });
    await expect(
      recordStaffVerification(h.deps, r.id, 'agent1', { name: true, idNumber: true, bankCard: false, phone: true }),
    ).rejects.toMatchObject({ name: 'InvalidInput' });
    await recordStaffVerification(h.deps, r.id, 'agent1', { name: true, idNumber: true, bankCard: true, phone: true });
    expect(h.callbacks.succeeded).toEqual([
      { token: 'v1', output: { verified: true, level: 'strong', method: 'hotline_staff' } },
    ]);
    expect((await h.store.getRequest(r.id))?.verification).toMatchObject({ verifiedBy: 'agent1' });
  });
});

describe('privacy-officer review', () => {
  it('refuses quick-pay cancellation with open disputes: reasons, complaint channels, nothing erased', async () => {
    const h = await harness(db);
    h.company.disputes = 2;
    const r = await h.create({
      rights: ['cancel_quickpay'],
      verification: { level: 'strong', method: 'hotline_staff' },
    });
    await h.run(loadRequest, { requestId: r.id });
    expect(await h.run(checkExceptions, { requestId: r.id })).toEqual({
      needsReview: true,
      feeQuote: false,
      refuse: true,
    });
    await h.run(requestReview, { requestId: r.id, taskToken: 'rv1' });
    const task = await h.store.getTask(r.id, 'review');
    expect(task).toMatchObject({
      status: 'open',
      assignee: 'privacy_officer',
      context: { reasons: ['open_disputes'] },
    });
    expect((await h.store.getRequest(r.id))?.status).toBe('under_review');
    await expect(
      decideReview(h.deps, r.id, 'officer1', { decision: 'refuse', exceptionCodes: [] }),
    ).rejects.toMatchObject({ name: 'InvalidInput' });
    await decideReview(h.deps, r.id, 'officer1', {
      decision: 'refuse',
      exceptionCodes: ['legal_obligation'],
      reasons: '存在未解决的交易争议',
    });
    expect(h.callbacks.succeeded[0]).toMatchObject({
      token: 'rv1',
      output: { decision: 'refuse', exceptionCodes: ['legal_obligation'], reasons: '存在未解决的交易争议' },
    });
    await expect(decideReview(h.deps, r.id, 'officer1', { decision: 'proceed' })).rejects.toMatchObject({
      name: 'Task.NotOpen',
    });
    expect(await h.run(sendReply, { requestId: r.id })).toEqual({ outcome: 'refused' });
    const text = h.mailer.byKind('reply')[0]!.text;
    expect(text).toContain('存在未解决的交易争议');
    expect(text).toMatch(/人民法院/);
    expect(h.company.count('erase')).toBe(0);
  });

  it('lets a fee quote lapse: timer succeeds with {accepted: false, expired: true} and the reply says fee declined', async () => {
    const h = await harness(db);
    const r = await h.create({ rights: ['portability'], verification: { level: 'strong', method: 'hotline_staff' } });
    await h.run(loadRequest, { requestId: r.id });
    await h.run(requestReview, { requestId: r.id, taskToken: 'rv' });
    await decideReview(h.deps, r.id, 'officer1', { decision: 'fee_quote', fee: { amount: 30, currency: 'CNY' } });
    await h.run(feeAcceptance, { requestId: r.id, taskToken: 'fee1' });
    await h.run(feeAcceptance, { requestId: r.id, taskToken: 'fee2' });
    expect(h.mailer.byKind('fee_quote')).toHaveLength(1);
    expect((await h.store.getRequest(r.id))?.status).toBe('awaiting_fee');
    h.clock.advance(30 * DAY);
    await runSweep(h.deps);
    expect(h.callbacks.succeeded.at(-1)).toEqual({ token: 'fee2', output: { accepted: false, expired: true } });
    expect(await h.run(sendReply, { requestId: r.id })).toEqual({ outcome: 'fee_declined' });
  });
});

describe('fee accepted and verification done before the wait', () => {
  it('resumes the workflow with {accepted: true} once, and hands back a verification done at the hotline', async () => {
    const h = await harness(db);
    const r = await h.create({ rights: ['portability'], verification: { level: 'strong', method: 'hotline_staff' } });
    await h.run(requestReview, { requestId: r.id, taskToken: 'rv' });
    await decideReview(h.deps, r.id, 'officer1', { decision: 'fee_quote', fee: { amount: 30, currency: 'CNY' } });
    await h.run(feeAcceptance, { requestId: r.id, taskToken: 'fee1' });
    await acceptFee(h.deps, r.id, true, 'staff:agent1');
    expect(h.callbacks.succeeded.at(-1)).toEqual({ token: 'fee1', output: { accepted: true } });
    await expect(acceptFee(h.deps, r.id, false, 'staff:agent1')).rejects.toMatchObject({ name: 'Task.NotOpen' });
    // The step runs with the request already strongly verified: no code is sent and the wait ends at once.
    await h.run(requestVerification, { requestId: r.id, taskToken: 'v9' });
    expect(h.mailer.byKind('verification_code')).toHaveLength(0);
    expect(h.callbacks.succeeded.at(-1)).toEqual({
      token: 'v9',
      output: { verified: true, level: 'strong', method: 'hotline_staff' },
    });
  });
});

describe('other rights', () => {
  it('copy: a sealed export in the blob store, recorded once', async () => {
    const h = await harness(db);
    const r = await h.create({
      rights: ['copy', 'withdraw_consent', 'correct'],
      verification: { level: 'strong' },
      details: '请停止给我发营销短信。',
    });
    await h.run(checkExceptions, { requestId: r.id });
    expect(await h.run(fulfilRight, { requestId: r.id, right: 'copy' })).toEqual({ right: 'copy', status: 'done' });
    expect(await h.run(fulfilRight, { requestId: r.id, right: 'copy' })).toEqual({ right: 'copy', status: 'done' });
    expect(h.company.count('export')).toBe(1);
    const blob = Buffer.from(h.blobs.get(`exports/${r.id}/copy.json.enc`)!).toString('utf8');
    expect(blob.startsWith('sealed:')).toBe(true);
    expect(blob).not.toContain('13800001234');
    expect(await h.run(fulfilRight, { requestId: r.id, right: 'withdraw_consent' })).toMatchObject({ status: 'done' });
    expect(h.company.calls.filter((c) => c.op === 'withdrawConsent').map((c) => c.args[1])).toEqual([
      'marketing_messages',
    ]);
    expect(await h.run(fulfilRight, { requestId: r.id, right: 'correct' })).toMatchObject({ status: 'pending_staff' });
    await expect(h.run(fulfilRight, { requestId: r.id, right: 'delete' })).rejects.toMatchObject({
      name: 'Right.NotRequested',
    });
    expect(await h.run(sendReply, { requestId: r.id })).toEqual({ outcome: 'partially_completed' });
  });

  it('unknown person: recorded as no data, replied as completed', async () => {
    const h = await harness(db);
    h.company.known = false;
    const r = await h.create({ rights: ['access'], verification: { level: 'strong' } });
    expect(await h.run(fulfilRight, { requestId: r.id, right: 'access' })).toEqual({
      right: 'access',
      status: 'no_data',
    });
    expect(await h.run(sendReply, { requestId: r.id })).toEqual({ outcome: 'completed' });
  });
});

describe('failure and sweep', () => {
  it('records a failure: status failed, redacted cause, a task for an administrator', async () => {
    const h = await harness(db);
    const r = await h.create();
    await h.run(recordFailure, {
      requestId: r.id,
      error: { Error: 'Company.ConnectorError', Cause: 'lookup of 13800001234 failed' },
    });
    expect((await h.store.getRequest(r.id))?.status).toBe('failed');
    const task = await h.store.getTask(r.id, 'failure');
    expect(task).toMatchObject({ status: 'open', assignee: 'admin', context: { error: 'Company.ConnectorError' } });
    expect(JSON.stringify(await h.store.listEvents(r.id))).not.toContain('13800001234');
    expect(h.metrics).toContain('request_failed');
  });

  it('a request in triage is not a failure: no failed status, no failure task, no notice (D12)', async () => {
    const h = await harness(db);
    const r = await h.create({ status: 'triage', rights: [] });
    await h.run(recordFailure, {
      requestId: r.id,
      error: { Error: 'Request.InTriage', Cause: `${r.id} awaits triage by staff` },
    });
    expect((await h.store.getRequest(r.id))?.status).toBe('triage');
    expect(await h.store.getTask(r.id, 'failure')).toBeUndefined();
    expect(h.mailer.sent).toEqual([]);
    expect(await h.store.listOpenRequestIds()).not.toContain(r.id);
  });

  it('escalates at working days 10 and 13 once each, then marks the breach once: one digest per run (M6)', async () => {
    const h = await harness(db);
    const r = await h.create();
    await h.run(loadRequest, { requestId: r.id });
    expect((await runSweep(h.deps)).escalated).toBe(0);
    // Received Wed 2026-11-25; 10 working days later is Wed 2026-12-09 (5 left of 15).
    h.clock.t = new Date('2026-12-09T03:00:00Z');
    expect(await runSweep(h.deps)).toMatchObject({ escalated: 1, breached: 0, digests: 1, complete: true });
    expect(await runSweep(h.deps)).toMatchObject({ escalated: 0, digests: 0 });
    h.clock.t = new Date('2026-12-14T03:00:00Z');
    expect(await runSweep(h.deps)).toMatchObject({ escalated: 1 });
    const digests = h.mailer.byKind('escalation_digest');
    expect(digests.map((m) => m.to)).toEqual([['dpo@lianlianpay.com'], ['dpo@lianlianpay.com']]);
    expect(digests[0]?.text).toContain(`${r.id}  距答复期限（2026年12月16日）还剩5个工作日  状态：`);
    expect(digests[1]?.text).toContain(`${r.id}  距答复期限（2026年12月16日）还剩2个工作日  状态：`);
    h.clock.t = new Date('2026-12-17T03:00:00Z');
    expect(await runSweep(h.deps)).toMatchObject({ breached: 1, escalated: 0, digests: 1 });
    expect(await runSweep(h.deps)).toMatchObject({ breached: 0, escalated: 0 });
    expect(h.mailer.byKind('escalation_digest').at(-1)?.text).toContain(
      `${r.id}  答复期限（2026年12月16日）已过1天，超期1个工作日`,
    );
    expect(h.metrics.filter((m) => m === 'DeadlinesMissed')).toHaveLength(1);
    const events = (await h.store.listEvents(r.id)).map((e) => e.type);
    expect(events.filter((t) => t === 'deadline_breached')).toHaveLength(1);
    for (const m of h.mailer.byKind('escalation_digest')) for (const p of PERSONAL) expect(m.text).not.toContain(p);
  });
});

describe('partner acknowledgement tokens', () => {
  it('round-trips and rejects tampering or another secret', () => {
    const t = signAckToken('s1', 'RF-20261125-AAAAAA', 'unionpay');
    expect(verifyAckToken('s1', t)).toEqual({ requestId: 'RF-20261125-AAAAAA', partnerId: 'unionpay' });
    expect(verifyAckToken('s2', t)).toBeUndefined();
    const forged = `${Buffer.from(JSON.stringify({ r: 'RF-20261125-AAAAAA', p: 'nucc' })).toString('base64url')}.${t.split('.')[1]}`;
    expect(verifyAckToken('s1', forged)).toBeUndefined();
    expect(verifyAckToken('s1', 'garbage')).toBeUndefined();
    // The signature's last character has two spare bits: every other spelling of it is refused, not only other bytes.
    const [payload, sig] = t.split('.') as [string, string];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(sig.at(-1) ?? '');
    expect(last % 4).toBe(0);
    const twins = [1, 2, 3].map((d) => alphabet.charAt(last + d));
    for (const c of twins) expect(verifyAckToken('s1', `${payload}.${sig.slice(0, -1)}${c}`)).toBeUndefined();
  });
});
