// Who the mail is about: name, resident ID (validated; an invalid one is kept as claimed-invalid), mobile,
// bank card tail, email, and whether a guardian writes for a child. Validation is domain/identity's.
import { parseBankCard, parseEmail, parsePhone, parseResidentId } from '../identity/index.ts';

interface NamePattern {
  re: RegExp;
  surname?: boolean;
}

const CJK_NAME = '[\\u4e00-\\u9fa5·]{2,5}?';
// What may follow a Chinese name: punctuation or the next phrase.
const NAME_END =
  '(?=[,.;:()\\s。、]|$|请|要|想|身份|手机|电话|申请|希望|特此|现在|现|因|需要|的|是|在|于|先生|女士|同学|用户|联系|,|，|我|今年|出生|证件|银行|卡|号)';
// `surname`: the match must start with a common surname ("本人在贵司…", "本人身份证号…" are not names).
const ZH_NAME_PATTERNS: NamePattern[] = [
  { re: new RegExp(`(?:姓名|名字|真实姓名|持卡人|用户名称|联系人)\\s*(?:[:：]|是|为)\\s*(${CJK_NAME})${NAME_END}`) },
  { re: new RegExp(`(?:我叫|我的名字是|我名叫|本人叫|本人名叫)\\s*(${CJK_NAME})${NAME_END}`) },
  { re: new RegExp(`(?:本人是|本人)\\s*(${CJK_NAME})${NAME_END}`), surname: true },
  { re: new RegExp(`(?:^|[,.\\n\\s])我是\\s*(${CJK_NAME})(?=[,.，。\\s]|$)`), surname: true },
];
// A signature: the last line is a bare name starting with a common surname.
const SIGNATURE = /\n\s*([\u4e00-\u9fa5]{2,4})\s*$/;
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧' +
  '阎傅闵麦关温柳庞樊兰殷施洪翟安颜倪牛季俞章鲁葛伍申尤毕聂焦柴卜祝管阮宁易詹蓝符骆佟齐池谷凌单路岳左耿古甘包辛苗梅霍虞晏艾邬华房米冉景楚卓屈司上诸东皇慕令宇尉';
// A guardian's mail names the child: "孩子叫王小明", "我儿子李小宝".
const ZH_CHILD_PATTERNS: NamePattern[] = [
  {
    re: new RegExp(
      `(?:孩子|小孩|儿子|女儿|孙子|孙女)(?:的)?(?:叫|名叫|名字叫|名字是|姓名是|姓名\\s*[:：])\\s*(${CJK_NAME})${NAME_END}`,
    ),
  },
  { re: new RegExp(`(?:我的|我)(?:儿子|女儿)\\s*(${CJK_NAME})(?=[,，(（])`), surname: true },
];
const EN_NAME = "([A-Z][a-zA-Z'-]+(?: [A-Z][a-zA-Z'-]+){0,3})";
const EN_NAME_PATTERNS: NamePattern[] = [
  { re: new RegExp(`\\b(?:[Mm]y name is|[Ff]ull name(?: is)?:?|[Nn]ame:|I am called)\\s+${EN_NAME}`) },
  {
    re: new RegExp(
      `(?:^|\\n)\\s*(?:Regards|Best regards|Kind regards|Thanks|Thank you|Sincerely|Yours sincerely|Yours faithfully|Best|Cheers),?\\s*\\n\\s*${EN_NAME}\\s*(?:\\n|$)`,
    ),
  },
];
function signatureName(text: string, original: string): string | undefined {
  const m = new RegExp(SIGNATURE.source, 'd').exec(text);
  const span = m?.indices?.[1];
  if (!m?.[1] || !span || !SURNAMES.includes(m[1][0]!) || NOT_NAMES.has(m[1])) return undefined;
  return original.length === text.length ? original.slice(span[0], span[1]) : m[1];
}
const EN_CHILD_PATTERNS: NamePattern[] = [{ re: new RegExp(`\\bmy (?:son|daughter|child),?\\s+${EN_NAME}\\b`) }];
const NOT_NAMES = new Set([
  '本人',
  '您好',
  '你好',
  '客服',
  '用户',
  '先生',
  '女士',
  '家长',
  '监护人',
  '孩子',
  '谢谢',
  '多谢',
  '感谢',
  '此致',
  '敬礼',
  '此致敬礼',
  '祝好',
  '顺祝商祺',
  '盼复',
  '急',
  '谢谢您',
  '麻烦了',
  '辛苦了',
  'Customer',
  'Service',
]);

// Patterns run on the normalised text; the name is sliced from the original at the same place, so a Big5 mail's
// 陳大文 stays 陳大文 (normalisation keeps every index).
function firstMatch(text: string, original: string, patterns: NamePattern[]): string | undefined {
  for (const pattern of patterns) {
    const re = new RegExp(pattern.re.source, `${pattern.re.flags}d`);
    const m = re.exec(text);
    const span = m?.indices?.[1];
    if (!m?.[1] || !span) continue;
    if (pattern.surname && !SURNAMES.includes(m[1][0]!)) continue;
    const name = (original.length === text.length ? original.slice(span[0], span[1]) : m[1]).trim();
    if (name && !NOT_NAMES.has(m[1].trim()) && !/^(的|请|我)/.test(m[1])) return name;
  }
  return undefined;
}

const GUARDIAN =
  /(我是|本人是|作为)(孩子|小孩|儿子|女儿|未成年人|其|他|她|孙子|孙女)?的?(家长|监护人|父亲|母亲|妈妈|爸爸|法定监护人)|代(我的)?(孩子|儿子|女儿|小孩)|(孩子|儿子|女儿)(今年|才)?\d{1,2}岁|\bon behalf of my (son|daughter|child|kid)\b|\bI am (the|his|her|my child's) (parent|legal guardian|guardian|father|mother)\b|\bas (his|her|the child's) (parent|guardian)\b|\bmy (son|daughter|child) is (only )?\d{1,2}\b/i;

export interface ExtractedSubject {
  name?: string;
  idNumber?: string;
  idNumberValid?: boolean;
  /** Birth date from a valid ID number (for the under-14 check). */
  birthDate?: string;
  phone?: string;
  email: string;
  bankCardLast4?: string;
}

export interface Extraction {
  subject: ExtractedSubject;
  /** The writer's own name when it differs from the subject's (a guardian). */
  requesterName?: string;
  guardian: boolean;
}

// ID numbers: a labelled value of any plausible length first, else any 18-character run not part of a longer one.
const ID_LABELLED = /(?:身份证|证件)(?:号码|号|编号)?\s*(?:是|为)?\s*[:：]?\s*([0-9Xx]{15,20})(?![0-9])/;
const ID_LABELLED_EN =
  /\b(?:ID|identity card|resident ID|ID card)(?: number| no\.?)?\s*(?:is|:)?\s*([0-9Xx]{15,20})(?![0-9])/i;
const ID_LOOSE = /(?<![0-9])([1-9][0-9]{16}[0-9Xx])(?![0-9A-Za-z])/;
const CARD_LABEL = /(?:卡号|银行卡号?|card(?: number| no\.?)?)\s*(?:是|为|is)?\s*[:：]?\s*([0-9][0-9 -]{10,24}[0-9])/i;
const CARD_TAIL =
  /(?:尾号|末四位|后四位|末尾|尾数)\s*(?:是|为)?\s*[:：]?\s*([0-9]{4})(?![0-9])|\b(?:ending(?: in| with)?|last (?:four|4) digits(?: are| is)?:?)\s*([0-9]{4})\b/i;
const PHONE = /(?<![0-9])((?:\+?86[\s-]?)?1[3-9][0-9](?:[\s-]?[0-9]{4}){2})(?![0-9])/g;
const EMAIL_LABELLED =
  /(?:邮箱|电子邮件|email|e-mail)\s*(?:地址)?\s*(?:是|为|is)?\s*[:：]?\s*([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/i;

/**
 * `text` is the normalised authored part, `original` the same text before normalisation (same length);
 * `fromAddress` is the sender (the fallback email, never proof of identity).
 */
export function extractSubject(text: string, fromAddress: string, now: Date, original: string = text): Extraction {
  const subject: ExtractedSubject = { email: fromAddress };

  const idRaw = (ID_LABELLED.exec(text) ?? ID_LABELLED_EN.exec(text) ?? ID_LOOSE.exec(text))?.[1];
  if (idRaw) {
    const id = parseResidentId(idRaw, now);
    subject.idNumber = id.ok ? id.value : idRaw.toUpperCase();
    subject.idNumberValid = id.ok;
    if (id.ok) subject.birthDate = id.birthDate;
  }

  const card = CARD_LABEL.exec(text)?.[1];
  const cardParsed = card ? parseBankCard(card) : undefined;
  if (cardParsed?.ok) subject.bankCardLast4 = cardParsed.last4;
  else {
    const tail = CARD_TAIL.exec(text);
    const last4 = tail?.[1] ?? tail?.[2];
    if (last4) subject.bankCardLast4 = last4;
  }

  for (const m of text.matchAll(PHONE)) {
    const phone = parsePhone(m[1]!);
    if (phone.ok) {
      subject.phone = phone.value;
      break;
    }
  }

  const stated = EMAIL_LABELLED.exec(text)?.[1];
  const email = stated ? parseEmail(stated) : undefined;
  if (email?.ok) subject.email = email.value;

  const guardian = GUARDIAN.test(text);
  const writer =
    firstMatch(text, original, ZH_NAME_PATTERNS) ??
    firstMatch(text, original, EN_NAME_PATTERNS) ??
    signatureName(text, original);
  const child = guardian
    ? (firstMatch(text, original, ZH_CHILD_PATTERNS) ?? firstMatch(text, original, EN_CHILD_PATTERNS))
    : undefined;
  const result: Extraction = { subject, guardian };
  if (child) {
    subject.name = child;
    if (writer && writer !== child) result.requesterName = writer;
  } else if (writer && !guardian) subject.name = writer;
  else if (writer) result.requesterName = writer;
  return result;
}
