// Corrections (PIPL art. 46): the fields a connector can correct and what the person's words ask for.
export {
  CORRECTABLE_FIELDS,
  CORRECTION_REFUSAL_TEXT,
  CORRECTION_REFUSALS,
  CorrectableField,
  CorrectionChange,
  CorrectionRefusal,
  FIELD_CATEGORY,
  FIELD_LABELS,
} from './fields.ts';
export { readCorrections, readMarkedCorrections } from './read.ts';
