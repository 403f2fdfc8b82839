// The fields a correction (PIPL art. 46) can change through the company connector, and the data category each
// belongs to: the category decides who received it (recipients registry) and so who hears of the correction.
import * as z from 'zod';
import type { DataCategory } from '../request/model.ts';

export const CORRECTABLE_FIELDS = ['phone', 'email', 'address', 'occupation', 'name'] as const;
export const CorrectableField = z.enum(CORRECTABLE_FIELDS);
export type CorrectableField = z.infer<typeof CorrectableField>;

export const FIELD_CATEGORY: Record<CorrectableField, DataCategory> = {
  phone: 'contact',
  email: 'contact',
  address: 'identity',
  occupation: 'identity',
  name: 'identity',
};

/** How letters and staff name a field (never its value). */
export const FIELD_LABELS: Record<CorrectableField, { zh: string; en: string }> = {
  phone: { zh: '手机号码', en: 'mobile number' },
  email: { zh: '电子邮箱', en: 'email address' },
  address: { zh: '住址', en: 'address' },
  occupation: { zh: '职业', en: 'occupation' },
  name: { zh: '姓名', en: 'name' },
};

export const CorrectionChange = z.strictObject({
  field: CorrectableField,
  value: z.string().trim().min(1).max(200),
});
export type CorrectionChange = z.infer<typeof CorrectionChange>;

/** Why a correction is not made; the letter gives the reason in words (PIPL art. 46 ¶2: we verify before we change). */
export const CORRECTION_REFUSALS = ['unproven', 'accurate', 'not_held', 'legal_record'] as const;
export const CorrectionRefusal = z.enum(CORRECTION_REFUSALS);
export type CorrectionRefusal = z.infer<typeof CorrectionRefusal>;

export const CORRECTION_REFUSAL_TEXT: Record<CorrectionRefusal, { zh: string; en: string }> = {
  unproven: {
    zh: '您未能提供足以证明新信息真实、准确的材料，依照《个人信息保护法》第四十六条第二款，我们须先核实再更正，因此暂未更正。您可以补充证明材料（例如有效身份证件、户籍或公安机关出具的变更证明）后再次申请。',
    en: 'You did not provide proof that the new information is true and accurate; under PIPL art. 46 ¶2 we must verify before we correct, so nothing was changed. You may apply again with proof (for example a valid ID document or an official certificate of the change).',
  },
  accurate: {
    zh: '经核实，我们记录的信息与您提供的证明材料一致，信息准确、完整，因此无需更正。',
    en: 'We checked: the information we hold matches the proof you gave and is accurate and complete, so no correction was needed.',
  },
  not_held: {
    zh: '经核实，我们未持有您要求更正的这项信息，因此无可更正。',
    en: 'We checked: we do not hold the information you asked us to correct, so there was nothing to correct.',
  },
  legal_record: {
    zh: '您要求更改的是已发生交易的历史记录，依照《反洗钱法》第三十四条须按原样保存，不能更改；如您认为该笔交易有误，可以通过客服热线提出交易争议。',
    en: 'You asked us to change the record of a past transaction, which the Anti-Money-Laundering Law art. 34 requires us to keep as it was made; we cannot alter it. If you believe the transaction was wrong, you can raise a dispute through our hotline.',
  },
};
