// Newcomer review D14: a non-customer's opt-out was answered "经核查，我们未找到与您提供的身份信息相符的个人信息" AND
// "我们已停止基于您同意的营销推送" in the same letter — one of the two is untrue. Through FulfilRight and SendReply: a
// verified stranger reads only that nothing is held; at the channel-control level (the web opt-out) the letter is the
// general one, the same for a customer and a stranger, and never claims both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerificationLevel } from '../../../domain/request/model.ts';
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

async function optOutLetter(level: Exclude<VerificationLevel, 'none'>, customer: boolean): Promise<string> {
  const h = await harness(db);
  h.company.known = customer;
  const r = await h.create({
    rights: ['withdraw_consent'],
    verification: {
      level,
      method: level === 'strong' ? 'sms_code' : 'channel_control',
      verifiedAt: h.clock.now().toISOString(),
    },
  });
  await h.run(fulfilRight, { requestId: r.id, right: 'withdraw_consent' });
  await h.run(sendReply, { requestId: r.id });
  return (h.mailer.byKind('reply')[0]?.text ?? '').replaceAll(r.id, 'RF-ID');
}

const NOT_FOUND = /未找到/;
const STOPPED = /已停止[^\n]{0,20}(营销|推送)|停止向您(发送|推送)/;

describe("a stranger's opt-out (D14)", () => {
  it('verified: says nothing is held, and claims no marketing was stopped', async () => {
    const text = await optOutLetter('strong', false);
    expect(text).toMatch(NOT_FOUND);
    expect(text).not.toMatch(STOPPED);
  });

  it('by channel control (the web form): the general letter, the same for a customer, never both claims', async () => {
    const stranger = await optOutLetter('contact', false);
    const customer = await optOutLetter('contact', true);
    expect(stranger).toBe(customer);
    expect(NOT_FOUND.test(stranger) && STOPPED.test(stranger)).toBe(false);
  });

  it('the same ask from a verified customer is answered about her consents, not "nothing found" (the check can fail)', async () => {
    const text = await optOutLetter('strong', true);
    expect(text).not.toMatch(NOT_FOUND);
    expect(text).toContain('基于您同意的处理有');
    expect(text).not.toBe(await optOutLetter('strong', false));
  });
});
