// correct: FulfilRight opens a `correction` task for staff and tells the privacy office; the reply promises a written
// confirmation, and recording the correction sends it — once, with the categories corrected and no values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { confirmCorrection } from '../../../functions/send-reply/correction.ts';
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

describe('a correction is a tracked follow-up', () => {
  it('opens a task, promises a confirmation in the reply, and sends it once when staff record the correction', async () => {
    const h = await harness(db);
    const r = await h.create({ rights: ['correct'], verification: { level: 'strong', method: 'hotline_staff' } });
    expect(await h.run(fulfilRight, { requestId: r.id, right: 'correct' })).toMatchObject({ status: 'pending_staff' });
    const task = await h.store.getTask(r.id, 'correction');
    expect(task).toMatchObject({ status: 'open', assignee: 'agent' });
    const notices = h.mailer.byKind('task_notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain('更正请求待核实并执行');
    expect(notices[0]!.text).toContain(`POST /api/requests/${r.id}/corrections`);

    await h.run(sendReply, { requestId: r.id });
    const reply = h.mailer.byKind('reply')[0]!;
    expect(reply.text).toContain('核实并更正后我们将书面确认');
    expect(h.mailer.byKind('correction_confirmed')).toHaveLength(0);

    const appliedAt = '2026-11-27T03:00:00.000Z';
    expect(await confirmCorrection(h.deps, r.id, ['contact'], appliedAt)).toEqual({ mailed: true });
    await confirmCorrection(h.deps, r.id, ['contact'], appliedAt); // a repeated call
    const letters = h.mailer.byKind('correction_confirmed');
    expect(letters).toHaveLength(1);
    expect(letters[0]!.to).toEqual(reply.to);
    const zh = letters[0]!.text;
    expect(zh).toContain(`编号 ${r.id}`);
    expect(zh).toContain('于2026年11月27日在业务系统中更正了您的以下个人信息');
    expect(zh).toContain('· 联系方式（手机号码、电子邮箱）');
    expect(zh).not.toContain('13800001234');
    expect((await h.store.getTask(r.id, 'correction'))?.status).toBe('succeeded');
    expect((await h.store.listEvents(r.id)).filter((e) => e.type === 'correction_confirmed')).toHaveLength(1);
    expect((await h.store.listLetters(r.id)).map((l) => l.kind)).toContain('correction_confirmed');
  });
});
