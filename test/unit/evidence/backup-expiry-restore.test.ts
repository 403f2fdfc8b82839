// After a deletion (2026-11-25, PITR 35 days → purge-by 2026-12-30): the closed request's chain head is anchored; the isolation entry (table and off-table) says what
// to re-apply; the restore guard erases again with the policy's modes, or only restricts under a new legal hold; when
// the purge-by date passes, the sweep records "the last backup holding this data has expired" once and re-anchors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as checkExceptions } from '../../../functions/check-exceptions/step.ts';
import { step as deferredDeletion } from '../../../functions/deferred-deletion/step.ts';
import { evidenceReport } from '../../../functions/evidence/report/collect.ts';
import { verifyRequestAudit } from '../../../functions/evidence/verify-audit.ts';
import { erasureResults } from '../../../functions/fulfil-right/results.ts';
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

describe('a deferred deletion goes on the isolation list too', { timeout: 60_000 }, () => {
  /** A deletion whose transactions a retention duty keeps; closed, its first isolation entry written. */
  async function deletedWithHold() {
    const h = await harness(db);
    h.company.anchors = { relationshipEndedAt: '2026-10-01', lastTransactionAt: '2026-10-01' };
    h.company.recipients = [];
    const r = await h.create({ verification: { level: 'strong', method: 'hotline_staff', verifiedBy: 'agent1' } });
    await h.run(loadRequest, { requestId: r.id });
    await h.run(checkExceptions, { requestId: r.id });
    await h.run(fulfilRight, { requestId: r.id, right: 'delete' });
    await h.run(isolate, { requestId: r.id });
    await h.run(sendReply, { requestId: r.id });
    await h.run(recordOutcome, { requestId: r.id });
    const held = (await erasureResults(h.store, r.id)).flatMap((x) => (x.held ?? []).map((y) => y.category));
    expect(held).toContain('transactions');
    return { h, id: r.id, held };
  }

  it('what it erases is isolated in the table and outside it, once; restore-guard erases it again; both expire', async () => {
    const { h, id, held } = await deletedWithHold();
    expect(h.evidence.isolation).toHaveLength(1);
    expect(h.evidence.isolation[0]!.erase.flatMap((g) => g.categories)).not.toContain('transactions');

    // Sixty days on, the duty has ended (the company's anchors say so): the one-off schedule fires.
    h.clock.advance(60 * 86_400_000);
    expect((await runSweep(h.deps)).backupsExpired).toBe(1); // the fulfilment's entry, 2026-12-30
    h.company.anchors = { relationshipEndedAt: '2010-01-01', lastTransactionAt: '2010-01-01' };
    const firing = { requestId: id, customerId: 'C-0001', categories: held, kind: 'deferred_deletion' };
    expect(await h.run(deferredDeletion, firing)).toMatchObject({ status: 'erased' });
    await h.run(deferredDeletion, firing); // redelivered: nothing new

    expect(h.evidence.isolation).toHaveLength(2);
    const later = h.evidence.isolation[1]!;
    expect(later).toMatchObject({
      requestId: id,
      subjectHash: h.evidence.isolation[0]!.subjectHash,
      part: expect.stringMatching(/^dd-2027-01-24-[0-9a-f]{8}$/),
      purgeBy: '2027-02-28T15:59:59.999Z', // erased 2027-01-24 + 35 days of PITR
      customerRef: await h.deps.cipher.seal('C-0001'),
    });
    expect(later.erase).toContainEqual({ mode: 'anonymise', categories: ['transactions'] });
    const inTable = await h.store.getIsolation(later.subjectHash);
    expect(inTable.map((e) => e.part ?? null)).toEqual([null, later.part]);
    const events = (await h.store.listEvents(id)).map((e) => [e.type, e.data?.['deferred'] ?? null]);
    expect(events.filter(([t]) => t === 'backups_isolated')).toEqual([
      ['backups_isolated', null],
      ['backups_isolated', true],
    ]);

    // An old backup of the company restored: only the deferred entry is still live, and it is applied again.
    h.company.calls = [];
    const guard = await runRestoreGuard(h.deps);
    expect(guard).toMatchObject({ entries: 1, unresolved: [] });
    // What the duty had kept (identity, bank cards, transactions under 反洗钱法), not what the fulfilment erased.
    expect(guard.reapplied).toEqual([expect.objectContaining({ requestId: id })]);
    expect(Object.keys(guard.reapplied[0]!.counts).sort()).toEqual([...held].sort());
    const erasedAgain = h.company.calls.filter((c) => c.op === 'erase').map((c) => [c.args[1], c.args[2]]);
    expect(erasedAgain).toContainEqual([['transactions'], 'anonymise']);
    expect(erasedAgain.flatMap(([cs]) => cs as string[]).sort()).toEqual([...held].sort());
    expect((await h.store.listEvents(id)).at(-1)?.data).toMatchObject({ part: later.part });

    // The report names the later purge-by date, and says expired only when the last backup has.
    const reportOf = async () => (await evidenceReport(h.deps, id, { by: 'staff:po1' }))!.backups;
    const before = await reportOf();
    expect(before.purgeBy).toBe('2027-02-28');
    expect(before).not.toHaveProperty('expiredAt');
    h.clock.advance(36 * 86_400_000);
    expect((await runSweep(h.deps)).backupsExpired).toBe(1);
    expect((await reportOf()).expiredAt).toBeDefined();
    expect(await runRestoreGuard(h.deps)).toMatchObject({ entries: 0 });
    expect(await verifyRequestAudit(h.deps, id)).toMatchObject({ intact: true, anchor: { eventsAfter: 0 } });
  });
});
