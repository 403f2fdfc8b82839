// The verification-code mail claims `thread:<its Message-ID>`: the person's reply to it (In-Reply-To) attaches to
// the request and hands its code over, instead of opening a new request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntakeService } from '../../../functions/intake/service.ts';
import { step as requestVerification } from '../../../functions/request-verification/step.ts';
import type { OutgoingMail } from '../../../functions/shared/ports.ts';
import { composeMail } from '../intake/compose.ts';
import { fakeCipher, memoryBlobs, recordingMailer } from '../intake/fakes.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

async function replyTo(h: Awaited<ReturnType<typeof harness>>, inReplyTo: string, code: string) {
  const codes: [string, string][] = [];
  const intake = createIntakeService({
    store: h.store,
    blobs: memoryBlobs(),
    cipher: fakeCipher,
    mailer: recordingMailer(),
    clock: h.clock,
    policy: h.deps.policy,
    calendar: h.deps.calendar,
    senderAddress: h.deps.config.senderAddress,
    startWorkflow: async () => {},
    onVerificationCode: async (id, c) => void codes.push([id, c]),
    subjectHashSalt: 'test-salt',
  });
  const raw = await composeMail({
    from: 'onfile.person@example.com',
    subject: 'Re: 验证码',
    text: `验证码 ${code}`,
    messageId: '<reply-1@example.com>',
    inReplyTo,
    references: [inReplyTo],
  });
  return { result: await intake.receiveRawEmail(raw, { source: 'smtp' }), codes };
}

describe('verification code mail thread', () => {
  it('claims the Message-ID once, also across a re-drive, and a reply to it attaches to the request', async () => {
    const h = await harness(db);
    const r = await h.create();
    expect(await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' })).toEqual({ waiting: true });
    const mail = h.mailer.byKind('verification_code');
    expect(mail).toHaveLength(1);
    const messageId = `<m${h.mailer.sent.indexOf(mail[0]!) + 1}@test>`;
    expect(await h.store.findRequestIdByLookupKey(`thread:${messageId.slice(1, -1)}`)).toBe(r.id);

    // Re-driven from the top: nothing sent again, the key still points here.
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-2' });
    expect(h.mailer.byKind('verification_code')).toHaveLength(1);

    const code = /\b(\d{6})\b/.exec(mail[0]!.text)?.[1] ?? '';
    const { result, codes } = await replyTo(h, messageId, code);
    expect(result).toMatchObject({ requestId: r.id, created: false, attachedTo: r.id });
    expect(codes).toEqual([[r.id, code]]);
  });

  it('matches an SES Message-ID (returned bare, written with the SES domain in the header)', async () => {
    const h = await harness(db);
    const sent: OutgoingMail[] = [];
    h.deps.mailer = {
      send: async (m) => {
        sent.push(m);
        return { messageId: '0102019a-fake-ses-id-000001' };
      },
    };
    const r = await h.create();
    await h.run(requestVerification, { requestId: r.id, taskToken: 't-1' });
    expect(sent.map((m) => m.kind)).toEqual(['verification_code']);
    const { result } = await replyTo(h, '<0102019a-fake-ses-id-000001@eu-west-1.amazonses.com>', '123456');
    expect(result).toMatchObject({ requestId: r.id, attachedTo: r.id });
  });
});
