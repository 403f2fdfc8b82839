// Holds as a letter states them: one line per category. A legal hold never says why (an AML investigation, a
// suspicious-transaction report or an authority's request must not be disclosed: AML Law arts. 7, 35 ¶2, 54), nor
// until when; a retention duty cites only the governing law (the policy's shorter promise is not a basis for it).
import type * as z from 'zod';
import type { Policy } from '../policy/schema.ts';
import { DATA_CATEGORIES } from '../request/model.ts';
import { governingHold } from '../rules/holds.ts';
import type { Hold } from '../rules/types.ts';
import type { HeldCategory } from './data.ts';

const CN_NUMBERS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 1–99 in Chinese numerals ("十", "十五", "二十"): retention periods in letters. */
export function chineseNumber(n: number): string {
  if (n <= 10) return CN_NUMBERS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CN_NUMBERS[tens]}十${ones === 0 ? '' : CN_NUMBERS[ones]}`;
}

/** What the person is told about one hold (the template prints "保存至<date>。" before it when the hold has a date). */
export function holdLine(h: Hold, policy: Pick<Policy, 'retention'>): { zh: string; en: string } {
  switch (h.kind) {
    case 'legal_hold':
      return {
        zh: '依照法律、行政法规规定须继续保存。',
        en: 'It must be kept as laws and administrative regulations require.',
      };
    case 'dispute':
      return {
        zh: '该信息是尚未解决的争议的处理依据，在争议解决前保存，仅用于处理该争议（隐私政策第四条第（五）项）。',
        en: 'It is the evidence of a dispute not yet resolved: it is kept until the dispute is resolved and used only to resolve it (privacy policy §4(5)).',
      };
    case 'restriction':
      return {
        zh: '您此前要求对该信息限制处理，我们按您的要求仅作存储；如需删除，请先申请解除限制。',
        en: 'You asked us earlier to restrict it, so we only store it; to have it deleted, ask us to lift the restriction first.',
      };
    case 'retention': {
      const governing = h.sources[0];
      const cite = governing
        ? governing.cite
        : { zh: '法律、行政法规的规定', en: 'laws and administrative regulations' };
      if (h.until !== null) return { zh: `依据：${cite.zh}。`, en: `Basis: ${cite.en}.` };
      const rule = policy.retention.rules.find((r) => r.id === h.rule);
      const years = rule?.years ?? 0;
      return {
        zh: `在我们与您的业务关系存续期间保存，业务关系结束后至少再保存${chineseNumber(years)}年（${cite.zh}）。`,
        en: `Kept while our business relationship with you lasts and for at least ${years} years after it ends (${cite.en}).`,
      };
    }
  }
}

/** One entry per held category (the governing hold), in canonical order. */
export function heldForLetter(
  holds: readonly Hold[],
  policy: Pick<Policy, 'retention'>,
): z.input<typeof HeldCategory>[] {
  const governing = new Map<Hold['category'], Hold>();
  for (const h of holds) {
    const cur = governing.get(h.category);
    governing.set(h.category, cur ? governingHold(cur, h) : h);
  }
  return DATA_CATEGORIES.flatMap((c) => {
    const h = governing.get(c);
    // A legal hold has no end date to tell: the authority decides, and saying so would hint at why.
    return h
      ? [{ category: c, until: h.kind === 'legal_hold' ? null : h.until, kind: h.kind, line: holdLine(h, policy) }]
      : [];
  });
}
