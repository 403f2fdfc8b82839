// copy, access and portability are delivered: the package is sealed in the blob store, the letter carries an expiring
// link and no personal data, and the code that opens the link goes on its own channel — SMS to the phone on file
// when there is an SMS channel, else a separate mail — once, also across a re-drive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { downloadCode } from '../../../functions/shared/downloads/grant.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness, SALT } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

describe('copy delivered by an expiring link and a code on a second channel', () => {
  it('completes the copy: link in the letter, code by SMS to the phone on file, sent once', async () => {
    const h = await harness(db);
    h.deps.sms = h.sms;
    const r = await h.create({ rights: ['copy'], verification: { level: 'strong', method: 'hotline_staff' } });
    await h.run(fulfilRight, { requestId: r.id, right: 'copy' });
    expect(await h.run(sendReply, { requestId: r.id })).toEqual({ outcome: 'completed' });
    await h.run(sendReply, { requestId: r.id }); // a re-drive
    const letter = h.mailer.byKind('reply');
    expect(letter).toHaveLength(1);
    const text = letter[0]!.text;
    const url = new RegExp(`http://127\\.0\\.0\\.1:8787/download/${r.id}/copy/[A-Za-z0-9_-]{32}`).exec(text)?.[0];
    expect(url).toBeTruthy();
    expect(text).toContain('链接有效期至2026年12月2日');
    expect(text).toContain('以短信发送至您在我们处登记的手机号码');
    expect(text).not.toContain('13800001234');
    expect(text).not.toContain('测试用户');
    const code = downloadCode(SALT, r.id, 'copy', 1);
    expect(text).not.toContain(code);
    const sms = h.sms.sent.filter((m) => m.kind === 'download_code');
    expect(sms).toHaveLength(1);
    expect(sms[0]!.to).toBe('+8613800001234');
    expect(sms[0]!.text).toContain(code);
    // The package is sealed at rest: the blob is not readable JSON.
    const grant = await h.store.getDownloadGrant(r.id, 'copy');
    expect(grant).toMatchObject({
      round: 1,
      attempts: 0,
      files: expect.arrayContaining(['export.json', 'summary.html']),
    });
    const blob = Buffer.from(h.blobs.get(grant!.exportKey)!).toString('utf8');
    expect(blob.startsWith('sealed:')).toBe(true);
    expect((await h.store.listEvents(r.id)).filter((e) => e.type === 'download_code_sent')).toHaveLength(1);
  });

  it('without an SMS channel the code goes in a separate mail, kept for staff with the code blanked', async () => {
    const h = await harness(db);
    const r = await h.create({ rights: ['access'], verification: { level: 'strong', method: 'hotline_staff' } });
    await h.run(fulfilRight, { requestId: r.id, right: 'access' });
    await h.run(sendReply, { requestId: r.id });
    const reply = h.mailer.byKind('reply')[0]!;
    expect(reply.text).toContain('另行以电子邮件发送给您');
    const codeMail = h.mailer.byKind('download_code');
    expect(codeMail).toHaveLength(1);
    expect(codeMail[0]!.to).toEqual(reply.to);
    const code = downloadCode(SALT, r.id, 'access', 1);
    expect(codeMail[0]!.text).toContain(code);
    expect(reply.text).not.toContain(code);
    const kept = (await h.store.listLetters(r.id)).find((l) => l.kind === 'download_code');
    expect(kept?.text).not.toContain(code);
  });

  it.each([
    ['a deceased user’s relative', 'relative_of_deceased', 'child'],
    ['a guardian', 'guardian', 'parent'],
  ] as const)(
    'for %s the code never goes to the phone on file (the deceased’s or the child’s): it is mailed to them',
    async (_who, type, relation) => {
      const h = await harness(db);
      h.deps.sms = h.sms;
      const r = await h.create({
        rights: ['access'],
        requester: { type, name: '测试亲属', email: 'asker@example.net', relation },
        verification: {
          level: 'strong',
          method: 'document_review',
          ...(type === 'relative_of_deceased'
            ? { art49: { ownLawfulInterest: true, noContraryArrangement: true } }
            : {}),
        },
      });
      await h.run(fulfilRight, { requestId: r.id, right: 'access' });
      await h.run(sendReply, { requestId: r.id });
      expect(h.sms.sent).toEqual([]);
      const reply = h.mailer.byKind('reply')[0]!;
      expect(reply.to).toEqual(['asker@example.net']);
      expect(reply.text).toContain('另行以电子邮件发送给您');
      expect(reply.text).not.toContain('以短信发送至');
      const codeMail = h.mailer.byKind('download_code');
      expect(codeMail.map((m) => m.to)).toEqual([['asker@example.net']]);
      expect(codeMail[0]!.text).toContain(downloadCode(SALT, r.id, 'access', 1));
    },
  );
});
