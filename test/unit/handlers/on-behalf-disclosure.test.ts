// A guardian or a deceased user's relative is never told more than their verification allows (issue 13 items 3, 4;
// issue 9): every right × each level below `strong` × a customer or a stranger, through FulfilRight and SendReply,
// reading the letter that goes out. Below `strong` the letter must not say whether the child or the deceased is a
// customer or what is held, must be word for word the same for a customer and a stranger, must erase nothing and
// must not name the child or the deceased; only after the officer's document review does it name them and say what
// is held.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Art49Conditions, RIGHTS, type Right, type VerificationLevel } from '../../../domain/request/model.ts';
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

const SUBJECT_NAME = '郑小禾';
type OnBehalfType = 'guardian' | 'relative_of_deceased';

async function letterFor(type: OnBehalfType, right: Right, level: VerificationLevel, customer: boolean) {
  const h = await harness(db);
  h.company.known = customer;
  const art49: Art49Conditions = { ownLawfulInterest: true, noContraryArrangement: true };
  const r = await h.create({
    rights: [right],
    subject: { name: SUBJECT_NAME, idNumber: '11010519491231002X', idNumberValid: true },
    requester: {
      type,
      name: '郑明',
      email: 'zheng.ming@example.net',
      relation: type === 'guardian' ? 'parent' : 'child',
    },
    verification:
      level === 'none'
        ? { level: 'none' }
        : level === 'contact'
          ? { level, method: 'channel_control', verifiedAt: h.clock.now().toISOString() }
          : {
              level,
              method: 'document_review',
              verifiedAt: h.clock.now().toISOString(),
              documents:
                type === 'guardian'
                  ? ['requester_identity', 'guardianship']
                  : ['requester_identity', 'death_certificate', 'kinship'],
              ...(type === 'relative_of_deceased' ? { art49 } : {}),
            },
    ...(right === 'correct' ? { correction: '职业改为教师' } : {}),
  });
  await h.run(fulfilRight, { requestId: r.id, right });
  await h.run(sendReply, { requestId: r.id });
  const letter = h.mailer.byKind('reply')[0];
  return {
    to: letter?.to,
    text: (letter?.text ?? '').replaceAll(r.id, 'RF-ID'),
    erased: h.company.count('erase'),
  };
}

describe('what a letter tells a guardian or a relative at each verification level', () => {
  for (const type of ['guardian', 'relative_of_deceased'] as const)
    for (const right of RIGHTS)
      for (const level of ['none', 'contact'] as const)
        it(`${type}: ${right} at ${level}`, async () => {
          const known = await letterFor(type, right, level, true);
          const stranger = await letterFor(type, right, level, false);
          expect(known.to).toEqual(['zheng.ming@example.net']);
          for (const re of PERSON_SPECIFIC) {
            expect(known.text, `${type}/${right}/${level}: ${re}`).not.toMatch(re);
            expect(stranger.text, `${type}/${right}/${level}: ${re}`).not.toMatch(re);
          }
          expect(known.text).not.toContain(SUBJECT_NAME);
          // No oracle: the same words whether or not the identifiers belong to a customer.
          expect(known.text).toBe(stranger.text);
          expect(known.erased).toBe(0);
          expect(known.text).toContain('尊敬的郑明：');
        });

  it("after the officer's document review the letter names the child or the deceased and says what is held", async () => {
    const guardian = await letterFor('guardian', 'access', 'strong', true);
    expect(guardian.text).toContain(`您作为${SUBJECT_NAME}的监护人（父母）`);
    expect(guardian.text).toMatch(/条记录/);
    const relative = await letterFor('relative_of_deceased', 'access', 'strong', true);
    expect(relative.text).toContain(`您作为已故用户${SUBJECT_NAME}的近亲属（子女）`);
    expect(relative.text).toContain('生前对其个人信息未另有安排');
    expect(relative.text).toMatch(/条记录/);
  });
});
