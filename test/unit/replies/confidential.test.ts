// Under a legal hold a letter names no investigation, no report and no authority, not even in the policy's own
// words (AML Law arts. 7, 35 ¶2); what it says stays true and the rest of the letter is untouched.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../domain/policy/load.ts';
import {
  neutralLetterData,
  neutralLines,
  neutralText,
  rewriteConfidential,
} from '../../../domain/replies/confidential.ts';
import { CONFIDENTIAL_TERMS } from '../../../domain/rules/refusal.ts';

describe('neutral letter text under a legal hold', () => {
  it('rewrites the policy phrases and citations into neutral, still true wording', () => {
    expect(neutralText('身份识别、防范和调查欺诈，由第三方机构进行身份核验、反洗钱名单筛查')).toBe(
      '身份识别、防范欺诈，由第三方机构进行身份核验、名单筛查',
    );
    expect(neutralText('依据：《反洗钱法》（2024年修订）第三十四条、第六十三条。')).toBe('依据：有关法律、行政法规。');
    expect(neutralText('Basis: Anti-Money Laundering Law, Articles 28, 29, 34 and 63; PIPL, Article 13(1)(3)')).toBe(
      'Basis: the applicable laws and administrative regulations; PIPL, Article 13(1)(3)',
    );
  });

  it('a text that would still name one is replaced whole (fail safe), in its language', () => {
    expect(neutralText('公安机关要求冻结')).toBe('依照法律、行政法规的规定处理。');
    expect(neutralText('The police asked us to keep it', 'en')).toBe(
      'Processed as laws and administrative regulations require.',
    );
  });

  it('keeps a sentence every letter carries, and still rewrites the rest of its line', () => {
    const c = '您还可以向网信、电信、公安及工商等监管部门进行投诉或举报。';
    expect(neutralLines(`如需咨询，请拨打热线。${c}`, 'zh', [c])).toBe(`如需咨询，请拨打热线。${c}`);
    expect(neutralLines(`公安机关要求冻结。${c}`, 'zh', [c])).toBe(`依照法律、行政法规的规定处理。${c}`);
    // Not kept unless named: the fail-safe still replaces the line.
    expect(neutralLines(`如需咨询，请拨打热线。${c}`, 'zh')).toBe('依照法律、行政法规的规定处理。');
  });

  it('leaves identifiers and links alone and walks nested data', () => {
    const data = {
      requestId: 'RF-20261128-ABCDEF',
      link: 'http://127.0.0.1:8787/download/RF-20261128-ABCDEF/access/AMLpolice_x',
      categories: [{ purposes: [{ zh: '反洗钱名单筛查', en: 'anti-money-laundering list screening' }] }],
    };
    expect(neutralLetterData(data)).toEqual({
      requestId: data.requestId,
      link: data.link,
      categories: [{ purposes: [{ zh: '名单筛查', en: 'list screening' }] }],
    });
  });

  it('every text the disclosure quotes from policy is rewritten, none needs the whole-text fallback', () => {
    const policy = loadPolicy();
    const texts: string[] = [];
    const collect = (v: unknown) => {
      if (typeof v === 'string') texts.push(v);
      else if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect([policy.processing, policy.retention, policy.recipients]);
    const named = texts.filter((x) => CONFIDENTIAL_TERMS.test(x));
    // The rewrites are for real phrases: the policy does contain them.
    expect(named.length).toBeGreaterThan(0);
    const left = named.map((x) => rewriteConfidential(x)).filter((x) => CONFIDENTIAL_TERMS.test(x));
    expect(left).toEqual([]);
  });
});
