// Portability to another processor (PIPL art. 45 ¶3; 网络数据安全管理条例 art. 25): the receiving company the person
// names and the contact they give for it, read from their words. Only a proposal: the privacy officer confirms the
// receiving endpoint before anything is sent (a name in a mail proves nothing about who controls an address).

export interface NamedReceiver {
  /** The company as written ("某某支付有限公司", "NewPay"); null when only a contact was given. */
  name: string | null;
  /** A contact address given for it, when one is. */
  email: string | null;
}

const ZH_VERB = /(转移|迁移|传输|转交|传|发送|提供|交)(给|至|到)/;
const ZH_COMPANY = /([\u4e00-\u9fa5A-Za-z0-9]{2,30}?(?:股份有限公司|有限责任公司|有限公司|银行|公司))/;
const EN_VERB = /\b(?:transfer|port|transmit|move|send|give)\b[^.]{0,60}?\b(?:directly )?to\s+/i;
const EN_NAME = /^([A-Z][A-Za-z0-9&.'-]*(?:\s+[A-Z][A-Za-z0-9&.'-]*){0,4})/;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
// Ourselves, and words that are not a company ("me", "my new bank").
const NOT_A_RECEIVER = /连连|lianlian|^(?:Me|Us|You|Your|The|A|An|My)$/i;

function zhReceiver(text: string): string | null {
  const verb = ZH_VERB.exec(text);
  if (!verb) return null;
  const after = text.slice(verb.index + verb[0].length, verb.index + verb[0].length + 80);
  const m = ZH_COMPANY.exec(after);
  const name = m?.[1]?.replace(/^(另一家|其他|新的|另外一家)/, '') ?? null;
  return name && !NOT_A_RECEIVER.test(name) ? name : null;
}

function enReceiver(text: string): string | null {
  const verb = EN_VERB.exec(text);
  if (!verb) return null;
  const m = EN_NAME.exec(text.slice(verb.index + verb[0].length));
  const name = m?.[1]?.trim() ?? null;
  return name && !NOT_A_RECEIVER.test(name) ? name : null;
}

/** The receiving company the text names and a contact given for it; null when it names neither. */
export function namedReceiver(text: string | undefined): NamedReceiver | null {
  if (!text) return null;
  const name = zhReceiver(text) ?? enReceiver(text);
  const verb = ZH_VERB.exec(text) ?? EN_VERB.exec(text);
  // A contact after the transfer words (the sender's own address in a signature comes before or is not a receiver's).
  const email = verb ? (EMAIL.exec(text.slice(verb.index))?.[0] ?? null) : null;
  if (!name && !email) return null;
  return { name, email };
}
