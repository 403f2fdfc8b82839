// What no mail, letter, notice or page the person or a partner can read may say while an anti-money-laundering
// investigation is open (AML Law arts. 7, 35 ¶2, 54): the words, and the one search every confidentiality test uses.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * Words that name an investigation, a suspicious-transaction report, a criminal case, a freeze or the authorities
 * (issue 9 item 5's list and the brief's: 反洗钱 洗钱 调查 刑事 侦查 可疑 冻结 监管, and their English).
 */
const TIP_OFF =
  /反洗钱|洗钱|调查|刑事|侦查|可疑|冻结|监管|有权机关|司法机关|公安|money.?laundering|\bAML\b|investigat|suspicious|criminal|frozen|freez|law enforcement|regulator/i;

/**
 * The one sentence every letter carries by law (PIPL art. 50; policy §8(2)): where to complain — "网信、电信、公安及工商等
 * 监管部门". It names the regulators as a channel for the person, not anything about her; it is taken out before the
 * search, exactly as policy/contacts.yaml words it (an altered sentence is searched like everything else).
 */
export const complaints: { zh: string; en: string } = parse(
  readFileSync(new URL('../../policy/contacts.yaml', import.meta.url), 'utf8'),
).complaints;
const STANDARD: string[] = [complaints.zh, complaints.en];

/** The words around the first hit, or null: what the failure prints. */
export function tipOff(raw: string): string | null {
  let text = raw;
  for (const s of STANDARD) text = text.split(s).join('');
  const hit = TIP_OFF.exec(text);
  return hit ? `…${text.slice(Math.max(0, hit.index - 80), hit.index + 40)}…` : null;
}
