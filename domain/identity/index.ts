// Identifiers of a person: parse and validate, mask, redact, hash (docs/design.md §2 Identity).
export { luhnCheckDigit, luhnValid, normalizeBankCard, parseBankCard } from './bank-card.ts';
export { parseEmail } from './email.ts';
export { maskBankCard, maskEmail, maskIdNumber, maskName, maskPhone } from './mask.ts';
export { normalizePhone, parsePhone, toE164 } from './phone.ts';
export { maskNames, redact, redactText } from './redact.ts';
export {
  ageAt,
  isUnder14,
  normalizeResidentId,
  type ParseResult,
  parseResidentId,
  type ResidentId,
  residentIdCheckChar,
} from './resident-id.ts';
export { isRealDate, shanghaiDate } from './shanghai-date.ts';
export { type SubjectIdentifiers, subjectHash } from './subject-hash.ts';
