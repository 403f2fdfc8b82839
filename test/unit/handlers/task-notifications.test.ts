// Officers are told of new tasks: one mail (Chinese first, English too) when a review or a failure task opens,
// naming the request, why, the deadline and where to act, with no personal data in clear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as checkExceptions } from '../../../functions/check-exceptions/step.ts';
import { step as loadRequest } from '../../../functions/load-request/step.ts';
import { step as recordFailure } from '../../../functions/record-failure/step.ts';
import { step as requestReview } from '../../../functions/request-review/step.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness, PERSONAL } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

function expectNoPersonalData(text: string) {
  for (const p of PERSONAL) expect(text).not.toContain(p);
}

describe('task notifications to the privacy officer', () => {
  it('mails the officer once when a review task opens', async () => {
    const h = await harness(db);
    h.company.disputes = 2;
    const r = await h.create({
      rights: ['cancel_quickpay'],
      verification: { level: 'strong', method: 'hotline_staff' },
    });
    await h.run(loadRequest, { requestId: r.id });
    await h.run(checkExceptions, { requestId: r.id });
    await h.run(requestReview, { requestId: r.id, taskToken: 'rv1' });
    await h.run(requestReview, { requestId: r.id, taskToken: 'rv1' }); // a retried step
    const notices = h.mailer.byKind('task_notice');
    expect(notices).toHaveLength(1);
    const m = notices[0]!;
    expect(m.to).toEqual(['dpo@lianlianpay.com']);
    expect(m.key).toBe(`task-notice:${r.id}:review`);
    expect(m.subject).toContain(r.id);
    expect(m.text).toMatch(/^个人信息保护负责人/);
    expect(m.text.indexOf('English version')).toBeGreaterThan(0);
    // The reason in words (Chinese and English), never the bare code.
    expect(m.text).toContain('存在未解决的争议');
    expect(m.text).toContain('Open disputes');
    expect(m.text).not.toContain('open_disputes');
    expect(m.text).not.toContain('法律不允许');
    expect(m.text).toContain(r.deadline.deadline);
    expect(m.text).toContain(`/api/requests/${r.id}/review`);
    expectNoPersonalData(`${m.subject}\n${m.text}`);
  });

  it('mails the officer once when a failure task opens, with the cause kept out', async () => {
    const h = await harness(db);
    const r = await h.create();
    const event = {
      requestId: r.id,
      error: { Error: 'Company.Unavailable', Cause: `timeout for ${PERSONAL[2]} ${PERSONAL[1]}` },
    };
    await h.run(recordFailure, event);
    await h.run(recordFailure, event);
    const notices = h.mailer.byKind('task_notice');
    expect(notices).toHaveLength(1);
    const m = notices[0]!;
    expect(m.key).toBe(`task-notice:${r.id}:failure`);
    expect(m.text).toContain('Company.Unavailable');
    expect(m.text).toContain(r.deadline.deadline);
    expectNoPersonalData(`${m.subject}\n${m.text}`);
  });
});
