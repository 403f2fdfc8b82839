// Request mail kept only as long as needed (issue 9 item 9; legal review M4, aws review M9; PIPL art. 19): once a
// request is answered, the sweep deletes its attachments after 30 days, its raw mail, personal fields, one-time
// code and letter texts after 180, its subject hash after 366 (policy/request-records.yaml) — and the hash-chained
// audit trail stays verifiable. Items that only serve while a request is handled carry a DynamoDB TTL.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectHash } from '../../../domain/identity/index.ts';
import { createIntakeService } from '../../../functions/intake/service.ts';
import { moveStatus } from '../../../functions/shared/step.ts';
import { createDynamoStore } from '../../../functions/shared/store/dynamo-store.ts';
import { verifyEventChain } from '../../../functions/shared/store/event-chain.ts';
import { runSweep } from '../../../functions/sweep/sweep.ts';
import { composeMail } from '../intake/compose.ts';
import { type Db, freshTable, MovableClock, startDb, testCipher } from '../store/fixture.ts';
import { harness, SALT } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

const DAY = 86_400_000;
const ID_NUMBER = '11010519491231002X';
const PHONE = '13800001234';

/** A mailed deletion request with an ID-card photo, through the real intake, answered "completed". */
async function answeredRequest() {
  const h = await harness(db);
  const intake = createIntakeService({
    ...h.deps,
    senderAddress: h.deps.config.senderAddress,
    startWorkflow: async () => {},
    subjectHashSalt: SALT,
  });
  const mail = await composeMail({
    from: 'fake.person@example.com',
    subject: '申请删除个人信息',
    text: `本人测试用户，身份证号${ID_NUMBER}，手机${PHONE}，请删除我的全部个人信息。身份证照片见附件。`,
    messageId: '<records-1@example.com>',
    attachments: [
      { filename: '测试用户-身份证.jpg', content: Buffer.from('jpeg bytes of an ID card'), contentType: 'image/jpeg' },
    ],
  });
  const { requestId } = await intake.receiveRawEmail(mail, { source: 'smtp' });
  const r = (await h.store.getRequest(requestId))!;
  await h.store.putVerificationCode({
    requestId,
    round: 1,
    codeHash: 'h',
    attempts: 0,
    maxAttempts: 5,
    expiresAt: h.clock.now().toISOString(),
    sentTo: '138****1234',
    method: 'sms_code',
    level: 'strong',
    createdAt: h.clock.now().toISOString(),
  });
  await moveStatus(h.deps, requestId, 'replying');
  await moveStatus(h.deps, requestId, 'replied', { type: 'reply_sent', actor: 'test' }, { outcome: 'completed' });
  const keys = [...h.blobs.keys()];
  const raw = keys.find((k) => k.startsWith('raw/'));
  const photo = keys.find((k) => k.startsWith('attachments/'));
  if (!raw || !photo) throw new Error(`the intake stored ${keys.join(', ')}`);
  return { h, r, raw, photo };
}

describe('the records of an answered request', () => {
  it('go stage by stage; the request keeps its number, rights, dates and outcome; the audit chain still verifies', async () => {
    const { h, r, raw, photo } = await answeredRequest();
    const answered = (await h.store.getRequest(r.id))!;
    expect(answered.answeredAt).toBe(h.clock.now().toISOString());
    expect(raw).toBeTruthy();
    expect(photo).toMatch(/^attachments\/2026\/11\/[0-9a-f]{64}-[0-9a-f]{64}\.sealed$/);
    const hash = subjectHash({ idNumber: ID_NUMBER, phone: PHONE }, SALT);
    if (!hash) throw new Error('no subject hash');
    expect((await h.store.findRequestsBySubjectHash(hash, { includeClosed: true })).map((x) => x.id)).toEqual([r.id]);

    // Day 29: nothing is due.
    h.clock.advance(29 * DAY);
    expect((await runSweep(h.deps)).recordsPurged).toBe(0);
    expect(h.blobs.has(photo)).toBe(true);

    // Day 31: the attachments (the ID-card photo) are gone; the mail itself stays.
    h.clock.advance(2 * DAY);
    expect((await runSweep(h.deps)).recordsPurged).toBe(1);
    expect(h.blobs.has(photo)).toBe(false);
    expect(h.blobs.has(raw)).toBe(true);
    expect((await h.store.getRequest(r.id))?.subject.idNumber).toBe(ID_NUMBER);

    // Day 181: the raw mail, the personal fields, the code record and the letters' texts.
    h.clock.advance(150 * DAY);
    expect((await runSweep(h.deps)).recordsPurged).toBe(1);
    expect(h.blobs.has(raw)).toBe(false);
    const purged = (await h.store.getRequest(r.id))!;
    expect(purged).toMatchObject({
      id: r.id,
      rights: ['delete'],
      status: 'replied',
      outcome: 'completed',
      receivedAt: r.receivedAt,
      deadline: r.deadline,
      subject: {},
      requester: { type: 'self' },
    });
    expect(purged.details).toBeUndefined();
    expect(purged.source.subjectLine).toBeUndefined();
    expect(purged.personalDataPurgedAt).toBe(h.clock.now().toISOString());
    expect(await h.store.getVerificationCode(r.id)).not.toHaveProperty('codeHash');
    const letters = await h.store.listLetters(r.id);
    expect(letters.length).toBeGreaterThan(0);
    for (const l of letters) expect(l).toMatchObject({ to: [], subject: '', text: '', purgedAt: expect.any(String) });
    const stored = JSON.stringify(
      await db.doc.send(new GetCommand({ TableName: h.tableName, Key: { pk: `REQ#${r.id}`, sk: 'META' } })),
    );
    for (const personal of [ID_NUMBER, PHONE, '测试用户', 'fake.person@example.com', '申请删除'])
      expect(stored).not.toContain(personal);

    // Still counted as a repetition for a year: the hash stays until day 366.
    expect((await h.store.findRequestsBySubjectHash(hash, { includeClosed: true })).map((x) => x.id)).toEqual([r.id]);
    h.clock.advance(186 * DAY);
    expect((await runSweep(h.deps)).recordsPurged).toBe(1);
    expect(await h.store.findRequestsBySubjectHash(hash, { includeClosed: true })).toEqual([]);
    // Nothing left to do for it.
    h.clock.advance(400 * DAY);
    expect((await runSweep(h.deps)).recordsPurged).toBe(0);

    // The evidence: every event still there, the chain intact, one event per stage saying what went and why.
    const events = await h.store.listEvents(r.id);
    expect(verifyEventChain(r.id, events)).toEqual({ ok: true, length: events.length });
    const purges = events.filter((e) => e.type === 'records_purged').map((e) => e.data?.['stages']);
    expect(purges).toEqual([['attachments'], ['raw_mail', 'personal_fields'], ['subject_hash']]);
    expect(events.find((e) => e.type === 'email.received')?.data?.['rawKey']).toBe(raw);
  });

  it('are not touched while the request is being handled again (failed after the reply)', async () => {
    const { h, r, raw } = await answeredRequest();
    await moveStatus(h.deps, r.id, 'failed', { type: 'step_failed', actor: 'test' });
    h.clock.advance(200 * DAY);
    expect((await runSweep(h.deps)).recordsPurged).toBe(0);
    expect(h.blobs.has(raw)).toBe(true);
    expect((await h.store.getRequest(r.id))?.subject.idNumber).toBe(ID_NUMBER);
    await moveStatus(h.deps, r.id, 'closed', { type: 'request_closed', actor: 'test' });
    h.clock.advance(DAY + 1000);
    expect((await runSweep(h.deps)).recordsPurged).toBe(1);
    expect(h.blobs.has(raw)).toBe(false);
  });
});

describe('DynamoDB TTL (aws review M9: the table enabled TTL, nothing set it)', () => {
  it('is set on lookup keys, the send log and one-time codes, in days from policy/request-records.yaml', async () => {
    const clock = new MovableClock(new Date('2026-11-25T02:00:00Z'));
    const tableName = await freshTable(db);
    const store = createDynamoStore({
      client: db.doc,
      tableName,
      cipher: testCipher(),
      clock,
      expiryDays: { lookupKeys: 300, mailLog: 300, codes: 120 },
    });
    const now = Math.ceil(clock.now().getTime() / 1000);
    await store.claimLookupKey('msgid:abc@example.com', 'RF-20261125-0000AB');
    await store.recordMailIntent({ key: 'ack:RF-20261125-0000AB', kind: 'ack', recordedAt: clock.now().toISOString() });
    await store.putVerificationCode({
      requestId: 'RF-20261125-0000AB',
      round: 1,
      codeHash: 'h',
      attempts: 0,
      maxAttempts: 5,
      expiresAt: clock.now().toISOString(),
      sentTo: '138****1234',
      method: 'sms_code',
      level: 'strong',
      createdAt: clock.now().toISOString(),
    });
    const ttlOf = async (pk: string, sk: string) =>
      (await db.doc.send(new GetCommand({ TableName: tableName, Key: { pk, sk } }))).Item?.['ttl'];
    expect(await ttlOf('KEY#msgid:abc@example.com', 'KEY')).toBe(now + 300 * 86_400);
    expect(await ttlOf('MAIL#ack:RF-20261125-0000AB', 'MAIL')).toBe(now + 300 * 86_400);
    expect(await ttlOf('REQ#RF-20261125-0000AB', 'OTP')).toBe(now + 120 * 86_400);
  });
});
