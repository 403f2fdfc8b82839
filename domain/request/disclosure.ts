// What an answer may say about the person, by how strongly their identity was verified (issue 13 item 2; legal
// review H2). Only a `strong` verification — a code to contact details on file, the hotline check of four
// identifiers, or documents — lets a letter reveal whether the person is a customer or what is held. Below that the
// answer is general: an opt-out is acted on without saying whether anything was found, and an explanation gives the
// processing rules that apply to everyone. Anyone can claim another person's identifiers (PIPL art. 51; 非银行支付机构
// 监督管理条例 art. 32: 严格保密).
import type { Right, VerificationLevel } from './model.ts';

export type Disclosure = 'person_specific' | 'general';

export function disclosureFor(level: VerificationLevel): Disclosure {
  return level === 'strong' ? 'person_specific' : 'general';
}

/** Rights answered in general terms below `strong`; every other right then waits for, or is refused, verification. */
export const GENERAL_ANSWER_RIGHTS: ReadonlySet<Right> = new Set(['withdraw_consent', 'explain']);
