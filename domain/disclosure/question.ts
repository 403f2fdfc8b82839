// Whether a person asked a specific question (an explanation request then goes to the privacy officer, whose answer
// goes into the letter, PIPL art. 48). A plain "please explain your processing rules" is answered from the rules.

const QUESTION_MARK = /[?？]/;
// Interrogatives of written Chinese and English question openers.
const INTERROGATIVE =
  /为什么|为何|凭什么|怎么|怎样|如何|是否|能否|可否|有没有|哪些|哪家|哪个|哪里|什么|多久|多长|多少|谁|吗|\b(why|how|what|which|who|whom|when|where|whether)\b/i;

export function askedQuestion(text: string | undefined): boolean {
  if (!text) return false;
  return QUESTION_MARK.test(text) || INTERROGATIVE.test(text);
}

/** The sentences of the text that ask something, in order (for the officer's task; at most `max` characters). */
export function questionsIn(text: string | undefined, max = 500): string[] {
  if (!text) return [];
  const sentences = text
    .split(/(?<=[。！？!?；;\n])/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
  const out: string[] = [];
  let used = 0;
  for (const x of sentences.filter((y) => askedQuestion(y))) {
    if (used + x.length > max) break;
    out.push(x);
    used += x.length;
  }
  return out;
}
