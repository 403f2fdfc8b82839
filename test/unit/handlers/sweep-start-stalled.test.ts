// Nothing dropped at intake: the hourly sweep starts a request left `received` (StartExecution failed in the API or
// the intake) once it is 15 minutes old, and only then; never a triage request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep, START_STALLED_AFTER_MS } from '../../../functions/sweep/sweep.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

describe('sweep starts stalled requests', () => {
  it('starts a received request without a workflow-started record once, after 15 minutes', async () => {
    const h = await harness(db);
    const started: string[] = [];
    h.deps.starter = { start: async (id) => void started.push(id) };
    const at = h.clock.now().toISOString();
    const r = await h.create({ status: 'received', createdAt: at, receivedAt: at });
    const t = await h.create({ status: 'triage', createdAt: at, receivedAt: at });

    h.clock.advance(5 * 60_000);
    expect((await runSweep(h.deps)).started).toBe(0);
    expect(started).toEqual([]);

    h.clock.advance(START_STALLED_AFTER_MS);
    expect((await runSweep(h.deps)).started).toBe(1);
    expect(started).toEqual([r.id]);
    expect(started).not.toContain(t.id);
    const events = await h.store.listEvents(r.id);
    expect(events.map((e) => e.type)).toContain('workflow.started_by_sweep');

    // The next sweep does not start it again.
    h.clock.advance(60 * 60_000);
    await runSweep(h.deps);
    expect(started).toEqual([r.id]);
  });

  it('leaves a request the intake already started', async () => {
    const h = await harness(db);
    const started: string[] = [];
    h.deps.starter = { start: async (id) => void started.push(id) };
    const at = h.clock.now().toISOString();
    const r = await h.create({ status: 'received', createdAt: at, receivedAt: at });
    await h.store.putStepResult(r.id, 'intake:workflow_started', { at });
    h.clock.advance(2 * START_STALLED_AFTER_MS);
    await runSweep(h.deps);
    expect(started).toEqual([]);
  });
});
