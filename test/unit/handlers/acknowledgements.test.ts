// Chasing partners' acknowledgements: reminders on the planned days (once each), escalation after the window,
// rounds that re-open the waiting task, and the once-only mail log at a crash boundary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as awaitAcks } from '../../../functions/await-acknowledgements/step.ts';
import { step as chase } from '../../../functions/chase-acknowledgements/step.ts';
import { step as checkExceptions } from '../../../functions/check-exceptions/step.ts';
import { step as fireTimer } from '../../../functions/fire-timer/step.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as planNotices } from '../../../functions/plan-notices/step.ts';
import { step as sendNotice } from '../../../functions/send-recipient-notice/step.ts';
import { moveStatus, sendOnce } from '../../../functions/shared/step.ts';
import { runSweep } from '../../../functions/sweep/sweep.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

describe('acknowledgement chase', () => {
  it('reminds on the planned days, escalates after the window, and is done once every notice is escalated', async () => {
    const h = await harness(db);
    h.company.anchors = { relationshipEndedAt: '2010-01-01', lastTransactionAt: '2010-01-01' };
    h.company.recipients = ['nucc'];
    const r = await h.create({ verification: { level: 'strong', method: 'hotline_staff' } });
    await h.run(checkExceptions, { requestId: r.id });
    await h.run(fulfilRight, { requestId: r.id, right: 'delete' });
    const plan = await h.run<{ notices: { requestId: string; partnerId: string }[] }>(planNotices, { requestId: r.id });
    for (const n of plan.notices) await h.run(sendNotice, n);

    // The reply went out (the chase runs after SendReply in the workflow).
    await moveStatus(h.deps, r.id, 'replying');
    await moveStatus(h.deps, r.id, 'replied');
    let token = 0;
    const rounds: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      const t = `ack${++token}`;
      await h.run(awaitAcks, { requestId: r.id, taskToken: t });
      const task = await h.store.getTask(r.id, 'acknowledgements');
      expect(task?.status).toBe('open');
      expect(task?.context?.['round']).toBe(i);
      // The timer has its own one-time schedule (fire-timer at dueAt), not a wait on the sweep.
      expect(h.scheduled.at(-1)).toMatchObject({
        at: new Date(task!.dueAt!),
        payload: { kind: 'timer', requestId: r.id, task: 'acknowledgements' },
      });
      h.clock.t = new Date(new Date(task!.dueAt!).getTime() + 60_000);
      if (i % 2 === 0) await h.run(fireTimer, h.scheduled.at(-1)!.payload);
      // A schedule that never fired: the sweep catches the timer up a few minutes late.
      else {
        h.clock.t = new Date(new Date(task!.dueAt!).getTime() + 10 * 60_000);
        expect((await runSweep(h.deps)).timersFired).toBe(1);
      }
      expect(h.callbacks.succeeded.at(-1)).toEqual({ token: t, output: { expired: true } });
      const { done } = await h.run<{ done: boolean }>(chase, { requestId: r.id });
      // A re-drive of the same round changes nothing.
      expect(await h.run(chase, { requestId: r.id })).toEqual({ done });
      rounds.push(done);
      if (done) break;
    }
    // Two reminders (working days 5 and 8), then escalation.
    expect(rounds).toEqual([false, false, true]);
    expect(h.mailer.byKind('reminder').map((m) => m.key)).toEqual([
      `reminder:${r.id}:nucc:1`,
      `reminder:${r.id}:nucc:2`,
    ]);
    const esc = h.mailer.byKind('escalation').filter((m) => m.key.startsWith('ack-escalation:'));
    expect(esc).toHaveLength(1);
    expect(esc[0]?.to).toContain('dpo@lianlianpay.com');
    expect(await h.store.getNotice(r.id, 'nucc')).toMatchObject({ reminders: 2, escalatedAt: expect.any(String) });
    // Still silent after the escalation: the request leaves the open set, with a staff task naming the partner.
    expect((await h.store.getRequest(r.id))?.status).toBe('closed');
    expect(await h.store.listOpenRequestIds()).not.toContain(r.id);
    expect(await h.store.getTask(r.id, 'unacknowledged')).toMatchObject({
      status: 'open',
      assignee: 'privacy_officer',
      context: { partners: ['nucc'] },
    });
    expect((await h.store.listEvents(r.id)).map((e) => e.type)).toContain('acknowledgements_unanswered');
  });
});

describe('sendOnce', () => {
  it('sends once per key; a crash after sending but before marking re-sends at most once', async () => {
    const h = await harness(db);
    const mail = { key: 'k1', kind: 'reply', from: 'a@x', to: ['b@x'], subject: 's', text: 't' };
    expect((await sendOnce(h.deps, mail)).sent).toBe(true);
    expect((await sendOnce(h.deps, mail)).sent).toBe(false);
    expect(h.mailer.sent).toHaveLength(1);
    // Crash boundary: the intent is recorded, the mailer throws before "sent" is recorded.
    const failing = { ...h.deps, mailer: { send: async () => Promise.reject(new Error('network')) } };
    await expect(sendOnce(failing, { ...mail, key: 'k2' })).rejects.toThrow('network');
    expect(await h.store.getMailRecord('k2')).toMatchObject({ status: 'intent' });
    expect((await sendOnce(h.deps, { ...mail, key: 'k2' })).sent).toBe(true);
    expect((await sendOnce(h.deps, { ...mail, key: 'k2' })).sent).toBe(false);
    expect(h.mailer.sent).toHaveLength(2);
  });

  it("a request's mail is marked sent by its kept letter alone; a re-drive finds the letter and sends nothing", async () => {
    const h = await harness(db);
    const r = await h.create({ rights: ['delete'] });
    const mail = {
      key: `m1:${r.id}`,
      kind: 'reply',
      requestId: r.id,
      from: 'a@x',
      to: ['b@x'],
      subject: 's',
      text: 't',
    };
    const first = await sendOnce(h.deps, mail);
    expect(first.sent).toBe(true);
    expect(first.messageId).toMatch(/@test>$/);
    // One write less per letter: the log keeps the intent, the mailed letter (with its message id) says it was sent.
    expect(await h.store.getMailRecord(mail.key)).toMatchObject({ status: 'intent' });
    const kept = (await h.store.listLetters(r.id)).find((l) => l.key === mail.key);
    expect(kept).toMatchObject({ mailed: true, messageId: first.messageId });
    expect(await sendOnce(h.deps, mail)).toEqual({ sent: false, messageId: first.messageId });
    expect(h.mailer.byKind('reply').filter((m) => m.key === mail.key)).toHaveLength(1);

    // Crash boundary: sent, then the letter write fails. The re-drive finds no letter and re-sends once, no more.
    const m2 = { ...mail, key: `m2:${r.id}` };
    const broken = { ...h.deps, store: { ...h.deps.store, putLetter: () => Promise.reject(new Error('db down')) } };
    await expect(sendOnce(broken, m2)).rejects.toThrow('db down');
    expect((await sendOnce(h.deps, m2)).sent).toBe(true);
    expect((await sendOnce(h.deps, m2)).sent).toBe(false);
    expect(h.mailer.byKind('reply').filter((m) => m.key === m2.key)).toHaveLength(2);

    // A letter kept unmailed under the key before (no address then) is no mark of sending: once mailed, the log is.
    const m3 = { ...mail, key: `m3:${r.id}` };
    await h.store.putLetter({ ...m3, to: [], language: 'zh', mailed: false, at: h.clock.now().toISOString() });
    expect((await sendOnce(h.deps, m3)).sent).toBe(true);
    expect(await h.store.getMailRecord(m3.key)).toMatchObject({ status: 'sent' });
    expect((await sendOnce(h.deps, m3)).sent).toBe(false);
    expect(h.mailer.byKind('reply').filter((m) => m.key === m3.key)).toHaveLength(1);
  });
});
