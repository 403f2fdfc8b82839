// The language to answer in: Chinese unless the mail is plainly written in English (a Chinese name inside an
// English mail keeps it English). Chinese letters always go out; English is added for English mail.
export type Language = 'zh' | 'en';

export function detectLanguage(text: string): Language {
  const cjk = text.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  // One Chinese character carries about as much as a short English word (~4 letters).
  if (latin >= 20 && cjk * 4 < latin / 2) return 'en';
  return cjk === 0 && latin > 0 ? 'en' : 'zh';
}
