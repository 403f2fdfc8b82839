// Names in a mail: the writer's ("我叫…", "姓名：…", "My name is…", a closing signature), a child's in a guardian's
// mail ("孩子叫…", "我是…的母亲"), a deceased relative's ("我父亲刘长河已于…去世"). Patterns run on the normalised
// text; the name is sliced from the original at the same place, so a Big5 mail's 陳大文 stays 陳大文 (normalisation
// keeps every index). Hand-written because no maintained npm package extracts Chinese names from free text; the
// surname list keeps phrases from being taken for names.

import { normalizeText } from './text.ts';

export interface NamePattern {
  re: RegExp;
  /** The match must start with a common surname ("本人在贵司…", "本人身份证号…" are not names). */
  surname?: boolean;
}

const CJK_NAME = '[\\u4e00-\\u9fa5·]{2,5}?';
// What may follow a Chinese name: punctuation or the next phrase.
const NAME_END =
  '(?=[,.;:()\\s。、]|$|请|要|想|身份|手机|电话|申请|希望|特此|现在|现|因|需要|的|是|在|于|已|先生|女士|同学|用户|联系|,|，|我|今年|出生|证件|银行|卡|号|生前|去世|过世|逝世|病逝|离世|上个月|上月|去年|前年|日前|近日|不久前)';

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧' +
  '阎傅闵麦关温柳庞樊兰殷施洪翟安颜倪牛季俞章鲁葛伍申尤毕聂焦柴卜祝管阮宁易詹蓝符骆佟齐池谷凌单路岳左耿古甘包辛苗梅霍虞晏艾邬华房米冉景楚卓屈司上诸东皇慕令宇尉' +
  '陳劉黃楊趙吳孫鄭馬張許鄧蕭謝羅葉蘇盧魏鍾譚陸錢嚴龔萬賀顧戴';

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
  '万分感谢',
  '期待回复',
  '静候回复',
  '祝商祺',
  '敬上',
  '上官',
  'Customer',
  'Service',
  'Thanks',
  'Regards',
  'Best',
  'Cheers',
]);

const ZH_WRITER: NamePattern[] = [
  {
    re: new RegExp(
      `(?:姓名|名字|真实姓名|持卡人|用户名称|联系人|申请人)\\s*(?:[:：]|是|为)\\s*(${CJK_NAME})${NAME_END}`,
    ),
  },
  { re: new RegExp(`(?:我叫|我的名字是|我名叫|本人叫|本人名叫)\\s*(${CJK_NAME})${NAME_END}`) },
  { re: new RegExp(`(?:本人是|本人)\\s*(${CJK_NAME})${NAME_END}`), surname: true },
  { re: new RegExp(`(?:^|[,.\\n\\s])我是\\s*(${CJK_NAME})(?=[,.，。\\s]|$)`), surname: true },
];

// A guardian naming themself: "我是孩子的母亲陈监护", "作为他的父亲王大明".
const ZH_GUARDIAN_SELF: NamePattern[] = [
  {
    re: new RegExp(`(?:母亲|父亲|妈妈|爸爸|监护人|家长|爷爷|奶奶|外公|外婆)\\s*[,，]?\\s*(${CJK_NAME})${NAME_END}`),
    surname: true,
  },
];

// A guardian's mail names the child: "孩子叫王小明", "我儿子李小宝", "我是陈小测的母亲".
const ZH_CHILD: NamePattern[] = [
  {
    re: new RegExp(
      `(?:孩子|小孩|儿子|女儿|孙子|孙女)(?:的)?(?:叫|名叫|名字叫|名字是|姓名是|姓名\\s*[:：])\\s*(${CJK_NAME})${NAME_END}`,
    ),
  },
  { re: new RegExp(`(?:我的|我)(?:儿子|女儿|孩子)\\s*(${CJK_NAME})(?=[,，(（])`), surname: true },
  {
    re: new RegExp(`(?:我是|本人是)\\s*(${CJK_NAME})的(?:母亲|父亲|妈妈|爸爸|监护人|家长|爷爷|奶奶|外公|外婆)`),
    surname: true,
  },
];

/** Close relatives of Civil Code art. 1045, as a writer names the deceased ("我父亲", "我的母亲", "家父"). */
export const ZH_RELATIVE_WORDS =
  '父亲|母亲|爸爸|妈妈|丈夫|妻子|老公|老婆|爱人|配偶|儿子|女儿|哥哥|姐姐|弟弟|妹妹|爷爷|奶奶|外公|外婆|祖父|祖母|外祖父|外祖母|孙子|孙女|外孙|外孙女|家父|家母|先父|先母|亡父|亡母|亡夫|亡妻';

// The deceased named: "我父亲刘长河（身份证号…）已于…去世", "家母王秀英生前…", "刘长河是我的父亲".
const ZH_DECEASED: NamePattern[] = [
  {
    re: new RegExp(
      // Not the writer's own "我是他的妻子林慧".
      `(?<!(?:我是|本人是|作为)[^,，。.]{0,6})(?:我的|我|本人的|本人)?(?:已故的?|过世的?|去世的?|已去世的)?(?:${ZH_RELATIVE_WORDS})\\s*[,，]?\\s*(${CJK_NAME})${NAME_END}`,
    ),
    surname: true,
  },
  { re: new RegExp(`(?:逝者|死者|故人|已故用户)(?:姓名)?\\s*[:：]?\\s*(${CJK_NAME})${NAME_END}`), surname: true },
  { re: new RegExp(`(${CJK_NAME})(?:是|系)我的?(?:${ZH_RELATIVE_WORDS})`), surname: true },
];

const EN_NAME = "([A-Z][a-zA-Z'-]+(?: [A-Z][a-zA-Z'-]+){0,3})";
const EN_CLOSING =
  '(?:Regards|Best regards|Kind regards|Warm regards|Many thanks|Thanks|Thank you|Sincerely|Yours sincerely|Yours faithfully|Yours truly|Best wishes|Best|Cheers)';
const EN_WRITER: NamePattern[] = [
  { re: new RegExp(`\\b(?:[Mm]y name is|[Ff]ull name(?: is)?:?|[Nn]ame:|I am called)\\s+${EN_NAME}`) },
];
const EN_CHILD: NamePattern[] = [
  { re: new RegExp(`\\b[Mm]y (?:son|daughter|child),?\\s+${EN_NAME}\\b`) },
  { re: new RegExp(`\\b(?:son|daughter|child)(?:'s name is| is called| named)\\s+${EN_NAME}\\b`) },
];
const EN_RELATIVES =
  'father|mother|dad|mum|mom|husband|wife|spouse|son|daughter|brother|sister|grandfather|grandmother';
const EN_DECEASED: NamePattern[] = [
  { re: new RegExp(`\\b[Mm]y (?:late )?(?:${EN_RELATIVES}),?\\s+${EN_NAME}\\b`) },
  { re: new RegExp(`\\b(?:the late|deceased(?: customer)?:?)\\s+${EN_NAME}\\b`) },
];

const EN_STOP = /^(?:I|The|This|My|Please|Dear|Hello|Hi|Thanks|Thank|Regards|Best|Kind|Sincerely|Yours|Sent|Get)\b/;

function isName(candidate: string, pattern: NamePattern): boolean {
  const c = candidate.trim();
  if (!c || NOT_NAMES.has(c) || /^(的|请|我|他|她|其|已)/.test(c)) return false;
  if (pattern.surname && !SURNAMES.includes(c[0]!)) return false;
  return !EN_STOP.test(c);
}

function firstMatch(text: string, original: string, patterns: NamePattern[]): string | undefined {
  for (const pattern of patterns) {
    const re = new RegExp(pattern.re.source, `${pattern.re.flags.replace('g', '')}dg`);
    for (const m of text.matchAll(re)) {
      const span = m.indices?.[1];
      if (!m[1] || !span) continue;
      if (!isName(m[1], pattern)) continue;
      const name = (original.length === text.length ? original.slice(span[0], span[1]) : m[1]).trim();
      if (name) return name;
    }
  }
  return undefined;
}

// Lines a mail may end with after the signature: dates, phones, "Sent from my iPhone", separators.
const TRAILER =
  /^(?:\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?|(?:电话|手机|Tel|Phone|Mobile)?\s*[:：]?\s*[+\d][\d\s-]{6,}|发自我的.*|Sent from .*|Get Outlook.*|-{2,}\s*|—+\s*|_+\s*|此致|敬礼|此致敬礼|谢谢|谢谢！|感谢)$/i;

const ZH_SIGNATURE =
  /^(?:[-—–]+\s*)?(?:用户|客户|申请人|您的用户)?\s*[:：]?\s*([\u4e00-\u9fa5]{2,4})\s*(?:敬上|上|拜上|谨上)?\s*$/;
const EN_SIGNATURE_LINE =
  /^(?:[-—–]+\s*)?(?:Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss)?\s*([A-Z][a-zA-Z'-]+(?: [A-Z][a-zA-Z'-]+){1,3})\s*$/;
const EN_CLOSING_INLINE = new RegExp(`^${EN_CLOSING}[,!.]?\\s+${EN_NAME}\\s*$`);
const EN_CLOSING_ALONE = new RegExp(`^${EN_CLOSING}[,!.]?\\s*$`);

/**
 * The name a mail is signed with: the last meaningful lines (after dates, phones and "Sent from…"), a bare Chinese
 * name ("张敏", "—— 张敏", "张敏 敬上"), or an English closing with a full name ("Kind regards, David Wu" or the name on
 * the line after the closing). A bare English name counts only after a closing word.
 */
export function signatureName(text: string, original: string = text): string | undefined {
  const sameLength = original.length === text.length;
  const lines: { text: string; start: number }[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    lines.push({ text: line, start: at });
    at += line.length + 1;
  }
  const slice = (line: { text: string; start: number }, value: string) => {
    if (!sameLength) return value;
    const offset = line.text.indexOf(value);
    return original.slice(line.start + offset, line.start + offset + value.length);
  };
  let seen = 0;
  for (let i = lines.length - 1; i >= 0 && seen < 4; i--) {
    const line = lines[i]!;
    const t = line.text.trim();
    if (!t) continue;
    if (TRAILER.test(t)) continue;
    seen++;
    const zh = ZH_SIGNATURE.exec(t)?.[1];
    if (zh && SURNAMES.includes(zh[0]!) && !NOT_NAMES.has(zh)) return slice(line, zh);
    const inline = EN_CLOSING_INLINE.exec(t)?.[1];
    if (inline && !NOT_NAMES.has(inline)) return slice(line, inline);
    const en = EN_SIGNATURE_LINE.exec(t)?.[1];
    if (en && !NOT_NAMES.has(en)) {
      // Only under a closing word: "Please delete it" on a line of its own is not a name.
      const prev = lines
        .slice(0, i)
        .reverse()
        .find((l) => l.text.trim());
      if (prev && EN_CLOSING_ALONE.test(prev.text.trim())) return slice(line, en);
    }
    // The last meaningful line is text, not a signature: stop looking.
    if (seen >= 1 && !EN_CLOSING_ALONE.test(t)) return undefined;
  }
  return undefined;
}

/** The writer's own name: a "我叫/姓名" or "My name is" phrase, else the signature. */
export function writerName(text: string, original: string = text): string | undefined {
  return (
    firstMatch(text, original, ZH_WRITER) ?? firstMatch(text, original, EN_WRITER) ?? signatureName(text, original)
  );
}

/** A guardian's own name as they introduce themself ("我是孩子的母亲陈监护"), else their writer name. */
export function guardianName(text: string, original: string = text): string | undefined {
  return firstMatch(text, original, ZH_GUARDIAN_SELF) ?? writerName(text, original);
}

/** The child a guardian writes for. */
export function childName(text: string, original: string = text): string | undefined {
  return firstMatch(text, original, ZH_CHILD) ?? firstMatch(text, original, EN_CHILD);
}

// A relative naming themself: "我是她的女儿李娜", "作为死者的妻子王芳".
const ZH_RELATIVE_SELF: NamePattern[] = [
  {
    re: new RegExp(
      `(?:我是|本人是|作为)(?:他|她|其|死者|逝者|[\u4e00-\u9fa5]{2,4})?的?(?:${ZH_RELATIVE_WORDS})s*[,，]?s*(${CJK_NAME})${NAME_END}`,
    ),
    surname: true,
  },
];

/** A relative's own name as they introduce themself, else their writer name. */
export function relativeName(text: string, original: string = text): string | undefined {
  return firstMatch(text, original, ZH_RELATIVE_SELF) ?? writerName(text, original);
}

/** The deceased person a relative writes about. */
export function deceasedName(text: string, original: string = text): string | undefined {
  return firstMatch(text, original, ZH_DECEASED) ?? firstMatch(text, original, EN_DECEASED);
}

/** Every name the patterns find in a text (writer, signature, child, deceased), for masking free text. */
export function namesIn(text: string): string[] {
  const n = normalizeText(text);
  const found = [writerName, guardianName, childName, deceasedName, relativeName].map((f) => f(n, text));
  return [...new Set(found.filter((x): x is string => !!x))];
}
