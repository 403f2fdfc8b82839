// Finding the person and who may act (issue 13 items 3–5): one lookup per strong identifier, conflicts to staff
// instead of "no data"; staff add or correct identifiers before verification; a hotline check needs something to
// check; the privacy officer verifies guardians and relatives of the deceased by documents (PIPL arts. 31, 49); a
// child under 14 found in the company's data makes the request a priority and opens an officer task (policy §5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber, subjectHash } from '../../../domain/identity/index.ts';
import { step as checkExceptions } from '../../../functions/check-exceptions/step.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as loadRequest } from '../../../functions/load-request/step.ts';
import { updateIdentifiers } from '../../../functions/request-verification/identifiers.ts';
import {
  recordDocumentReview,
  recordStaffVerification,
  verifyCode,
} from '../../../functions/request-verification/operations.ts';
import { step as requestVerification } from '../../../functions/request-verification/step.ts';
import { makeId } from '../identity/gen.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

const ALL = { name: true, idNumber: true, bankCard: true, phone: true };
const codeOf = (text: string) => /(?<!\d)(\d{6})(?!\d)/.exec(text)?.[1] ?? '';
const eventTypes = async (h: Awaited<ReturnType<typeof harness>>, id: string) =>
  (await h.store.listEvents(id)).map((e) => e.type);

/** A company where the ID number and the phone point to the customers given (undefined: not found). */
function lookups(h: Awaited<ReturnType<typeof harness>>, byId: string | undefined, byPhone: string | undefined) {
  h.company.findCustomer = async (lookup: { idNumber?: string; phone?: string }) => {
    h.company.calls.push({ op: 'findCustomer', args: [lookup] });
    const id = lookup.idNumber ? byId : lookup.phone ? byPhone : undefined;
    return id ? { customerId: id } : undefined;
  };
}

describe('lookup by any strong identifier', () => {
  it('finds the customer by the ID number when the phone was erased earlier (D6)', async () => {
    const h = await harness(db);
    lookups(h, 'C-0001', undefined);
    const r = await h.create({ rights: ['delete'], verification: { level: 'strong', method: 'hotline_staff' } });
    await h.run(loadRequest, { requestId: r.id });
    await h.run(checkExceptions, { requestId: r.id });
    expect(await h.store.getStepResult(r.id, 'checks')).toMatchObject({ customerFound: true });
  });

  it('reports an ID → A, phone → B conflict to staff and never answers "no data"', async () => {
    const h = await harness(db);
    h.deps.sms = h.sms;
    lookups(h, 'C-A', 'C-B');
    const r = await h.create({ rights: ['delete'] });
    await h.run(loadRequest, { requestId: r.id });
    const conflict = (await h.store.listEvents(r.id)).find((e) => e.type === 'customer_lookup_conflict');
    expect(conflict?.data).toEqual({ idLookup: 'C-A', phoneLookup: 'C-B' });
    const notice = h.mailer.byKind('task_notice')[0];
    expect(notice?.to).toEqual(['dpo@lianlianpay.com']);
    expect(notice?.text).toContain(`POST /api/requests/${r.id}/identifiers`);
    // No code to either customer's phone.
    await h.run(requestVerification, { requestId: r.id, taskToken: 't1' });
    expect(h.sms.sent).toHaveLength(0);
    expect((await h.store.listEvents(r.id)).find((e) => e.type === 'verification_code_not_sent')?.data).toMatchObject({
      code: 'identifier_conflict',
    });
    // Verified anyway (say at the hotline): fulfilment fails to staff instead of replying "no data".
    const v = await h.create({ rights: ['delete'], verification: { level: 'strong', method: 'hotline_staff' } });
    await expect(h.run(fulfilRight, { requestId: v.id, right: 'delete' })).rejects.toMatchObject({
      name: 'Customer.Conflict',
    });
    expect(h.company.count('erase')).toBe(0);
  });

  it('staff cannot record a hotline check or a document review while the ID number and the phone disagree', async () => {
    const h = await harness(db);
    lookups(h, 'C-A', 'C-B');
    const r = await h.create({ rights: ['delete'] });
    await expect(recordStaffVerification(h.deps, r.id, 'agent1', ALL)).rejects.toMatchObject({
      name: 'Verification.IdentifierConflict',
    });
    const g = await h.create({ rights: ['delete'], requester: { type: 'guardian', relation: 'parent' } });
    await expect(
      recordDocumentReview(h.deps, g.id, 'dpo1', { documents: ['requester_identity', 'guardianship'] }),
    ).rejects.toMatchObject({ name: 'Verification.IdentifierConflict' });
    expect((await h.store.getRequest(r.id))?.verification.level).toBe('none');
    // The caller gives the right phone: the agent corrects it, and the same check is then recorded.
    lookups(h, 'C-A', 'C-A');
    await updateIdentifiers(h.deps, r.id, 'agent1', { subject: { phone: '13900000001' }, reason: '来电人更正手机号' });
    await recordStaffVerification(h.deps, r.id, 'agent1', ALL);
    expect((await h.store.getRequest(r.id))?.verification).toMatchObject({ level: 'strong', method: 'hotline_staff' });
  });
});

describe('staff add or correct identifiers before verification (D10)', () => {
  it('a corrected ID number re-files the request, retires the live code and sends a new one', async () => {
    const h = await harness(db);
    h.deps.sms = h.sms;
    const r = await h.create({ rights: ['delete'] });
    await h.run(loadRequest, { requestId: r.id });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't1' });
    const oldCode = codeOf(h.sms.sent[0]!.text);
    const corrected = makeId('110105', '1980-01-02', '034');
    const res = await updateIdentifiers(h.deps, r.id, 'agent1', {
      subject: { idNumber: corrected, email: null },
      reason: '来电核对，身份证号第7位录入错误',
    });
    expect(res).toMatchObject({ codeSent: true, verificationReset: false });
    expect(res.request.subject.idNumber).toBe(corrected);
    expect(res.request.subject.email).toBeUndefined();
    const event = (await h.store.listEvents(r.id)).find((e) => e.type === 'identifiers_updated');
    expect(event).toMatchObject({
      actor: 'staff:agent1',
      data: { fields: ['subject.idNumber', 'subject.email'], subject: { idNumber: maskIdNumber(corrected) } },
    });
    expect(JSON.stringify(event)).not.toContain(corrected);
    // The old code no longer works; the new one does.
    expect(await verifyCode(h.deps, r.id, oldCode)).toMatchObject({ verified: false });
    expect(h.sms.sent).toHaveLength(2);
    expect(await verifyCode(h.deps, r.id, codeOf(h.sms.sent[1]!.text))).toMatchObject({ verified: true });
    // Re-filed under the new identifiers.
    const hash = subjectHash(res.request.subject, 'test-salt-not-secret')!;
    expect((await h.store.findRequestsBySubjectHash(hash)).map((x) => x.id)).toContain(r.id);
  });

  it('refuses once the request is verified, and refuses a change that changes nothing', async () => {
    const h = await harness(db);
    const r = await h.create({ rights: ['delete'], verification: { level: 'strong', method: 'hotline_staff' } });
    await expect(
      updateIdentifiers(h.deps, r.id, 'agent1', { subject: { phone: '13700001111' }, reason: 'x' }),
    ).rejects.toMatchObject({ name: 'Identifiers.Verified' });
    const u = await h.create({ rights: ['delete'] });
    await expect(updateIdentifiers(h.deps, u.id, 'agent1', { reason: 'nothing' })).rejects.toMatchObject({
      name: 'InvalidInput',
    });
  });

  it('a hotline check is refused on a request with nothing to check against', async () => {
    const h = await harness(db);
    const r = await h.create({ rights: ['delete'], subject: { email: 'someone@example.net' } });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't1' });
    await expect(recordStaffVerification(h.deps, r.id, 'agent1', ALL)).rejects.toMatchObject({
      name: 'Verification.NothingToVerify',
    });
    expect((await h.store.getRequest(r.id))?.verification.level).toBe('none');
    // A name alone is still nothing to find the records by.
    await updateIdentifiers(h.deps, r.id, 'agent1', { subject: { name: '测试用户' }, reason: '来电核实' });
    await expect(recordStaffVerification(h.deps, r.id, 'agent1', ALL)).rejects.toMatchObject({
      name: 'Verification.NothingToVerify',
    });
    // Once staff added the ID number the records were found by, the check counts (card and phone were compared on screen).
    await updateIdentifiers(h.deps, r.id, 'agent1', {
      subject: { idNumber: '11010519491231002X' },
      reason: '来电核实',
    });
    await recordStaffVerification(h.deps, r.id, 'agent1', ALL);
    expect((await h.store.getRequest(r.id))?.verification).toMatchObject({ level: 'strong', method: 'hotline_staff' });
  });
});

describe('document review by the privacy officer', () => {
  const relative = {
    rights: ['access' as const],
    requester: { type: 'relative_of_deceased' as const, name: '测试亲属', relation: 'child' as const },
  };

  it('a relative of a deceased person: identity, death and kinship proofs and both art. 49 conditions', async () => {
    const h = await harness(db);
    const r = await h.create(relative);
    await h.run(requestVerification, { requestId: r.id, taskToken: 't1' });
    await expect(recordStaffVerification(h.deps, r.id, 'agent1', ALL)).rejects.toMatchObject({
      name: 'Verification.DocumentReviewRequired',
    });
    await expect(
      recordDocumentReview(h.deps, r.id, 'dpo1', { documents: ['requester_identity', 'death_certificate'] }),
    ).rejects.toMatchObject({ name: 'Verification.DocumentsIncomplete' });
    const docs = ['requester_identity', 'death_certificate', 'kinship'] as const;
    await expect(recordDocumentReview(h.deps, r.id, 'dpo1', { documents: [...docs] })).rejects.toMatchObject({
      name: 'Verification.Art49',
    });
    await recordDocumentReview(h.deps, r.id, 'dpo1', {
      documents: [...docs],
      art49: { ownLawfulInterest: true, noContraryArrangement: true, purpose: '办理遗产继承' },
    });
    const after = await h.store.getRequest(r.id);
    expect(after?.verification).toMatchObject({
      level: 'strong',
      method: 'document_review',
      verifiedBy: 'dpo1',
      documents: [...docs],
      art49: { ownLawfulInterest: true, noContraryArrangement: true },
    });
    expect(h.callbacks.succeeded.at(-1)?.output).toEqual({
      verified: true,
      level: 'strong',
      method: 'document_review',
    });
    // The review was the officer's: no second requester-authority review.
    await h.run(checkExceptions, { requestId: r.id });
    const checks = await h.store.getStepResult<{ check: { reviewReasons: string[] } }>(r.id, 'checks');
    expect(checks?.check.reviewReasons).not.toContain('requester_authority');
  });

  it('only close relatives (Civil Code art. 1045) may act for the deceased', async () => {
    const h = await harness(db);
    const r = await h.create({ ...relative, requester: { type: 'relative_of_deceased', name: '测试朋友' } });
    await expect(
      recordDocumentReview(h.deps, r.id, 'dpo1', {
        documents: ['requester_identity', 'death_certificate', 'kinship'],
        art49: { ownLawfulInterest: true, noContraryArrangement: true },
      }),
    ).rejects.toMatchObject({ name: 'Verification.NotCloseRelative' });
  });

  it('a guardian: their identity and the proof of guardianship', async () => {
    const h = await harness(db);
    const r = await h.create({ rights: ['delete'], requester: { type: 'guardian', relation: 'parent' } });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't1' });
    // Answering the child's name, ID number, card and phone on a call proves no guardianship (PIPL art. 31).
    await expect(recordStaffVerification(h.deps, r.id, 'agent1', ALL)).rejects.toMatchObject({
      name: 'Verification.DocumentReviewRequired',
    });
    expect((await h.store.getRequest(r.id))?.verification.level).toBe('none');
    await expect(
      recordDocumentReview(h.deps, r.id, 'dpo1', { documents: ['requester_identity'] }),
    ).rejects.toMatchObject({
      name: 'Verification.DocumentsIncomplete',
    });
    await recordDocumentReview(h.deps, r.id, 'dpo1', { documents: ['requester_identity', 'guardianship'] });
    expect((await h.store.getRequest(r.id))?.verification.method).toBe('document_review');
  });
});

describe('a child under 14 in the company’s data (policy §5)', () => {
  it('found through any request: priority with an internal target, and one officer task per child', async () => {
    const h = await harness(db);
    const child = makeId('310101', '2017-06-01', '012');
    const exportBase = h.company.export.bind(h.company);
    Object.assign(h.company, {
      export: async (id: string) => ({ ...(await exportBase(id)), identity: [{ idNumber: child }] }),
    });
    // Found by the phone only: the request itself does not say it is about a child.
    const r = await h.create({ rights: ['access'], subject: { phone: '13800001234' } });
    expect(r.minor).toBe(false);
    const out = await h.run<{ minor: boolean }>(loadRequest, { requestId: r.id });
    expect(out.minor).toBe(true);
    const after = await h.store.getRequest(r.id);
    expect(after?.minor).toBe(true);
    expect(after?.target).toEqual({ date: '2026-12-02', at: '2026-12-02T15:59:59.999Z', workingDays: 5 });
    const task = await h.store.getTask(r.id, 'child_data');
    expect(task).toMatchObject({ status: 'open', assignee: 'privacy_officer', context: { customerId: 'C-0001' } });
    expect(await eventTypes(h, r.id)).toEqual(expect.arrayContaining(['minor_found', 'child_data_found']));
    expect(h.mailer.byKind('task_notice').map((m) => m.subject)).toEqual([
      expect.stringContaining('发现不满十四周岁儿童的个人信息'),
    ]);
    // Another request about the same child: priority too, but no second task or notice.
    const again = await h.create({ rights: ['delete'], subject: { phone: '13800001234' } });
    await h.run(loadRequest, { requestId: again.id });
    expect(await h.store.getTask(again.id, 'child_data')).toBeUndefined();
    expect(h.mailer.byKind('task_notice')).toHaveLength(1);
    expect((await h.store.getRequest(again.id))?.minor).toBe(true);
  });

  it('heads the queue: open requests are listed by the child’s internal target', async () => {
    const h = await harness(db);
    const adult = await h.create({ rights: ['delete'] });
    h.clock.advance(3 * 86_400_000);
    const child = await h.create({
      rights: ['delete'],
      minor: true,
      receivedAt: h.clock.now().toISOString(),
      target: { date: '2026-12-04', at: '2026-12-04T15:59:59.999Z', workingDays: 5 },
    });
    const { items } = await h.store.listRequests({ limit: 100 });
    const ids = items.map((x) => x.id);
    expect(ids.indexOf(child.id)).toBeLessThan(ids.indexOf(adult.id));
  });
});
