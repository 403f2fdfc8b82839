// Text preparation for the rules: a normalised copy of the same length as the original (so that a match found in
// the normalised text can be sliced from the original), and the part of a mail the sender actually wrote.

// Traditional → simplified for the characters the rules look at (Big5 mail from Hong Kong/Taiwan). 1:1, so
// indices are preserved; not a general converter.
const TRAD =
  '刪個資訊號碼權銷綁轉單關閉處訂閱複製導載請謝說釋據數戶賬帳護監兒長親機電話證為們於時發營廣簡錯誤補傳輸遷張陳劉黃楊趙吳孫鄭馬東與對這裡讓價費務門問題條應該會當過還沒從將並須絕無須經給麼麼紀錄記聯繫郵箱託銀開結歲齡';
const SIMP =
  '删个资讯号码权销绑转单关闭处订阅复制导载请谢说释据数户账帐护监儿长亲机电话证为们于时发营广简错误补传输迁张陈刘黄杨赵吴孙郑马东与对这里让价费务门问题条应该会当过还没从将并须绝无须经给么么纪录记联系邮箱托银开结岁龄';
const TRAD_MAP = new Map<string, string>();
for (let i = 0; i < TRAD.length; i++) TRAD_MAP.set(TRAD[i]!, SIMP[i]!);

/**
 * Same-length normalisation: full-width ASCII → ASCII (，：（）１２３ → ,:()123), ideographic space → space,
 * traditional → simplified for the rule vocabulary, NUL and other C0 controls (except tab/newline) → space.
 */
export function normalizeText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else if (code < 0x20 && ch !== '\n' && ch !== '\t') out += ' ';
    else if (code > 0xffff)
      out += ch; // surrogate pair stays two UTF-16 units: same length
    else out += TRAD_MAP.get(ch) ?? ch;
  }
  return out;
}

// Where the quoted original starts in replies (QQ, 163/126, Outlook, Gmail, Apple Mail) and where company
// disclaimers start (they say "please delete this email", which is not a rights request).
const CUT_MARKERS: RegExp[] = [
  /^-{2,}\s*(原始邮件|原始郵件|Original Message|Forwarded message|转发邮件)\s*-{2,}/im,
  /^\s*-{5,}\s*$/m,
  /^(发件人|發件人|From)\s*[:：].*\n.*(发送时间|日期|Sent|Date)\s*[:：]/im,
  /^在\s?\d{4}[-/年].{0,60}(写道|寫道)[:：]?\s*$/m,
  /^On .{4,120}wrote:\s*$/m,
  /^.{0,40}\d{4}[-/年].{0,40}(写道|wrote)[:：]\s*$/m,
  /^(本邮件|本郵件|此邮件|该邮件).{0,30}(保密|机密|仅供)/m,
  /^(This (e-?mail|message)|CONFIDENTIALITY|DISCLAIMER).{0,60}(confidential|intended)/im,
];

/** The new text of a mail: quoted original, '>' lines and legal disclaimers removed. */
export function authoredPart(text: string): string {
  let cut = text.length;
  for (const marker of CUT_MARKERS) {
    const m = marker.exec(text);
    if (m && m.index < cut && m.index > 0) cut = m.index;
  }
  return text
    .slice(0, cut)
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('>'))
    .join('\n');
}

export interface Sentence {
  text: string;
  start: number;
}

/** Sentences (split at 。！？!?; and line breaks, and at '.' followed by a space). */
export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const re = /[^。！？!?;；\n]+|[。！？!?;；\n]+/g;
  let m: RegExpExecArray | null = re.exec(text);
  while (m) {
    if (!/^[。！？!?;；\n]+$/.test(m[0])) {
      // English sentences end with ". "; split there too.
      let offset = 0;
      for (const part of m[0].split(/(?<=\.)\s+(?=[A-Z])/)) {
        const at = m[0].indexOf(part, offset);
        if (part.trim()) out.push({ text: part, start: m.index + at });
        offset = at + part.length;
      }
    }
    m = re.exec(text);
  }
  return out;
}
