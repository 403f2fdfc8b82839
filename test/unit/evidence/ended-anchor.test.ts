// Every request that ends is anchored outside the table, not only a closed one: a request withdrawn because its fee
// quote lapsed, and mail closed at triage as not a request. verify-audit then reports the outside head for it, and
// a chain rewritten afterwards is caught by that head.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../../functions/api/app.ts';
import { bearerAuthenticator } from '../../../functions/api/auth.ts';
import { describeAudit, verifyRequestAudit } from '../../../functions/evidence/verify-audit.ts';
import { step as recordOutcome } from '../../../functions/record-outcome/step.ts';
import { step as feeAcceptance } from '../../../functions/request-fee-acceptance/step.ts';
import { decideReview } from '../../../functions/request-review/operations.ts';
import { step as requestReview } from '../../../functions/request-review/step.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { runSweep } from '../../../functions/sweep/sweep.ts';
import { harness } from '../handlers/harness.ts';
import { type Db, startDb } from '../store/fixture.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
}, 120_000);
afterAll(async () => {
  await db?.stop();
});

const DAY = 86_400_000;

describe('a request that ends withdrawn or closed at triage is anchored outside the table', { timeout: 60_000 }, () => {
  it('a lapsed fee quote: withdrawn, its head anchored; verify-audit reports it; a re-drive adds no anchor', async () => {
    const h = await harness(db);
    const r = await h.create({ rights: ['portability'], verification: { level: 'strong', method: 'hotline_staff' } });
    await h.run(requestReview, { requestId: r.id, taskToken: 'rv' });
    await decideReview(h.deps, r.id, 'officer1', { decision: 'fee_quote', fee: {} });
    await h.run(feeAcceptance, { requestId: r.id, taskToken: 'fee1' });
    h.clock.advance(10 * DAY);
    await runSweep(h.deps);
    await h.run(sendReply, { requestId: r.id });
    expect(h.evidence.anchors.filter((a) => a.requestId === r.id)).toEqual([]);

    expect(await h.run(recordOutcome, { requestId: r.id })).toMatchObject({ status: 'withdrawn' });
    const events = await h.store.listEvents(r.id);
    expect(events.at(-1)?.type).toBe('request_withdrawn');
    const anchors = h.evidence.anchors.filter((a) => a.requestId === r.id);
    expect(anchors).toEqual([
      {
        requestId: r.id,
        seq: events.length,
        hash: events.at(-1)!.hash,
        at: h.clock.now().toISOString(),
        reason: 'withdrawn',
      },
    ]);

    const report = await verifyRequestAudit(h, r.id);
    expect(report).toMatchObject({ intact: true, anchor: { seq: events.length, eventsAfter: 0 } });
    expect(describeAudit(report)).toContain(`anchored outside the table at event ${events.length}`);

    // The workflow re-driven from RecordOutcome: the same head is not anchored twice (the vault is append-only).
    await h.run(recordOutcome, { requestId: r.id });
    expect(h.evidence.anchors.filter((a) => a.requestId === r.id)).toHaveLength(1);

    // Someone with table access rewrites what the withdrawal recorded: the outside head catches it.
    const last = events.at(-1)!;
    await db.doc.send(
      new UpdateCommand({
        TableName: h.tableName,
        Key: { pk: `REQ#${r.id}`, sk: `EVT#${String(last.seq).padStart(8, '0')}` },
        UpdateExpression: 'SET actor = :a',
        ExpressionAttributeValues: { ':a': 'staff:someone' },
      }),
    );
    const tampered = await verifyRequestAudit(h, r.id);
    expect(tampered).toMatchObject({ intact: false, problem: { seq: last.seq } });
  });

  it('mail closed at triage as not a request: its head is anchored too', async () => {
    const h = await harness(db);
    const app = createApiApp({
      ...h.deps,
      authenticate: bearerAuthenticator((t) =>
        t === 'agent-token' ? { user: 'agent1', roles: ['agent'] } : undefined,
      ),
      health: () => true,
    });
    const r = await h.create({ status: 'triage', rights: [], subject: {} });
    const res = await app.request(`/api/requests/${r.id}/triage`, {
      method: 'POST',
      headers: { authorization: 'Bearer agent-token', 'content-type': 'application/json' },
      body: JSON.stringify({ notARequest: true }),
    });
    expect(res.status).toBe(200);
    const events = await h.store.listEvents(r.id);
    expect(h.evidence.anchors).toEqual([
      expect.objectContaining({ requestId: r.id, seq: events.length, reason: 'closed' }),
    ]);
    const report = await verifyRequestAudit(h, r.id);
    expect(report).toMatchObject({ intact: true, anchor: { seq: events.length, eventsAfter: 0 } });
  });
});
