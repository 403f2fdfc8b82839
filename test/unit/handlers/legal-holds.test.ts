// CheckExceptions asks the company for open legal holds: an AML investigation or another hold blocks deletion,
// and the AML case goes to the privacy officer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS_KEY, step as checkExceptions, type RecordedChecks } from '../../../functions/check-exceptions/step.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

const strong = { level: 'strong', method: 'hotline_staff', verifiedBy: 'agent1' } as const;

describe('legal holds in CheckExceptions', () => {
  it('without holds, deletion follows the retention rules and needs no review', async () => {
    const h = await harness(db);
    const r = await h.create({ verification: strong });
    expect(await h.run(checkExceptions, { requestId: r.id })).toMatchObject({ needsReview: false });
    expect(h.company.count('legalHolds')).toBe(1);
    const rec = await h.store.getStepResult<RecordedChecks>(r.id, CHECKS_KEY);
    expect(rec?.check.autoHolds.every((x) => x.kind === 'retention')).toBe(true);
  });

  it('an open AML investigation holds every category with no end date and routes to the privacy officer', async () => {
    const h = await harness(db);
    h.company.holds = [{ kind: 'aml_investigation', since: '2026-09-01T02:00:00Z', reference: 'AML-2026-0042' }];
    const r = await h.create({ verification: strong });
    expect(await h.run(checkExceptions, { requestId: r.id })).toMatchObject({ needsReview: true });
    const rec = await h.store.getStepResult<RecordedChecks>(r.id, CHECKS_KEY);
    expect(rec?.check.reviewReasons).toContain('aml_investigation_open');
    const legal = rec?.check.autoHolds.filter((x) => x.kind === 'legal_hold') ?? [];
    expect(legal.map((x) => x.category).sort()).toEqual([...h.company.categories].sort());
    expect(legal.every((x) => x.until === null && x.rule === 'aml_investigation')).toBe(true);
    // The audit trail records the kind of hold, never the case reference.
    const events = JSON.stringify(await h.store.listEvents(r.id));
    expect(events).toContain('aml_investigation');
    expect(events).not.toContain('AML-2026-0042');
  });

  it('a litigation hold blocks deletion without an AML review', async () => {
    const h = await harness(db);
    h.company.holds = [{ kind: 'litigation', since: '2026-10-01T00:00:00Z' }];
    const r = await h.create({ verification: strong });
    await h.run(checkExceptions, { requestId: r.id });
    const rec = await h.store.getStepResult<RecordedChecks>(r.id, CHECKS_KEY);
    expect(rec?.check.reviewReasons).not.toContain('aml_investigation_open');
    const legal = rec?.check.autoHolds.filter((x) => x.kind === 'legal_hold') ?? [];
    expect(legal.map((x) => x.category).sort()).toEqual([...h.company.categories].sort());
    expect(legal.every((x) => x.rule === 'legal_hold' && x.until === null)).toBe(true);
  });

  it('does not ask for holds when no customer matches', async () => {
    const h = await harness(db);
    h.company.known = false;
    const r = await h.create({ verification: strong });
    await h.run(checkExceptions, { requestId: r.id });
    expect(h.company.count('legalHolds')).toBe(0);
  });
});
