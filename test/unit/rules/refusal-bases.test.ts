// Refusal bases as data (policy/refusal-bases.yaml): every basis the officer may choose, with neutral letter texts;
// the policy's wording corrected where it is wrong (M1); a confidential basis never names what it protects (C3).
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../domain/policy/index.ts';
import { RefusalBasisCode } from '../../../domain/policy/schema.ts';
import { CONFIDENTIAL_TERMS, confidentialityProblems, resolveBases } from '../../../domain/rules/index.ts';

const policy = loadPolicy();
const basis = (code: string) => policy.refusalBases.bases.find((b) => b.code === code)!;

describe('refusal bases', () => {
  it('lists the eight §4(4) cases and the other real bases, each once, in Chinese and English', () => {
    expect(policy.refusalBases.bases.map((b) => b.code).sort()).toEqual([...RefusalBasisCode.options].sort());
    for (const code of [
      'open_disputes',
      'no_deletion_ground',
      'no_authority',
      'identity_not_verified',
      'excessive_repetition',
      'contract_necessity',
    ])
      expect(basis(code).letter.zh.length).toBeGreaterThan(10);
  });

  it('corrects the policy: case 1 is our obligation, case 7 without the merged contract clause (M1)', () => {
    expect(basis('legal_obligation').policyText).toBe('与我们履行法律法规规定的义务相关的');
    expect(basis('legal_obligation').correction).toContain('与您履行法律法规规定的义务相关的');
    expect(basis('serious_harm').policyText).not.toContain('合同');
    expect(basis('serious_harm').correction).toContain('contract_necessity');
    expect(basis('contract_necessity').policyText).toBe('根据个人信息主体要求签订和履行合同所必需的');
    for (const b of policy.refusalBases.bases) expect(b.letter.zh).not.toContain('与您履行');
  });

  it('a confidential basis reads neutrally: no investigation, report, authority or case number (C3)', () => {
    for (const b of policy.refusalBases.bases.filter((x) => x.confidential)) {
      expect(`${b.letter.zh}\n${b.letter.en}`).not.toMatch(CONFIDENTIAL_TERMS);
      expect(b.letter.zh).not.toMatch(/第\d种情形/);
    }
    expect(basis('criminal_investigation').confidential).toBe(true);
    // …while the officer is told the real meaning and warned
    expect(basis('criminal_investigation').officer.zh).toContain('刑事侦查');
  });

  it("resolves chosen bases with the officer's edits, and exception codes the old way", () => {
    const edited = {
      zh: '您与商户之间关于2026年10月20日交易的争议尚未解决。',
      en: 'Your dispute about the payment of 20 October 2026 is open.',
    };
    expect(resolveBases([{ code: 'open_disputes', text: edited }], ['legal_obligation'], policy)).toEqual([
      { code: 'open_disputes', ...edited },
      { code: 'legal_obligation', zh: basis('legal_obligation').letter.zh, en: basis('legal_obligation').letter.en },
    ]);
  });

  it('rejects an edit that would tip the person off, for a confidential basis or anyone under a legal hold', () => {
    const leak = { zh: '您的账户涉及正在进行的反洗钱调查。', en: 'Your account is under an AML investigation.' };
    expect(
      confidentialityProblems({ chosen: [{ code: 'legal_obligation', text: leak }], underLegalHold: false }, policy),
    ).toEqual(['bases.legal_obligation.text']);
    expect(confidentialityProblems({ chosen: [], reasons: '公安机关要求冻结', underLegalHold: true }, policy)).toEqual([
      'reasons',
    ]);
    expect(confidentialityProblems({ chosen: [], reasons: '公安机关要求冻结', underLegalHold: false }, policy)).toEqual(
      [],
    );
  });
});
