// A one-time code proves identity only when it goes to contact details on file with the company. Mailed back to
// whoever wrote in, it proves control of that mailbox and no more: someone who knows another person's ID number must
// not be able to read or delete that person's data by asking from their own address (issue 3: spoofing is not identity).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCode } from '../../../functions/request-verification/operations.ts';
import { step as requestVerification } from '../../../functions/request-verification/step.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

const ASKER = 'someone.else@example.net';

describe('where the verification code goes', () => {
  it('sends no code for a deletion when the company has no address on file, and says staff must verify', async () => {
    const h = await harness(db);
    h.company.email = '';
    const r = await h.create({
      rights: ['delete'],
      subject: { name: '测试用户', idNumber: '110105194912310029', email: ASKER },
      requester: { type: 'self', email: ASKER },
    });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    // A re-drive after a crash (new token, same step) reaches the same decision: recorded once (D31).
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-2' });
    expect(h.mailer.byKind('verification_code')).toHaveLength(0);
    const events = await h.store.listEvents(r.id);
    expect(events.filter((e) => e.type === 'verification_code_not_sent')).toHaveLength(1);
    expect((await h.store.getRequest(r.id))?.verification.level).toBe('none');
  });

  it('mails the code to the address on file, never to the asker, and a correct code is strong', async () => {
    const h = await harness(db);
    const r = await h.create({ rights: ['delete'], requester: { type: 'self', email: ASKER } });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    const [mail] = h.mailer.byKind('verification_code');
    expect(mail?.to).toEqual([h.company.email]);
    const code = /\b(\d{6})\b/.exec(mail!.text)?.[1] ?? '';
    expect(await verifyCode(h.deps, r.id, code)).toEqual({ verified: true, method: 'email_code' });
    expect((await h.store.getRequest(r.id))?.verification.level).toBe('strong');
  });

  it("proves only control of the asker's own mailbox (contact), which is enough for a marketing opt-out", async () => {
    const h = await harness(db);
    h.company.email = '';
    const r = await h.create({
      rights: ['withdraw_consent'],
      subject: { name: '测试用户', email: ASKER },
      requester: { type: 'self', email: ASKER },
    });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    const [mail] = h.mailer.byKind('verification_code');
    expect(mail?.to).toEqual([ASKER]);
    const code = /\b(\d{6})\b/.exec(mail!.text)?.[1] ?? '';
    expect(await verifyCode(h.deps, r.id, code)).toEqual({ verified: true, method: 'channel_control' });
    const after = await h.store.getRequest(r.id);
    expect(after?.verification.level).toBe('contact');
    expect(h.callbacks.succeeded.at(-1)?.output).toEqual({
      verified: true,
      level: 'contact',
      method: 'channel_control',
    });
  });
  it("sends an explanation's code to the asker's own address; from the address on file it proves as much as any code on file", async () => {
    const h = await harness(db);
    const r = await h.create({
      rights: ['explain'],
      subject: { name: '测试用户', idNumber: '110105194912310029', email: h.company.email },
      requester: { type: 'self', email: h.company.email },
    });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    const [mail] = h.mailer.byKind('verification_code');
    expect(mail?.to).toEqual([h.company.email]);
    const code = /\b(\d{6})\b/.exec(mail!.text)?.[1] ?? '';
    expect(await verifyCode(h.deps, r.id, code)).toEqual({ verified: true, method: 'email_code' });
    expect((await h.store.getRequest(r.id))?.verification.level).toBe('strong');
  });

  it('keeps an explanation from another address at contact level, and the code still goes only to that address', async () => {
    const h = await harness(db);
    h.deps.sms = h.sms;
    const r = await h.create({
      rights: ['explain'],
      subject: { name: '测试用户', idNumber: '110105194912310029', email: ASKER },
      requester: { type: 'self', email: ASKER },
    });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    const [mail] = h.mailer.byKind('verification_code');
    expect(mail?.to).toEqual([ASKER]);
    expect(h.sms.sent).toHaveLength(0);
    const code = /\b(\d{6})\b/.exec(mail!.text)?.[1] ?? '';
    expect(await verifyCode(h.deps, r.id, code)).toEqual({ verified: true, method: 'channel_control' });
    expect((await h.store.getRequest(r.id))?.verification.level).toBe('contact');
  });

  it("treats a guardian writing from the child's address on file as contact level only", async () => {
    const h = await harness(db);
    const r = await h.create({
      rights: ['explain'],
      subject: { name: '测试用户', idNumber: '110105194912310029', email: h.company.email },
      requester: { type: 'guardian', email: h.company.email },
    });
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    const code = /\b(\d{6})\b/.exec(h.mailer.byKind('verification_code')[0]!.text)?.[1] ?? '';
    expect(await verifyCode(h.deps, r.id, code)).toEqual({ verified: true, method: 'channel_control' });
    expect((await h.store.getRequest(r.id))?.verification.level).toBe('contact');
  });
});
