// Letters to people and partners, rendered from the templates in policy/templates.
export { HeldCategory, LETTER_DATA, type LetterData } from './data.ts';
export { createLiquid } from './engine.ts';
export { type ErasureFacts, erasureNotes, type NoticeFacts, noticeNotes } from './erasure-notes.ts';
export { chineseNumber, heldForLetter, holdLine } from './held.ts';
export { LetterDataError, type RenderedLetter, renderLetter } from './render.ts';
export { liftedLines, type RestrictionFacts, restrictionNotes } from './restriction-notes.ts';
