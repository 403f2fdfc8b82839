// What access and explanation letters disclose per category, from policy/processing.yaml and the registry: purposes,
// legal bases, source, recipients with their public contacts and which received this person's data, retention.
import { describe, expect, it } from 'vitest';
import { askedQuestion, discloseCategories } from '../../../domain/disclosure/index.ts';
import { loadPolicy } from '../../../domain/policy/index.ts';

const policy = loadPolicy();

describe('discloseCategories', () => {
  it('names the recipients of each category, the issuing bank per bank, and marks who received the data', () => {
    const [identity, marketing] = discloseCategories(
      [
        { category: 'marketing', records: 1 },
        { category: 'identity', records: 1 },
      ],
      ['unionpay', 'issuing_bank:ICBC', 'lianlian_hangzhou'],
      policy,
    );
    expect(identity!.category).toBe('identity');
    const names = identity!.recipients.map((x) => [x.names.zh, x.contact, x.received]);
    expect(names).toEqual([
      ['中国银联股份有限公司', '95516', true],
      ['网联清算有限公司', 'contact@nucc.com', false],
      ['中国工商银行', '具体请查看您选择的发卡行官方客服电话', true],
      ['第三方验证机构', null, false],
      ['连连（杭州）信息技术有限公司', null, true],
    ]);
    expect(identity!.legalBases.map((b) => b.cite.zh).join()).toContain('《反洗钱法》第二十八条');
    expect(identity!.retention.zh).toContain('至少保存十年');
    expect(identity!.sensitive).toBe(true);
    expect(marketing!.legalBases.map((b) => b.cite.zh)).toEqual([
      '《个人信息保护法》第十三条第一款第（一）项、第十五条',
    ]);
    expect(marketing!.purposes[0]!.cite.zh).toBe('隐私政策第一条第（一）项第5点');
  });

  it('general rules name the issuing bank generically and nobody as having received anything', () => {
    const [cards] = discloseCategories([{ category: 'bank_cards', records: null }], [], policy);
    expect(cards!.records).toBeNull();
    expect(cards!.recipients.every((x) => !x.received)).toBe(true);
    expect(cards!.recipients.map((x) => x.names.zh)).toContain('您所选择的支付方式对应的金融机构（发卡行）');
  });
});

describe('askedQuestion', () => {
  it.each([
    ['为什么要收集我的设备信息', true],
    ['请问你们会把我的信息保存多久？', true],
    ['基于什么法律依据处理我的生物识别信息', true],
    ['Why do you keep my card number?', true],
    ['请对你们的个人信息处理规则进行解释说明。', false],
    [undefined, false],
  ])('%s → %s', (text, expected) => {
    expect(askedQuestion(text)).toBe(expected);
  });
});
