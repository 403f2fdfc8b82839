// The deletion path end to end through the steps (the order the state machine runs them), each step run twice to
// prove re-drives send nothing twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPartnerAck } from '../../../functions/await-acknowledgements/operations.ts';
import { step as awaitAcks } from '../../../functions/await-acknowledgements/step.ts';
import { step as chase } from '../../../functions/chase-acknowledgements/step.ts';
import { step as checkExceptions } from '../../../functions/check-exceptions/step.ts';
import type { FulfilResult } from '../../../functions/fulfil-right/results.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as isolate } from '../../../functions/isolate-backups/step.ts';
import { step as loadRequest } from '../../../functions/load-request/step.ts';
import { step as planNotices } from '../../../functions/plan-notices/step.ts';
import { step as recordOutcome } from '../../../functions/record-outcome/step.ts';
import { verifyCode } from '../../../functions/request-verification/operations.ts';
import { step as requestVerification } from '../../../functions/request-verification/step.ts';
import { step as scheduleDeferred } from '../../../functions/schedule-deferred-deletions/step.ts';
import { step as sendNotice } from '../../../functions/send-recipient-notice/step.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { fulfilKey } from '../../../functions/shared/step.ts';
import { verifyEventChain } from '../../../functions/shared/store/event-chain.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness, PERSONAL } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

describe('deletion verified by an emailed code', () => {
  it('an active customer: runs every step once, erases only what the service does not need, says why', async () => {
    const h = await harness(db);
    const r = await h.create();
    const id = r.id;

    const loaded = await h.run(loadRequest, { requestId: id });
    expect(loaded).toEqual({
      requestId: id,
      rights: ['delete'],
      verificationRequired: true,
      language: 'zh',
      minor: false,
      erasing: true,
    });
    expect((await h.store.getRequest(id))?.status).toBe('awaiting_verification');

    // The code goes to the address on file, once, however often the step runs.
    await h.run(requestVerification, { requestId: id, taskToken: 't1' });
    await h.run(requestVerification, { requestId: id, taskToken: 't2' });
    const codeMails = h.mailer.byKind('verification_code');
    expect(codeMails).toHaveLength(1);
    expect(codeMails[0]?.to).toEqual(['onfile.person@example.com']);
    const task = await h.store.getTask(id, 'verification');
    expect(task).toMatchObject({ status: 'open', taskToken: 't2', onDue: 'fail' });
    expect(task?.dueAt).toBe('2026-12-09T15:59:59.999Z');
    const code = /验证码为：(\d{6})/.exec(codeMails[0]!.text)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    const stored = await h.store.getVerificationCode(id);
    expect(JSON.stringify(stored)).not.toContain(code);

    const wrong = code === '000000' ? '111111' : '000000';
    expect(await verifyCode(h.deps, id, wrong)).toEqual({ verified: false, reason: 'wrong_code', attemptsLeft: 4 });
    expect(await verifyCode(h.deps, id, code!)).toEqual({ verified: true, method: 'email_code' });
    expect(h.callbacks.succeeded).toEqual([
      { token: 't2', output: { verified: true, level: 'strong', method: 'email_code' } },
    ]);
    expect((await h.store.getRequest(id))?.verification).toMatchObject({ level: 'strong', method: 'email_code' });
    // A re-drive hands the recorded result straight back, sending nothing.
    await h.run(requestVerification, { requestId: id, taskToken: 't3' });
    expect(h.callbacks.succeeded.at(-1)?.token).toBe('t3');
    expect(h.mailer.byKind('verification_code')).toHaveLength(1);

    expect(await h.run(checkExceptions, { requestId: id })).toEqual({
      needsReview: false,
      feeQuote: false,
      refuse: false,
    });

    for (let i = 0; i < 2; i++)
      expect(await h.run(fulfilRight, { requestId: id, right: 'delete' })).toEqual({
        right: 'delete',
        status: 'partial',
      });
    // An active customer (no relationship end): what the service needs stays in use; only marketing, collected on
    // consent, is erased — once, on its ground (PIPL art. 47 ¶1(3)). Nothing is held, so nothing is restricted (H6).
    const erases = h.company.calls.filter((c) => c.op === 'erase');
    expect(erases).toHaveLength(1);
    expect(erases[0]?.args[1]).toEqual(['marketing']);
    expect(h.company.count('restrict')).toBe(0);
    const fulfilled = await h.store.getStepResult<FulfilResult>(id, fulfilKey('delete'));
    expect(fulfilled).toMatchObject({
      grounds: [{ category: 'marketing', ground: 'consent_withdrawn' }],
      keptForService: ['identity', 'contact', 'bank_cards', 'transactions', 'device'],
      serviceContinues: true,
      held: [],
      deferred: [],
    });

    const plan = await h.run<{ notices: { partnerId: string }[] }>(planNotices, { requestId: id });
    // Only partners that received an erased category: neither unionpay nor the bank got marketing data.
    expect(plan.notices).toEqual([]);

    expect(await h.run(isolate, { requestId: id })).toEqual({ isolated: true });
    expect(await h.run(isolate, { requestId: id })).toEqual({ isolated: true });
    const iso = await h.store.listIsolation();
    expect(iso).toHaveLength(1);
    expect(iso[0]?.categories).toEqual(['marketing']);
    expect(JSON.stringify(iso)).not.toMatch(/13800001234|11010519491231002X/);

    // Nothing held, nothing to come back to: the retention clock does not start at the request (H6).
    expect(await h.run(scheduleDeferred, { requestId: id })).toEqual({ scheduled: 0 });
    expect(h.scheduled.filter((s) => s.payload['kind'] !== 'timer')).toEqual([]);

    expect(await h.run(sendReply, { requestId: id })).toEqual({ outcome: 'partially_completed' });
    expect(await h.run(sendReply, { requestId: id })).toEqual({ outcome: 'partially_completed' });
    const replies = h.mailer.byKind('reply');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ to: ['fake.person@example.com'], inReplyTo: '<m1@example.com>' });
    expect(replies[0]?.text).toContain(id);
    // The letter names the ground and says the service continues, what stays, and how to close the account.
    expect(replies[0]?.text).toContain(
      '删除依据：营销信息（特征标签、订阅、问卷）——该信息基于您的同意处理，您已撤回同意（《个人信息保护法》第四十七条第一款第（三）项）。',
    );
    expect(replies[0]?.text).toContain('您的连连支付服务仍在继续');
    expect(replies[0]?.text).toContain('注销账户');
    expect(await h.store.getRequest(id)).toMatchObject({ status: 'replied', outcome: 'partially_completed' });

    expect(await h.run(recordOutcome, { requestId: id })).toMatchObject({
      status: 'closed',
      pendingAcknowledgements: 0,
    });

    const events = await h.store.listEvents(id);
    expect(verifyEventChain(id, events).ok).toBe(true);
    const audit = JSON.stringify(events);
    const logs = h.logger.lines.join('\n');
    for (const p of PERSONAL) {
      expect(audit).not.toContain(p);
      expect(logs).not.toContain(p);
    }
  });

  it('notifies each recipient once, and closes when the last acknowledges through the signed link', async () => {
    const h = await harness(db);
    // Nothing held (retention periods long over): identity, cards and transactions are erased and partners hear of it.
    h.company.anchors = { relationshipEndedAt: '2010-01-01', lastTransactionAt: '2010-01-01' };
    const r = await h.create({ verification: { level: 'strong', method: 'hotline_staff', verifiedBy: 'agent1' } });
    const id = r.id;
    expect((await h.run<{ verificationRequired: boolean }>(loadRequest, { requestId: id })).verificationRequired).toBe(
      false,
    );
    await h.run(checkExceptions, { requestId: id });
    expect(await h.run(fulfilRight, { requestId: id, right: 'delete' })).toEqual({ right: 'delete', status: 'done' });
    const plan = await h.run<{ notices: { requestId: string; partnerId: string }[] }>(planNotices, { requestId: id });
    expect(plan.notices.map((n) => n.partnerId)).toEqual(['unionpay', 'issuing_bank:ICBC']);
    for (const item of [...plan.notices, ...plan.notices])
      expect(await h.run(sendNotice, item)).toEqual({ partnerId: item.partnerId, sent: true });
    const notices = h.mailer.byKind('partner_notice');
    expect(notices.map((m) => m.to[0])).toEqual([
      'unionpay@privacy-notices.lianlianpay.com',
      'icbc@privacy-notices.lianlianpay.com',
    ]);
    // Partners get masked identifiers only.
    for (const m of notices) for (const p of PERSONAL) expect(m.text).not.toContain(p);
    expect(notices[0]?.text).toContain('110105********002X');

    await h.run(sendReply, { requestId: id });
    expect(await h.run(recordOutcome, { requestId: id })).toMatchObject({
      status: 'replied',
      pendingAcknowledgements: 2,
    });
    await h.run(awaitAcks, { requestId: id, taskToken: 'ack1' });
    const ackTask = await h.store.getTask(id, 'acknowledgements');
    expect(ackTask).toMatchObject({ status: 'open', onDue: 'succeed', context: { round: 0 } });

    const tokens = notices.map((m) => /partner-ack\/(\S+)/.exec(m.text)?.[1]);
    expect(await recordPartnerAck(h.deps, `${tokens[0]}x`)).toBeUndefined();
    expect(await recordPartnerAck(h.deps, tokens[0]!)).toMatchObject({
      partnerId: 'unionpay',
      alreadyAcknowledged: false,
    });
    expect(await recordPartnerAck(h.deps, tokens[0]!)).toMatchObject({ alreadyAcknowledged: true });
    expect(h.callbacks.succeeded.filter((c) => c.token === 'ack1')).toHaveLength(0);
    await recordPartnerAck(h.deps, tokens[1]!);
    expect(h.callbacks.succeeded.filter((c) => c.token === 'ack1')).toEqual([
      { token: 'ack1', output: { allAcknowledged: true } },
    ]);
    expect(await h.run(chase, { requestId: id })).toEqual({ done: true });
    expect((await h.store.getRequest(id))?.status).toBe('closed');
  });
});
