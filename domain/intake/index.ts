// Email intake rules (docs/design.md §1, §2 Identity): classification, extraction, language, reply signals.
export {
  type AutomatedKind,
  type AutomatedVerdict,
  type AutomationHeaders,
  automatedMail,
  RETURNED_MESSAGE_TYPES,
  returnedMessage,
} from './automated.ts';
export { type Classification, classifyMail, type MailFacts, toParsedEmail } from './classify.ts';
export { type AttachmentInfo, ParsedEmail } from './contract.ts';
export { type Extraction, extractSubject } from './extract.ts';
export { detectLanguage, type Language } from './language.ts';
export { namesIn, signatureName } from './names.ts';
export { replySignals, verificationCode } from './reply.ts';
export { classifyRights, matchRights, type RightMatch } from './rights.ts';
export { authoredPart, normalizeText } from './text.ts';
