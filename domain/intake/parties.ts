// Who is asking, and about whom: the person themself, a guardian for a child (PIPL art. 31), or a close relative of a
// deceased person (PIPL art. 49). In the two last cases a mail carries two people's identifiers; each ID number or
// phone is given to the one the words before it point to ("孩子…身份证号", "我的手机", "我父亲刘长河（身份证号…）"),
// and for a guardian an ID number of someone under 18 is the child's whoever the words point to.
import { ZH_RELATIVE_WORDS } from './names.ts';

export type RequesterKind = 'self' | 'guardian' | 'relative_of_deceased';

/** The requester's relation to the subject: a guardian, or a close relative of Civil Code art. 1045. */
export type Relation = 'guardian' | 'parent' | 'child' | 'spouse' | 'sibling' | 'grandparent' | 'grandchild';

export interface Parties {
  type: RequesterKind;
  relation?: Relation;
}

const GUARDIAN =
  /(我是|本人是|作为)(孩子|小孩|儿子|女儿|未成年人|其|他|她|孙子|孙女|[\u4e00-\u9fa5]{2,4})?的?(家长|监护人|父亲|母亲|妈妈|爸爸|法定监护人|爷爷|奶奶|外公|外婆)|代(我的)?(孩子|儿子|女儿|小孩)|(替|为)(我的)?(孩子|儿子|女儿|小孩)(申请|办理)|未成年(子女|的孩子)|(孩子|儿子|女儿|孙子|孙女)(还|尚)?未成年|(孩子|儿子|女儿|孙子|孙女|外孙|外孙女)(今年|才|只有|刚)?(满)?\d{1,2}(周)?岁|\bon behalf of my (son|daughter|child|kid)\b|\bI am (the|his|her|my child's) (parent|legal guardian|guardian|father|mother)\b|\bas (his|her|the child's|my child's) (parent|guardian|mother|father|mum|mom|dad)\b|\bmy (son|daughter|child) is (only |just )?\d{1,2}\b/i;

const DECEASED_ZH =
  /已故|过世|去世|逝世|病逝|离世|身故|亡故|辞世|死亡证明|死亡|遗属|生前|先父|先母|亡父|亡母|亡夫|亡妻/;
const DECEASED_EN =
  /\b(passed away|has died|died|deceased|death certificate|my late (father|mother|husband|wife|son|daughter|brother|sister))\b/i;
const RELATIVE_ZH = new RegExp(ZH_RELATIVE_WORDS);
const RELATIVE_EN =
  /\bmy (late )?(father|mother|dad|mum|mom|husband|wife|spouse|son|daughter|brother|sister|grandfather|grandmother)\b/i;

/** The deceased's relation to the writer → the writer's relation to the deceased. */
const INVERSE: [RegExp, Relation][] = [
  [/父亲|母亲|爸爸|妈妈|家父|家母|先父|先母|亡父|亡母|\b(father|mother|dad|mum|mom)\b/i, 'child'],
  [/丈夫|妻子|老公|老婆|爱人|配偶|亡夫|亡妻|\b(husband|wife|spouse)\b/i, 'spouse'],
  [/外孙女|外孙|孙子|孙女|\b(grandson|granddaughter)\b/i, 'grandparent'],
  [/儿子|女儿|\b(son|daughter)\b/i, 'parent'],
  [/哥哥|姐姐|弟弟|妹妹|\b(brother|sister)\b/i, 'sibling'],
  [/爷爷|奶奶|外公|外婆|祖父|祖母|外祖父|外祖母|\b(grandfather|grandmother)\b/i, 'grandchild'],
];
/** The writer's own words for themself ("我是他的儿子", "I am her husband"). */
const STATED: [RegExp, Relation][] = [
  [/(我是|本人是|作为)(他|她|其|死者|逝者)?的?(儿子|女儿)|\bI am (his|her) (son|daughter)\b/i, 'child'],
  [
    /(我是|本人是|作为)(他|她|其|死者|逝者)?的?(妻子|丈夫|老婆|老公|爱人|配偶)|\bI am (his|her) (wife|husband|spouse)\b/i,
    'spouse',
  ],
  [/(我是|本人是|作为)(他|她|其|死者|逝者)?的?(父亲|母亲|爸爸|妈妈)|\bI am (his|her) (father|mother)\b/i, 'parent'],
  [/(我是|本人是|作为)(他|她|其|死者|逝者)?的?(哥哥|姐姐|弟弟|妹妹)|\bI am (his|her) (brother|sister)\b/i, 'sibling'],
  [
    /(我是|本人是|作为)(他|她|其|死者|逝者)?的?(孙子|孙女|外孙|外孙女)|\bI am (his|her) (grandson|granddaughter)\b/i,
    'grandchild',
  ],
];

function deceasedRelation(text: string): Relation | undefined {
  for (const [re, relation] of STATED) if (re.test(text)) return relation;
  const mine =
    /(?:我的?|本人的?|家|先|亡)(?:已故的?|过世的?|去世的?)?((?:外祖|祖)?(?:父亲|母亲)|爸爸|妈妈|丈夫|妻子|老公|老婆|爱人|配偶|儿子|女儿|哥哥|姐姐|弟弟|妹妹|爷爷|奶奶|外公|外婆|孙子|孙女|外孙女?|父|母|夫|妻)/.exec(
      text,
    )?.[0];
  const en = RELATIVE_EN.exec(text)?.[0];
  const said = mine ?? en;
  if (!said) return undefined;
  for (const [re, relation] of INVERSE) if (re.test(said)) return relation;
  return undefined;
}

function guardianRelation(text: string): Relation {
  if (/(爷爷|奶奶|外公|外婆|祖父|祖母)|\bgrand(father|mother|parent)\b/i.test(text)) return 'grandparent';
  if (
    /(父亲|母亲|妈妈|爸爸|家长|我的?(儿子|女儿))|\b(mother|father|mum|mom|dad|parent|my (son|daughter))\b/i.test(text)
  )
    return 'parent';
  return 'guardian';
}

/**
 * Whether the writer asks for themself, as a guardian, or as a relative of a deceased person. A death named next to a
 * close relative wins over guardianship: a parent asking about a deceased child asks under art. 49.
 */
export function whoIsAsking(text: string): Parties {
  const deceased =
    (DECEASED_ZH.test(text) && RELATIVE_ZH.test(text)) ||
    (DECEASED_EN.test(text) && (RELATIVE_EN.test(text) || /\b(his|her)\b/i.test(text)));
  if (deceased) {
    const relation = deceasedRelation(text);
    return relation ? { type: 'relative_of_deceased', relation } : { type: 'relative_of_deceased' };
  }
  if (GUARDIAN.test(text)) return { type: 'guardian', relation: guardianRelation(text) };
  return { type: 'self' };
}

export type Role = 'subject' | 'requester' | 'unknown';

// Anchors in the words before an identifier. A writer naming themself ("我是孩子的母亲", "我是他的儿子") is one unit,
// so the relation word inside it points to the writer, not to the other person.
const SELF_UNIT =
  /(我是|本人是|作为)[^,.，。;；\n]{0,8}?的?(母亲|父亲|妈妈|爸爸|监护人|家长|爷爷|奶奶|外公|外婆|儿子|女儿|妻子|丈夫|老婆|老公|爱人|配偶|哥哥|姐姐|弟弟|妹妹|孙子|孙女)|我的|本人的?|我自己的?|我|\bmy own\b|\bmy\b|\bI\b/gi;
const GUARDIAN_SELF = /母亲|父亲|妈妈|爸爸|监护人|家长|\b(mother|father|parent|guardian)\b/gi;
const CHILD_ANCHOR = /孩子|小孩|儿子|女儿|孙子|孙女|宝宝|小朋友|他|她|其|\b(child|son|daughter|kid|his|her)\b/gi;
const DECEASED_ANCHOR = new RegExp(
  `${ZH_RELATIVE_WORDS}|逝者|死者|他|她|其|生前|\\b(father|mother|dad|mum|mom|husband|wife|son|daughter|brother|sister|his|her|late)\\b`,
  'gi',
);

function lastEnd(re: RegExp, text: string): number {
  let end = -1;
  for (const m of text.matchAll(re)) end = Math.max(end, (m.index ?? 0) + m[0].length);
  return end;
}

/** Whom the words just before `index` point to (same sentence, at most 40 characters back). */
export function roleAt(text: string, index: number, kind: RequesterKind): Role {
  if (kind === 'self') return 'subject';
  const before = text.slice(Math.max(0, index - 40), index);
  const clause = before.slice(
    Math.max(before.lastIndexOf('。'), before.lastIndexOf('\n'), before.lastIndexOf('!'), before.lastIndexOf('?')) + 1,
  );
  const self = Math.max(lastEnd(SELF_UNIT, clause), kind === 'guardian' ? lastEnd(GUARDIAN_SELF, clause) : -1);
  const other = lastEnd(kind === 'guardian' ? CHILD_ANCHOR : DECEASED_ANCHOR, clause);
  if (self < 0 && other < 0) return 'unknown';
  // A tie is a self-unit ending on its relation word ("我是他的儿子"): the writer.
  return other > self ? 'subject' : 'requester';
}
