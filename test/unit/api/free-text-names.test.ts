// The masked (agent) view masks names in free text too (newcomer review D11): the request's own parties wherever
// they appear, names the intake finds in the text (signatures, "我叫…", a child's, a deceased person's), and a Latin
// name keeps only initials (the family name of a pinyin name comes first).
import { describe, expect, it } from 'vitest';
import { maskName, maskNames } from '../../../domain/identity/index.ts';
import { maskFreeText } from '../../../functions/api/present.ts';

const parties = (name?: string, requester?: string) => ({
  subject: name ? { name } : {},
  requester: { type: 'self' as const, ...(requester ? { name: requester } : {}) },
});

describe('names in free text, masked', () => {
  it("the subject's name wherever it appears, and the identifiers", () => {
    const out = maskFreeText(
      '我叫赵旧户，身份证号11010119720215135X，手机13900000005。请删除。\n\n赵旧户',
      parties('赵旧户'),
    );
    expect(out).not.toContain('赵旧户');
    expect(out).toContain('赵**');
    expect(out).not.toContain('11010119720215135X');
    expect(out).not.toContain('13900000005');
  });

  it('names the intake finds that are not the parties: a child, a deceased parent, a signature', () => {
    const guardian = maskFreeText(
      '我是孩子的母亲陈监护。我的孩子叫陈小测，今年10岁，请删除孩子的信息。',
      parties(undefined, undefined),
    );
    expect(guardian).not.toMatch(/陈监护|陈小测/);
    const relative = maskFreeText('我父亲刘长河（已故）生前用过贵司服务。我是他的儿子。\n\n刘建华', parties());
    expect(relative).not.toMatch(/刘长河|刘建华/);
    const english = maskFreeText('My name is Li Yanshi, please delete my data.\n\nRegards,\nLi Yanshi', parties());
    expect(english).not.toMatch(/Yanshi/);
    expect(english).toContain('L*** Y***');
  });

  it('Latin names keep only initials; longer names are masked before the shorter ones inside them', () => {
    expect(maskName('Li Yanshi')).toBe('L*** Y***');
    expect(maskNames('王小明和王小明明', ['王小明', '王小明明'])).toBe('王**和王***');
  });
});
