// A letter that discloses personal data goes to the address on file that the emailed code proved, never to the
// asker's own (unverified) From address; letters that disclose nothing still answer the asker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RightsRequest } from '../../../domain/request/model.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

const ASKER = 'asker.unverified@example.com';

async function replyTo(over: Partial<RightsRequest>) {
  const h = await harness(db);
  const r = await h.create({ requester: { type: 'self', email: ASKER }, ...over });
  for (const right of r.rights) await h.run(fulfilRight, { requestId: r.id, right });
  await h.run(sendReply, { requestId: r.id });
  const letters = h.mailer.byKind('reply');
  expect(letters).toHaveLength(1);
  return letters[0]!;
}

describe('SendReply destination', () => {
  it('access verified by an emailed code: the letter goes to the address on file, unthreaded', async () => {
    const mail = await replyTo({ rights: ['access'], verification: { level: 'strong', method: 'email_code' } });
    expect(mail.to).toEqual(['onfile.person@example.com']);
    expect(mail.inReplyTo).toBeUndefined();
  });

  it('a copy verified by an emailed code never goes to the asker', async () => {
    const mail = await replyTo({ rights: ['copy'], verification: { level: 'strong', method: 'email_code' } });
    expect(mail.to).not.toContain(ASKER);
  });

  it('a deletion (nothing disclosed) answers the asker on the same thread', async () => {
    const mail = await replyTo({ rights: ['delete'], verification: { level: 'strong', method: 'email_code' } });
    expect(mail.to).toEqual([ASKER]);
    expect(mail.inReplyTo).toBe('<m1@example.com>');
  });

  it('access verified by hotline staff answers the asker', async () => {
    const mail = await replyTo({ rights: ['access'], verification: { level: 'strong', method: 'hotline_staff' } });
    expect(mail.to).toEqual([ASKER]);
  });
});
