// What a person under a legal hold reads (AML Law arts. 7, 35 ¶2, 54): every text of their letter is passed through
// here, so that nothing — not even the ordinary processing rules an access letter quotes from the privacy policy
// ("反洗钱名单筛查", "《反洗钱法》第三十四条", "防范和调查欺诈") — names money laundering, an investigation or an
// authority. Everyone else's letter quotes the policy and the laws verbatim; under a hold, each such phrase is replaced
// by a neutral one that stays true ("有关法律、行政法规"), and a text that would still name one is replaced whole by
// the neutral line (fail safe: saying less is never a tip-off).
import { CONFIDENTIAL_TERMS } from '../rules/refusal.ts';

const REWRITES: readonly [RegExp, string][] = [
  // Citations of the AML Law, with or without the revision year and article list.
  [
    /《(中华人民共和国)?反洗钱法》(（\d{4}年修订）)?(第[一二三四五六七八九十百零]+条(第[一二三四五六七八九十]+款)?[、，和及]?)*/g,
    '有关法律、行政法规',
  ],
  [/(中华人民共和国)?反洗钱法(（\d{4}年修订）)?/g, '有关法律、行政法规'],
  [
    /(the )?Anti-Money Laundering Law(,? ?\(\d{4} revision\))?(,? Articles? [\d(), and]+)?/gi,
    'the applicable laws and administrative regulations',
  ],
  // Purposes and recipients as the privacy policy words them.
  [/反洗钱名单筛查/g, '名单筛查'],
  [/anti-money-laundering list screening/gi, 'list screening'],
  [/（反洗钱持续尽职调查）/g, ''],
  [/ ?\(ongoing anti-money-laundering due diligence\)/gi, ''],
  [/客户尽职调查/g, '客户身份识别'],
  [/customer due diligence/gi, 'customer identification'],
  [/防范和调查欺诈/g, '防范欺诈'],
  [/防范、发现和调查欺诈/g, '防范和发现欺诈'],
  [/fraud prevention and investigation/gi, 'fraud prevention'],
  [/prevent, detect and investigate fraud/gi, 'prevent and detect fraud'],
  [/[、，]?配合有权机关查询/g, ''],
  [/[，,]?并依法配合有权机关的查询/g, ''],
  [/(,|;)? ?(and )?we cooperate with lawful enquiries by competent authorities/gi, ''],
  [/,? ?(and )?answering (the )?competent authorities/gi, ''],
  [/,? ?(and )?(assisting|cooperating with) (the )?(competent )?authorities'? (enquiries|queries|inquiries)/gi, ''],
];

const TOKEN = /^[\w.:/?#=&%~+@-]*$/;
/** A rendered letter, line by line: known phrases rewritten, a line still naming one replaced by the neutral line. */
/**
 * `keep`: sentences every letter carries whatever the person's situation — the complaint channels of
 * policy/contacts.yaml ("…向网信、电信、公安及工商等监管部门进行投诉或举报", policy §8(2); PIPL art. 50). They name where
 * anyone may complain, nothing about the person, and leaving them out of one person's letter would itself stand out;
 * the rest of their line is still checked and rewritten as usual.
 */
export function neutralLines(text: string, lang: 'zh' | 'en', keep: readonly string[] = []): string {
  return text
    .split('\n')
    .map((line) => neutralLine(line, lang, keep))
    .join('\n');
}

function neutralLine(line: string, lang: 'zh' | 'en', keep: readonly string[]): string {
  if (!CONFIDENTIAL_TERMS.test(line)) return line;
  const kept = keep.find((s) => s.length > 0 && line.includes(s));
  if (!kept) return neutralText(line, lang);
  return line
    .split(kept)
    .map((part) => (part.trim() ? neutralLine(part, lang, keep) : part))
    .join(kept);
}

const NEUTRAL_ZH = '依照法律、行政法规的规定处理。';
const NEUTRAL_EN = 'Processed as laws and administrative regulations require.';

/** The known phrases rewritten (may still name something the rewrites do not know). */
export function rewriteConfidential(text: string): string {
  let out = text;
  for (const [re, by] of REWRITES) out = out.replace(re, by);
  return out;
}

/** One text as a person under a legal hold may read it. */
export function neutralText(text: string, lang: 'zh' | 'en' = /[\u4e00-\u9fff]/.test(text) ? 'zh' : 'en'): string {
  const out = rewriteConfidential(text);
  if (!CONFIDENTIAL_TERMS.test(out)) return out;
  return lang === 'zh' ? NEUTRAL_ZH : NEUTRAL_EN;
}

/** Every string in a letter's data, neutralised (keys and non-text values unchanged). */
export function neutralLetterData<T>(data: T): T {
  const walk = (v: unknown, key?: string): unknown => {
    // Identifiers, dates, codes and links (no space, no Chinese) are left alone: a link's secret is not prose.
    if (typeof v === 'string')
      return TOKEN.test(v) ? v : neutralText(v, key === 'en' ? 'en' : key === 'zh' ? 'zh' : undefined);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(data) as T;
}
