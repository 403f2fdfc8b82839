// The privacy officer's `partial` decision carries a scope: withheld rights are not fulfilled, withheld categories are
// kept (neither erased nor disclosed), and the partially_completed letter lists exactly those with the reasons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReviewBody } from '../../../functions/api/schemas.ts';
import type { FulfilResult } from '../../../functions/fulfil-right/results.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { decideReview, ReviewDecision } from '../../../functions/request-review/operations.ts';
import { step as requestReview } from '../../../functions/request-review/step.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { fulfilKey } from '../../../functions/shared/step.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

describe('partial review decision with a withheld scope', () => {
  it('validates the scope: only on partial, never empty', () => {
    const base = { exceptionCodes: ['criminal_investigation'], reasons: '涉及正在进行的刑事侦查' };
    expect(ReviewDecision.safeParse({ ...base, decision: 'proceed', withheld: { rights: ['access'] } }).success).toBe(
      false,
    );
    expect(ReviewDecision.safeParse({ ...base, decision: 'partial', withheld: {} }).success).toBe(false);
    expect(ReviewDecision.safeParse({ ...base, decision: 'partial', withheld: { rights: ['nope'] } }).success).toBe(
      false,
    );
    expect(
      ReviewDecision.safeParse({ ...base, decision: 'partial', withheld: { categories: ['device'] } }).success,
    ).toBe(true);
    // The API body passes the scope through (strict: unknown keys inside it are rejected).
    const body = ReviewBody.safeParse({ ...base, decision: 'partial', withheld: { rights: ['access'] } });
    expect(body.success && body.data.withheld).toEqual({ rights: ['access'], categories: [] });
    expect(ReviewBody.safeParse({ ...base, decision: 'partial', withheld: { rights: [], x: 1 } }).success).toBe(false);
  });

  it('withheld rights are not fulfilled, withheld categories are kept, the letter lists both', async () => {
    const h = await harness(db);
    h.company.anchors = { relationshipEndedAt: '2010-01-01', lastTransactionAt: '2010-01-01' };
    const r = await h.create({
      rights: ['delete', 'access'],
      verification: { level: 'strong', method: 'hotline_staff' },
    });
    await h.run(requestReview, { requestId: r.id, taskToken: 'rv1' });
    const exception = (h.deps.policy.exceptions.exceptions[0] as { code: string }).code;
    await decideReview(h.deps, r.id, 'dpo', {
      decision: 'partial',
      exceptionCodes: [exception as never],
      reasons: '部分信息涉及正在进行的调查',
      withheld: { rights: ['access'], categories: ['device'] },
    });

    for (const right of r.rights) await h.run(fulfilRight, { requestId: r.id, right });
    expect(h.company.count('describe')).toBe(1); // the pre-erasure snapshot only: access was not fulfilled
    const access = await h.store.getStepResult<FulfilResult>(r.id, fulfilKey('access'));
    expect(access?.status).toBe('refused');
    const del = await h.store.getStepResult<FulfilResult>(r.id, fulfilKey('delete'));
    expect(del?.withheld).toEqual(['device']);
    expect(del?.erased).not.toContain('device');
    const erasedCategories = h.company.calls.filter((c) => c.op === 'erase').flatMap((c) => c.args[1] as string[]);
    expect(erasedCategories).not.toContain('device');
    expect(erasedCategories.length).toBeGreaterThan(0);

    expect(await h.run(sendReply, { requestId: r.id })).toEqual({ outcome: 'partially_completed' });
    const letter = h.mailer.byKind('reply')[0]!;
    expect(letter.text).toContain('以下请求事项本次不予办理');
    expect(letter.text).toMatch(/不予办理：\n· 查阅/);
    expect(letter.text).toContain('以下个人信息本次不予删除或提供');
    expect(letter.text).toContain('部分信息涉及正在进行的调查');
  });
});
