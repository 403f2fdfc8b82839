// Every letter written about a request is kept with it for staff: mailed letters through sendOnce (a one-time code
// blanked), and a letter with no address to mail it to as `mailed: false` with a delivery task and one notice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { sendCode } from '../../../functions/request-verification/send-code.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

describe('letters kept with the request', () => {
  it('a reply with no address is kept unmailed, opens one delivery task and tells the office once', async () => {
    const h = await harness(db);
    const r = await h.create({
      channel: 'hotline',
      rights: ['delete'],
      requester: { type: 'self' },
      subject: { name: '测试用户', idNumber: '11010519491231002X', idNumberValid: true },
      verification: { level: 'strong', method: 'hotline_staff' },
    });
    await h.run(fulfilRight, { requestId: r.id, right: 'delete' });
    await h.run(sendReply, { requestId: r.id });
    await h.run(sendReply, { requestId: r.id }); // a re-drive
    expect(h.mailer.byKind('reply')).toHaveLength(0);
    const letters = await h.store.listLetters(r.id);
    const reply = letters.filter((l) => l.kind === 'reply');
    expect(reply).toHaveLength(1);
    expect(reply[0]).toMatchObject({ key: `reply:${r.id}`, mailed: false, to: [], language: 'zh' });
    expect(reply[0]!.text).toContain(r.id);
    expect(reply[0]!.subject).toContain(r.id);
    const task = await h.store.getTask(r.id, 'delivery');
    expect(task).toMatchObject({ status: 'open', assignee: 'agent', context: { letters: [`reply:${r.id}`] } });
    const notices = h.mailer.byKind('task_notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain(`/api/requests/${r.id}/letters/{key}/delivered`);
    const sent = (await h.store.listEvents(r.id)).find((e) => e.type === 'reply_sent');
    expect(sent?.data?.['mailed']).toBe(false);
    // The notice to the office is itself kept as a letter of the request (mailed).
    expect(letters.find((l) => l.kind === 'task_notice')?.mailed).toBe(true);
  });

  it('staff record the delivery once; the delivery task closes when nothing is left', async () => {
    const h = await harness(db);
    const r = await h.create({
      channel: 'hotline',
      rights: ['delete'],
      requester: { type: 'self' },
      subject: { name: '测试用户', idNumber: '11010519491231002X', idNumberValid: true },
      verification: { level: 'strong', method: 'hotline_staff' },
    });
    await h.run(fulfilRight, { requestId: r.id, right: 'delete' });
    await h.run(sendReply, { requestId: r.id });
    const at = h.clock.now().toISOString();
    const key = `reply:${r.id}`;
    expect(await h.store.markLetterDelivered(r.id, key, { method: 'phone', by: 'agent', at })).toBe(true);
    expect(await h.store.markLetterDelivered(r.id, key, { method: 'post', by: 'agent', at })).toBe(false);
    const kept = (await h.store.listLetters(r.id)).find((l) => l.key === key);
    expect(kept?.delivered).toEqual({ method: 'phone', by: 'agent', at });
  });

  it('a mailed reply is kept as mailed, with its recipient; a one-time code is blanked in the kept copy', async () => {
    const h = await harness(db);
    const r = await h.create({ rights: ['delete'], verification: { level: 'strong', method: 'hotline_staff' } });
    await h.run(fulfilRight, { requestId: r.id, right: 'delete' });
    await h.run(sendReply, { requestId: r.id });
    const mailed = h.mailer.byKind('reply')[0]!;
    const reply = (await h.store.listLetters(r.id)).find((l) => l.kind === 'reply');
    expect(reply).toMatchObject({ mailed: true, to: mailed.to, subject: mailed.subject, text: mailed.text });
    expect(reply?.delivered).toBeUndefined();
    expect(await h.store.markLetterDelivered(r.id, reply!.key, { method: 'phone', by: 'x', at: reply!.at })).toBe(
      false,
    );

    const v = await h.create({ rights: ['access'] });
    await sendCode(h.deps, v, 1);
    const codeMail = h.mailer.byKind('verification_code').at(-1)!;
    const code = /(?<!\d)(\d{6})(?!\d)/.exec(codeMail.text)![1]!;
    const keptCode = (await h.store.listLetters(v.id)).find((l) => l.kind === 'verification_code');
    expect(keptCode?.mailed).toBe(true);
    expect(keptCode?.text).not.toContain(code);
    expect(keptCode?.text).toContain('******');
  });
});
