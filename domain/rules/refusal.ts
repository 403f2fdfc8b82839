// Refusal bases as data (policy/refusal-bases.yaml): what the privacy officer chose, with the neutral letter text or
// the officer's edit of it, and the guard that keeps an AML investigation, a suspicious-transaction report, a criminal
// investigation or an authority's request out of anything the person receives (AML Law arts. 7, 35 ¶2, 54; PIPL
// art. 18 ¶1).
import type { ExceptionCode, Policy, RefusalBasisCode } from '../policy/schema.ts';

export interface ChosenBasis {
  code: RefusalBasisCode;
  /** The officer's edit of the letter text (both languages); the basis's own text when absent. */
  text?: { zh: string; en: string } | undefined;
}

/** A basis as the letter prints it. */
export interface ResolvedBasis {
  code: RefusalBasisCode;
  zh: string;
  en: string;
}

/**
 * Words that would tell the person what must stay confidential: an AML or criminal investigation, a suspicious-
 * transaction report, the authorities' request. Checked on every text an officer writes for a letter to a person
 * under a legal hold, and on every edit of a confidential basis.
 */
export const CONFIDENTIAL_TERMS =
  /反洗钱|洗钱|调查|刑事|侦查|可疑|公安|检察|监察|冻结|有权机关|司法机关|监管机关|money[- ]?launder|\bAML\b|investigat|suspicious|criminal|police|prosecut|law enforcement|authorit(y|ies)|frozen|freez/i;

/** The bases to print: each chosen basis with its text, then the exception codes given the old way (kept working). */
export function resolveBases(
  chosen: readonly ChosenBasis[],
  exceptionCodes: readonly ExceptionCode[],
  policy: Pick<Policy, 'refusalBases'>,
): ResolvedBasis[] {
  const out: ResolvedBasis[] = [];
  const all = [...chosen, ...exceptionCodes.filter((c) => !chosen.some((b) => b.code === c)).map((code) => ({ code }))];
  for (const b of all) {
    const basis = policy.refusalBases.bases.find((x) => x.code === b.code);
    if (!basis) continue;
    const text = 'text' in b && b.text ? b.text : basis.letter;
    out.push({ code: b.code, zh: text.zh, en: text.en });
  }
  return out;
}

/**
 * Texts an officer wrote that would disclose what must stay confidential: any text for a person under a legal hold,
 * and any edit of a confidential basis. Returns the offending texts' labels (empty when all is well).
 */
export function confidentialityProblems(
  input: { chosen: readonly ChosenBasis[]; reasons?: string | undefined; underLegalHold: boolean },
  policy: Pick<Policy, 'refusalBases'>,
): string[] {
  const problems: string[] = [];
  for (const b of input.chosen) {
    if (!b.text) continue;
    const confidential = policy.refusalBases.bases.find((x) => x.code === b.code)?.confidential === true;
    if ((confidential || input.underLegalHold) && CONFIDENTIAL_TERMS.test(`${b.text.zh}\n${b.text.en}`))
      problems.push(`bases.${b.code}.text`);
  }
  if (input.underLegalHold && input.reasons && CONFIDENTIAL_TERMS.test(input.reasons)) problems.push('reasons');
  return problems;
}

/** What the officer is told when a legal hold is open (review screen and task mail): the real reason, kept inside. */
export const CONFIDENTIALITY_WARNING = {
  zh: '保密：该客户存在未结的法律留置（如反洗钱调查）。不得以任何方式向客户或代为申请人披露调查、可疑交易报告或有权机关的要求（《反洗钱法》第七条、第三十五条第二款、第五十四条）。如需拒绝或部分拒绝，请选择中性理由（legal_obligation），不要在理由中写明原因；被留置的信息在答复中只写“依照法律、行政法规规定须继续保存”。',
  en: 'Confidential: a legal hold is open on this customer (e.g. an AML investigation). Never disclose the investigation, a suspicious-transaction report or an authority\'s request to the customer or anyone acting for them (AML Law arts. 7, 35(2), 54). To refuse in whole or part, choose the neutral basis (legal_obligation) and write no reason that names it; held data is described only as "kept as laws and administrative regulations require".',
} as const;
