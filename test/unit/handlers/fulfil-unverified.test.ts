// FulfilRight checks verification itself (defence in depth): an unverified person gets nothing erased, exported or
// disclosed, the right is recorded refused/unverified and the reply is "unable to verify".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FulfilResult } from '../../../functions/fulfil-right/results.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
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

describe('FulfilRight for a request below the verification level its rights need', () => {
  it('erases, exports and describes nothing; records refused/unverified; replies unable_to_verify', async () => {
    const h = await harness(db);
    // `contact` suffices for a marketing opt-out, not for deletion, access or a copy.
    const r = await h.create({ rights: ['delete', 'access', 'copy'], verification: { level: 'contact' } });
    for (const right of r.rights) {
      const out = await h.run(fulfilRight, { requestId: r.id, right });
      expect(out).toEqual({ right, status: 'refused' });
      const rec = await h.store.getStepResult<FulfilResult>(r.id, fulfilKey(right));
      expect(rec?.reason?.code).toBe('unverified');
    }
    const touched = h.company.calls.map((c) => c.op).filter((op) => op !== 'findCustomer');
    expect(touched).toEqual([]);
    expect(h.blobs.size).toBe(0);

    const reply = await h.run<{ outcome: string }>(sendReply, { requestId: r.id });
    expect(reply.outcome).toBe('unable_to_verify');
    const letters = h.mailer.byKind('reply');
    expect(letters).toHaveLength(1);
    expect(letters[0]?.text).not.toContain('onfile.person@example.com');
  });

  it('a strongly verified request is still fulfilled', async () => {
    const h = await harness(db);
    const r = await h.create({ rights: ['access'], verification: { level: 'strong', method: 'hotline_staff' } });
    expect(await h.run(fulfilRight, { requestId: r.id, right: 'access' })).toEqual({ right: 'access', status: 'done' });
    expect(h.company.count('describe')).toBe(1);
  });
});
