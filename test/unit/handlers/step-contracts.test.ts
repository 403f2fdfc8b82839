// Every workflow step's contract at its edge: a malformed event is rejected by the step's zod schema with the
// InvalidInput error (the ASL's Catch routes it to RecordFailure) naming the step; and the failure path is
// idempotent — recorded twice is one open task, re-driven from the top it hands the task over once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as loadRequest } from '../../../functions/load-request/step.ts';
import { step as recordFailure } from '../../../functions/record-failure/step.ts';
import type { Step } from '../../../functions/shared/step.ts';
import { WORKFLOW_STEPS } from '../../../workflows/steps.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness, PERSONAL } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

describe('step inputs', () => {
  const states = Object.entries(WORKFLOW_STEPS);
  it.each(states)('%s rejects an event without a valid request id', async (state, { fn }) => {
    const { step } = (await import(`../../../functions/${fn}/step.ts`)) as { step: Step };
    const h = await harness(db);
    const error = await h.run(step, { requestId: 'not-a-request-number', taskToken: 't', right: 'delete' }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name, state).toBe('InvalidInput');
    expect(error?.message).toContain(`${step.name}:`);
    expect(error?.message).toContain('requestId');
    // The rejected payload is not logged.
    expect(h.logger.lines.join('\n')).not.toContain('not-a-request-number');
  });
});

describe('failure, recorded and re-driven', () => {
  it('RecordFailure twice is one open failure task; LoadRequest on the re-drive closes it once', async () => {
    const h = await harness(db);
    const r = await h.create();
    const event = { requestId: r.id, error: { Error: 'Registry.Unavailable', Cause: 'planning for 13800001234' } };
    await h.run(recordFailure, event);
    await h.run(recordFailure, event);
    expect((await h.store.listOpenTasks(r.id)).filter((t) => t.kind === 'failure')).toHaveLength(1);
    expect((await h.store.getRequest(r.id))?.status).toBe('failed');

    const routing = await h.run<{ verificationRequired: boolean }>(loadRequest, { requestId: r.id });
    expect(typeof routing.verificationRequired).toBe('boolean');
    await h.run(loadRequest, { requestId: r.id });
    expect((await h.store.getRequest(r.id))?.status).not.toBe('failed');
    expect((await h.store.listOpenTasks(r.id)).filter((t) => t.kind === 'failure')).toEqual([]);
    const events = await h.store.listEvents(r.id);
    expect(events.filter((e) => e.type === 'failure_redriven')).toHaveLength(1);
    const audit = JSON.stringify(events);
    for (const p of PERSONAL) expect(audit).not.toContain(p);
  });

  it('LoadRequest leaves a request that never failed without a failure event', async () => {
    const h = await harness(db);
    const r = await h.create();
    await h.run(loadRequest, { requestId: r.id });
    expect((await h.store.listEvents(r.id)).map((e) => e.type)).not.toContain('failure_redriven');
  });
});
