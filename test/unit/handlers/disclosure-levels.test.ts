// Verification levels that match what is disclosed (issue 13 item 2; legal review H2): every right × every level ×
// a customer or a stranger, through FulfilRight and SendReply, reading the letter that goes out. Below `strong` no
// letter may reveal whether the person is a customer or what is held — and the letter about a customer must be the
// same, word for word, as the letter about a stranger; at `strong`, access and explain say what is held.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RIGHTS, type Right, type VerificationLevel } from '../../../domain/request/model.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';
import { PERSON_SPECIFIC } from './person-specific.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

const LEVELS: VerificationLevel[] = ['none', 'contact', 'strong'];

async function letterFor(right: Right, level: VerificationLevel, customer: boolean) {
  const h = await harness(db);
  h.company.known = customer;
  const r = await h.create({
    rights: [right],
    verification:
      level === 'none'
        ? { level: 'none' }
        : {
            level,
            method: level === 'strong' ? 'sms_code' : 'channel_control',
            verifiedAt: h.clock.now().toISOString(),
          },
    ...(right === 'correct' ? { correction: '职业改为教师' } : {}),
  });
  await h.run(fulfilRight, { requestId: r.id, right });
  const { outcome } = await h.run<{ outcome: string }>(sendReply, { requestId: r.id });
  const letter = h.mailer.byKind('reply')[0];
  return { outcome, text: (letter?.text ?? '').replaceAll(r.id, 'RF-ID'), erased: h.company.count('erase') };
}

describe('what a letter may say at each verification level', () => {
  for (const right of RIGHTS)
    for (const level of LEVELS) {
      it(`${right} at ${level}`, async () => {
        const known = await letterFor(right, level, true);
        const stranger = await letterFor(right, level, false);
        if (level !== 'strong') {
          for (const re of PERSON_SPECIFIC) {
            expect(known.text, `${right}/${level}: ${re}`).not.toMatch(re);
            expect(stranger.text, `${right}/${level}: ${re}`).not.toMatch(re);
          }
          // No oracle: the same words whether or not the identifiers belong to a customer.
          expect(known.text).toBe(stranger.text);
          expect(known.erased).toBe(0);
          return;
        }
        if (right === 'access' || right === 'explain') expect(known.text).toMatch(/条记录/);
        // A verified stranger: access says nothing is held; an explanation gives the rules that apply to everyone.
        if (right === 'access') expect(stranger.text).toMatch(/未找到/);
        if (right === 'explain') expect(stranger.text).not.toMatch(/条记录/);
      });
    }

  it('contact suffices only for the opt-out and the general explanation', async () => {
    expect((await letterFor('withdraw_consent', 'contact', true)).outcome).toBe('completed');
    expect((await letterFor('explain', 'contact', true)).outcome).toBe('completed');
    for (const right of RIGHTS.filter((x) => x !== 'withdraw_consent' && x !== 'explain'))
      expect((await letterFor(right, 'contact', true)).outcome, right).toBe('unable_to_verify');
  });

  it('the general explanation points to the rules and to how to verify', async () => {
    const { text } = await letterFor('explain', 'contact', true);
    expect(text).toContain('以下为一般规则，不涉及任何特定个人');
    expect(text).toContain('完成身份核验');
    expect(text).toContain('400-018-8888');
  });
});
