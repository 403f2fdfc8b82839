// What letters disclose about processing: the rules per category (access, explanation) and questions to answer.
export { type DisclosedCategory, type DisclosedRecipient, discloseCategories } from './disclose.ts';
export { askedQuestion, questionsIn } from './question.ts';
