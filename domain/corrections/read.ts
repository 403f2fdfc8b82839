// What a person asks to correct, read from their own words (the request's `correction` text): a proposal for staff,
// never applied unchecked. Only values that have a recognisable shape or a named field are proposed; anything else
// is left for staff to read (an empty list means: read the words).
import { parseEmail, parsePhone } from '../identity/index.ts';
import type { CorrectableField, CorrectionChange } from './fields.ts';

// "改为 / 改成 / 更正为 / 更新为 / 变更为 / 换成 / 修改为 / 应为 / change to / should be / is now": what follows is the new value.
const NEW_VALUE_MARK =
  /(?:改为|改成|更正为|更改为|更新为|变更为|修改为|换成|换为|应为|应该是|现为|现在是|changed? to|updated? to|should be|is now|new (?:number|address|email) is)\s*[:：]?\s*/giu;
// Not inside a longer run of digits (an ID or card number holds 11-digit runs that look like mobiles).
const PHONE = /(?<![\d+])(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/gu;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/gu;
// Fields named in words, whose value is free text up to the end of the clause.
const NAMED: { field: CorrectableField; words: RegExp }[] = [
  { field: 'address', words: /(?:住址|地址|居住地|address)/iu },
  { field: 'occupation', words: /(?:职业|工作单位|occupation|job)/iu },
  { field: 'name', words: /(?:姓名|名字|name)/iu },
];
const CLAUSE_END = /[。；;,，！!\n]|\.(?:\s|$)|$/u;

function valid(field: CorrectableField, raw: string): string | undefined {
  if (field === 'phone') {
    const p = parsePhone(raw);
    return p.ok ? p.value : undefined;
  }
  if (field === 'email') {
    const e = parseEmail(raw);
    return e.ok ? e.value : undefined;
  }
  const v = raw.trim();
  return v.length >= 2 && v.length <= 200 ? v : undefined;
}

/** The new values the words mark as new ("改为…"), at most one per field (the first one wins). */
export function readMarkedCorrections(text: string): CorrectionChange[] {
  return [...marked(text)].map(([field, value]) => ({ field, value }));
}

/** The new values the words give: those marked as new, else a single phone or email named without such words. */
export function readCorrections(text: string): CorrectionChange[] {
  const found = marked(text);
  const add = (field: CorrectableField, raw: string) => {
    const value = valid(field, raw);
    if (value && !found.has(field)) found.set(field, value);
  };
  // No "change to" wording: a single phone or email in the words is the value meant ("我的手机号是 139…").
  if (found.size === 0) {
    const phones = [...new Set([...text.matchAll(PHONE)].map((m) => m[0]))];
    const emails = [...new Set([...text.matchAll(EMAIL)].map((m) => m[0]))];
    if (phones.length === 1 && phones[0]) add('phone', phones[0]);
    if (emails.length === 1 && emails[0]) add('email', emails[0]);
  }
  return [...found].map(([field, value]) => ({ field, value }));
}

function marked(text: string): Map<CorrectableField, string> {
  const found = new Map<CorrectableField, string>();
  const add = (field: CorrectableField, raw: string) => {
    const value = valid(field, raw);
    if (value && !found.has(field)) found.set(field, value);
  };
  for (const m of text.matchAll(NEW_VALUE_MARK)) {
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    const after = text.slice(m.index + m[0].length);
    const clause = after.slice(0, after.search(CLAUSE_END));
    const phone = /^\s*((?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4})(?!\d)/u.exec(clause)?.[1];
    const email = /^\s*([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/u.exec(clause)?.[1];
    if (phone) add('phone', phone);
    else if (email) add('email', email);
    else {
      // The field named just before the mark ("住址改为…"): the clause after it is the new value.
      const named = NAMED.filter((n) => n.words.test(before)).at(-1);
      if (named) add(named.field, clause);
    }
  }
  return found;
}
