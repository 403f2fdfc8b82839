// Labels for identity's codes (relations, documents) — Chinese first, English beside.
import type { Lang } from '../../i18n.ts';

const RELATION: Record<string, [string, string]> = {
  guardian: ['监护人', 'guardian'],
  parent: ['父母', 'parent'],
  child: ['子女', 'child'],
  spouse: ['配偶', 'spouse'],
  sibling: ['兄弟姐妹', 'sibling'],
  grandparent: ['祖父母、外祖父母', 'grandparent'],
  grandchild: ['孙子女、外孙子女', 'grandchild'],
};
export const RELATIONS = Object.keys(RELATION);
export const relationLabel = (lang: Lang, code: string) => RELATION[code]?.[lang === 'zh' ? 0 : 1] ?? code;

const DOCUMENT: Record<string, [string, string]> = {
  requester_identity: ['来人本人的身份证件', "the requester's own ID document"],
  subject_identity: ['用户（被代理人）的身份证件或复印件', "the user's ID document or a copy"],
  guardianship: [
    '监护关系证明（户口簿、出生医学证明或法院指定监护文书）',
    'proof of guardianship (household register, birth certificate or court order)',
  ],
  death_certificate: ['死亡证明或注销户口证明', 'death certificate or deregistration of residence'],
  kinship: [
    '近亲属关系证明（户口簿、结婚证、出生医学证明、公证书）',
    'proof of close kinship (household register, marriage or birth certificate, notarial certificate)',
  ],
  authorisation: ['书面授权委托书', 'a written authorisation'],
};
export const DOCUMENTS = Object.keys(DOCUMENT);
export const documentLabel = (lang: Lang, code: string) => DOCUMENT[code]?.[lang === 'zh' ? 0 : 1] ?? code;
