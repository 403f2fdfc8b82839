// M5/M6: the sweep reads only the deadlines that entered a window since the last run (not every open request),
// continues from its checkpoint when an invocation runs out of time, and sends one digest per run, however many
// requests reached a threshold (a breach-announcement day). DynamoDB Local, the real store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListRequestsQuery } from '../../../functions/shared/store/store.ts';
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

const due = (deadline: string) => ({
  receivedOn: '2026-11-25',
  deadline,
  deadlineAt: `${deadline}T15:59:59.000Z`,
  workingDays: 15,
  provisional: false,
  clockStart: 'receipt' as const,
});

describe('the sweep at scale', () => {
  it('reads only new deadlines, continues from its checkpoint, and sends one digest for a cohort', async () => {
    const h = await harness(db);
    const cohort = 450; // a breach-announcement day's requests, all due the same day
    const later = 150; // due weeks later: never read until their window comes
    for (let i = 0; i < cohort; i++) await h.create({ status: 'fulfilling', deadline: due('2026-12-16') });
    for (let i = 0; i < later; i++) await h.create({ status: 'fulfilling', deadline: due('2027-01-22') });
    let read = 0;
    const list = h.store.listRequests.bind(h.store);
    h.deps.store = Object.assign(Object.create(h.store) as typeof h.store, {
      async listRequests(q: ListRequestsQuery) {
        const page = await list(q);
        read += page.items.length;
        return page;
      },
    });

    // First run ever: nothing near its deadline yet; the windows are empty up to day 10's bound.
    await runSweep(h.deps);
    expect(h.mailer.byKind('escalation_digest')).toHaveLength(0);

    // Day 10 of the cohort (5 working days left). An invocation with no time left stops after one page...
    h.clock.t = new Date('2026-12-09T03:00:00Z');
    read = 0;
    const first = await runSweep(h.deps, { budgetMs: 0 });
    expect(first.complete).toBe(false);
    expect(first.digests).toBe(0);
    // ...and the next ones continue from the checkpoint until the window is done, with one digest at the end.
    let runs = 1;
    let last = first;
    while (!last.complete && runs < 10) {
      last = await runSweep(h.deps, { budgetMs: 0 });
      runs++;
    }
    expect(last.complete).toBe(true);
    expect(runs).toBeGreaterThan(2);
    const digests = h.mailer.byKind('escalation_digest');
    expect(digests).toHaveLength(1);
    expect(digests[0]?.subject).toContain(`${cohort} 件请求`);
    expect(digests[0]?.text.match(/还剩5个工作日/g)).toHaveLength(cohort);
    expect(h.mailer.byKind('escalation')).toHaveLength(0);
    // Only the cohort's deadlines were read (plus the stalled band, filtered to `received`): never the later ones.
    expect(read).toBeLessThan(cohort + later);
    expect(read).toBeGreaterThanOrEqual(cohort);

    // An hour later nothing new entered a window: the run reads (almost) nothing and sends nothing.
    h.clock.t = new Date('2026-12-09T04:00:00Z');
    read = 0;
    expect(await runSweep(h.deps)).toMatchObject({ escalated: 0, digests: 0, complete: true });
    expect(read).toBe(0);
  }, 180_000);
});
