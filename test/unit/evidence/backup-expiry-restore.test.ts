// After a deletion (2026-11-25, PITR 35 days → purge-by 2026-12-30): the closed request's chain head is anchored; the isolation entry (table and off-table) says what
// to re-apply; the restore guard erases again with the policy's modes, or only restricts under a new legal hold; when
// the purge-by date passes, the sweep records "the last backup holding this data has expired" once and re-anchors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as checkExceptions } from '../../../functions/check-exceptions/step.ts';
import { verifyRequestAudit } from '../../../functions/evidence/verify-audit.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as isolate } from '../../../functions/isolate-backups/step.ts';
import { step as loadRequest } from '../../../functions/load-request/step.ts';
import { step as recordOutcome } from '../../../functions/record-outcome/step.ts';
import { runRestoreGuard } from '../../../functions/restore-guard/guard.ts';
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

async function deleted() {
  const h = await harness(db);
  // Retention long over and no partners: everything is erased, nothing waits for an acknowledgement.
  h.company.anchors = { relationshipEndedAt: '2010-01-01', lastTransactionAt: '2010-01-01' };
  h.company.recipients = [];
  const r = await h.create({ verification: { level: 'strong', method: 'hotline_staff', verifiedBy: 'agent1' } });
  await h.run(loadRequest, { requestId: r.id });
  await h.run(checkExceptions, { requestId: r.id });
  await h.run(fulfilRight, { requestId: r.id, right: 'delete' });
  await h.run(isolate, { requestId: r.id });
  await h.run(sendReply, { requestId: r.id });
  expect(await h.run(recordOutcome, { requestId: r.id })).toMatchObject({ status: 'closed' });
  return { h, id: r.id };
}

describe('backup isolation, restore guard and backup expiry', { timeout: 60_000 }, () => {
  it('a closed deletion is anchored outside the table, and its isolation entry is kept there too', async () => {
    const { h, id } = await deleted();
    const events = await h.store.listEvents(id);
    expect(h.evidence.anchors).toEqual([
      expect.objectContaining({ requestId: id, seq: events.length, hash: events.at(-1)!.hash, reason: 'closed' }),
    ]);
    expect(await verifyRequestAudit(h.deps, id)).toMatchObject({ intact: true, anchor: { eventsAfter: 0 } });
    const [off] = h.evidence.isolation;
    expect(off).toMatchObject({ requestId: id, purgeBy: '2026-12-30T15:59:59.999Z' });
    // Modes from policy/retention.yaml; the customer reference sealed, never in clear.
    expect(off!.erase.flatMap((g) => g.categories).sort()).toEqual(
      ['bank_cards', 'contact', 'device', 'identity', 'marketing', 'transactions'].sort(),
    );
    expect(off!.customerRef).not.toContain('C-0001');
    expect(off!.customerRef).toBe(await h.deps.cipher.seal('C-0001'));
  });

  it('the restore guard erases again with the same modes, records one event and re-anchors', async () => {
    const { h, id } = await deleted();
    const before = h.company.calls.filter((c) => c.op === 'erase').map((c) => [c.args[1], c.args[2]]);
    h.company.calls = [];
    const result = await runRestoreGuard(h.deps);
    expect(result).toMatchObject({ entries: 1, unchanged: 0, unresolved: [] });
    expect(result.reapplied).toEqual([
      expect.objectContaining({ requestId: id, offTableOnly: false, legalHold: false }),
    ]);
    const again = h.company.calls.filter((c) => c.op === 'erase').map((c) => [c.args[1], c.args[2]]);
    expect(again.sort()).toEqual(before.sort());
    const events = await h.store.listEvents(id);
    expect(events.at(-1)).toMatchObject({ type: 'reapplied_after_restore', actor: 'system:RestoreGuard' });
    expect(h.evidence.anchors.at(-1)).toMatchObject({ seq: events.length, reason: 'restore_reapplied' });
  });

  it('under a legal hold opened since, restored data is restricted for the officer, never destroyed', async () => {
    const { h, id } = await deleted();
    h.company.holds = [{ kind: 'litigation', since: '2026-12-01T00:00:00Z', reference: '(2026)京01民初1号' }];
    h.company.calls = [];
    const result = await runRestoreGuard(h.deps);
    expect(result.reapplied).toEqual([expect.objectContaining({ requestId: id, legalHold: true })]);
    expect(h.company.count('erase')).toBe(0);
    expect(h.company.calls.filter((c) => c.op === 'restrict').map((c) => c.args[2])).toContain('9999-12-31');
    expect((await h.store.listEvents(id)).at(-1)?.type).toBe('restore_held_for_review');
  });

  it('after the purge-by date the sweep records the backup expiry once, re-anchors, and the guard lets it go', async () => {
    const { h, id } = await deleted();
    h.clock.advance(34 * 86_400_000);
    expect((await runSweep(h.deps)).backupsExpired).toBe(0);
    h.clock.advance(12 * 86_400_000);
    expect((await runSweep(h.deps)).backupsExpired).toBe(1);
    expect((await runSweep(h.deps)).backupsExpired).toBe(0);
    const expired = (await h.store.listEvents(id)).filter((e) => e.type === 'backup_expired');
    expect(expired).toHaveLength(1);
    expect(expired[0]!.data).toMatchObject({
      purgeBy: '2026-12-30T15:59:59.999Z',
      plans: [{ id: 'dynamodb_pitr', kind: 'dynamodb_pitr', retentionDays: 35 }],
    });
    expect(h.evidence.anchors.at(-1)).toMatchObject({ reason: 'backup_expired' });
    expect(await verifyRequestAudit(h.deps, id)).toMatchObject({ intact: true, anchor: { eventsAfter: 0 } });
    expect(await runRestoreGuard(h.deps)).toMatchObject({ entries: 0, reapplied: [] });
  });
});
