// Legal review M4 (the letter side): each held line cited 《连连支付隐私政策》第四条第（五）项 beside the AML Law as a
// basis for a date ten years away. The policy promises five years (§4(5)1: "至少保存5年"); the ten-year date rests on
// 反洗钱法 (2024) arts. 34, 63 alone, and PIPL art. 17 ¶1(2) wants the retention period told truly and accurately.
// Through CheckExceptions, FulfilRight and SendReply, for a former customer whose relationship ended in 2023 (so both
// the law's ten years and the policy's five still run): every held line names the law only, with the law's date.
// On the code before 1ac1362 it fails: "…保存至2033年6月30日。依据：《反洗钱法》（2024年修订）第三十四条、第六十三条；
// 《连连支付隐私政策》第四条第（五）项".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as checkExceptions } from '../../../functions/check-exceptions/step.ts';
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

const AML_ZH = '《反洗钱法》（2024年修订）第三十四条、第六十三条';
const AML_EN = 'Anti-Money Laundering Law (2024 revision), Articles 34 and 63';

async function deletionLetter(language: 'zh' | 'en'): Promise<string> {
  const h = await harness(db);
  // Ended 2023-06-30 (Shanghai), last payment 2023-06-15: the law keeps identity and cards to 2033-06-30 and the
  // transactions to 2033-06-15; the policy's own five years would end 2028-12-31 — both still run today (2026).
  h.company.anchors = { relationshipEndedAt: '2023-06-30T04:00:00Z', lastTransactionAt: '2023-06-15T04:00:00Z' };
  h.company.bindings = [];
  const r = await h.create({
    rights: ['delete'],
    language,
    verification: { level: 'strong', method: 'sms_code', verifiedAt: h.clock.now().toISOString() },
  });
  // In the order the state machine runs them.
  expect(await h.run(checkExceptions, { requestId: r.id })).toMatchObject({ needsReview: false, refuse: false });
  await h.run(fulfilRight, { requestId: r.id, right: 'delete' });
  await h.run(sendReply, { requestId: r.id });
  const replies = h.mailer.byKind('reply');
  expect(replies).toHaveLength(1);
  return replies[0]?.text ?? '';
}

/** The lines of the "cannot be deleted yet" list: one per held category. */
function heldLines(text: string, heading: RegExp, bullet: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  expect(start, 'the letter lists what is kept').toBeGreaterThanOrEqual(0);
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (!l.startsWith(bullet)) break;
    out.push(l);
  }
  return out;
}

describe('the ten-year date cites the law only, never the policy (legal review M4)', () => {
  it('Chinese: each held line gives the law date and the AML Law, and no line cites policy §4(5)', async () => {
    const text = await deletionLetter('zh');
    const held = heldLines(text, /^以下个人信息.*暂不能删除/, '·');
    expect(held.map((l) => l.split('（')[0])).toEqual(['· 身份信息', '· 银行卡信息', '· 交易信息']);
    for (const line of held) {
      expect(line).toContain(AML_ZH);
      expect(line).not.toMatch(/隐私政策/);
      // The policy's five years would give 2028; only the law's date is told.
      expect(line).not.toContain('2028');
    }
    expect(held[0]).toContain('保存至2033年6月30日');
    expect(held[1]).toContain('保存至2033年6月30日');
    expect(held[2]).toContain('保存至2033年6月15日');
    // The letter's other lines do not bring the policy back in as the basis of the retention either.
    expect(text).not.toMatch(/隐私政策第四条第（五）项/);
  });

  it('English: the same, in English', async () => {
    const text = await deletionLetter('en');
    const held = heldLines(
      text,
      /^(We cannot delete|The law requires us to keep) the following personal information/,
      '- ',
    );
    expect(held).toHaveLength(3);
    expect(held[0]).toContain('kept until 30 June 2033');
    expect(held[2]).toContain('kept until 15 June 2033');
    for (const line of held) {
      expect(line).toContain(AML_EN);
      expect(line).not.toMatch(/privacy policy/i);
      expect(line).not.toContain('2028');
    }
    expect(text).not.toMatch(/privacy policy §4\(5\)/i);
  });
});
