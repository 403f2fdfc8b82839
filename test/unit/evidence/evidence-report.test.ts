// The evidence report of a real (handler-driven) deletion on DynamoDB Local: masked by default, every section filled
// from what was recorded (counts per category, holds with their legal basis, backup purge-by, letters, the chain's
// head as verify-audit computes it); the full version names the person only after recording who asked — and the
// closed request's anchor follows that event; a tampered chain is said so on the report's first line.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { step as checkExceptions } from '../../../functions/check-exceptions/step.ts';
import { evidenceReport } from '../../../functions/evidence/report/collect.ts';
import { renderEvidenceHtml } from '../../../functions/evidence/report/html.ts';
import { verifyRequestAudit } from '../../../functions/evidence/verify-audit.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as isolate } from '../../../functions/isolate-backups/step.ts';
import { step as loadRequest } from '../../../functions/load-request/step.ts';
import { step as recordOutcome } from '../../../functions/record-outcome/step.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { harness } from '../handlers/harness.ts';
import { type Db, startDb } from '../store/fixture.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
}, 120_000);
afterAll(async () => {
  await db?.stop();
});

const NAME = '测试用户';
const ID_NUMBER = '11010519491231002X';
const PHONE = '13800001234';

async function deletedWithHeldTransactions() {
  const h = await harness(db);
  // The relationship ended long ago (identity erasable); the last payment was in 2024: AML keeps transactions.
  h.company.anchors = { relationshipEndedAt: '2010-01-01', lastTransactionAt: '2024-06-01T00:00:00Z' };
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

describe('per-request evidence report', { timeout: 60_000 }, () => {
  it('masked by default: every section from the record, the head hash as verify-audit has it', async () => {
    const { h, id } = await deletedWithHeldTransactions();
    const before = (await h.store.listEvents(id)).length;
    const report = await evidenceReport(h.deps, id, { by: 'staff:po1' });
    expect(report).toBeDefined();
    const r = report!;
    // A masked report is not itself a reveal: nothing is appended to the chain.
    expect(await h.store.listEvents(id)).toHaveLength(before);
    expect(r.full).toBe(false);
    expect(r.summary.subject['name']).not.toBe(NAME);
    expect(r.summary.subject['idNumber']).not.toContain('19491231');
    expect(r.summary).toMatchObject({ channel: 'email', outcome: expect.any(String), onTime: true });
    expect(r.verification).toMatchObject({ level: 'strong', method: 'hotline_staff', verifiedBy: 'agent1' });

    const erased = r.fulfilment.find((f) => f.right.en === 'deletion');
    expect(erased?.counts.length).toBeGreaterThan(0);
    expect(erased?.counts.every((c) => c.count === 2)).toBe(true);
    expect(erased?.counts.map((c) => c.category.en).join()).toContain('identity');
    expect(erased?.grounds.length).toBeGreaterThan(0);
    // Transactions are held under the AML Law's ten years, counted from the last payment.
    const held = r.holds.find((x) => x.category.en.startsWith('transaction'));
    expect(held?.until).toMatch(/^2034-/);
    expect(held?.basis.zh).toContain('反洗钱法');

    expect(r.backups.purgeBy).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(r.backups.plans).toEqual([expect.objectContaining({ retentionDays: 35 })]);
    expect(r.letters.map((l) => l.kind)).toContain('reply');
    expect(r.letters.flatMap((l) => l.to).join()).not.toContain('fake.person@example.com');

    const audit = await verifyRequestAudit(h.deps, id);
    expect(audit.intact).toBe(true);
    expect(r.chain).toMatchObject({ intact: true, headHash: audit.intact ? audit.head?.hash : '', length: before });
    expect(r.chain.anchor).toMatchObject({ eventsAfter: 0 });
    expect(r.timeline).toHaveLength(before);

    const html = renderEvidenceHtml(r);
    expect(html).toContain(id);
    expect(html).toContain(r.chain.headHash!);
    expect(html).toContain(`npx rightsflow verify-audit ${id}`);
    expect(html).toContain('审计链完整');
    expect(html).toContain('反洗钱法');
    for (const pii of [NAME, ID_NUMBER, PHONE, 'fake.person@example.com']) expect(html).not.toContain(pii);
  });

  it('the full version records who asked before it shows anything, and the anchor follows', async () => {
    const { h, id } = await deletedWithHeldTransactions();
    const r = (await evidenceReport(h.deps, id, { by: 'staff:po1', full: true }))!;
    const events = await h.store.listEvents(id);
    const reveal = events.at(-1)!;
    expect(reveal).toMatchObject({
      type: 'personal_data_revealed',
      actor: 'staff:po1',
      data: { via: 'evidence_report' },
    });
    expect(r).toMatchObject({ full: true, revealedInEvent: reveal.seq });
    expect(r.summary.subject['name']).toBe(NAME);
    expect(h.evidence.anchors.at(-1)).toMatchObject({ seq: reveal.seq, reason: 'personal_data_revealed' });
    expect(r.chain).toMatchObject({ intact: true, headSeq: reveal.seq, anchor: { eventsAfter: 0 } });
    const html = renderEvidenceHtml(r);
    expect(html).toContain(NAME);
    expect(html).toContain(`recorded as event ${reveal.seq}`);
  });

  it('a tampered chain is on the first line, with the first edited event', async () => {
    const { h, id } = await deletedWithHeldTransactions();
    // One recorded event rewritten in place, as someone with write access to the table could (verify-audit.test.ts
    // does it in DynamoDB Local itself; here the report's handling of the verdict is what is tested).
    const real = h.store.listEvents.bind(h.store);
    vi.spyOn(h.store, 'listEvents').mockImplementation(async (rid) =>
      (await real(rid)).map((e) => (e.seq === 2 ? { ...e, actor: 'staff:someone-else' } : e)),
    );
    const r = (await evidenceReport(h.deps, id, { by: 'staff:po1' }))!;
    expect(r.chain).toMatchObject({ intact: false, problem: { seq: 2 } });
    const html = renderEvidenceHtml(r);
    expect(html).toContain('审计链已被篡改');
    expect(html.indexOf('TAMPERED')).toBeLessThan(html.indexOf('<main>'));
  });

  it('escapes what it prints: a letter subject cannot inject markup', async () => {
    const { h, id } = await deletedWithHeldTransactions();
    const r = (await evidenceReport(h.deps, id, { by: 'staff:po1' }))!;
    const html = renderEvidenceHtml({
      ...r,
      letters: [{ ...r.letters[0]!, subject: '<script>alert(1)</script>', text: '<img src=x onerror=alert(1)>' }],
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });
});
