// Letters to someone who asks for another person (issue 13 items 3, 4): they are addressed to the requester, name the
// child or the deceased once the requester is verified (never before: an unverified writer learns nothing), and say
// on what footing the request was handled — a guardian for a minor (未成年人网络保护条例 art. 34; PIPL art. 31), a close
// relative of a deceased person with the conditions of PIPL art. 49 the privacy officer confirmed.
import * as z from 'zod';
import { Relation } from '../request/model.ts';

export const OnBehalf = z.object({
  role: z.enum(['guardian', 'relative_of_deceased']),
  /** The requester's own name, for the salutation. */
  requesterName: z.string().min(1).optional(),
  /** The child's or the deceased's name: only in letters after verification. */
  subjectName: z.string().min(1).optional(),
  relation: Relation.optional(),
  /** PIPL art. 49: the officer confirmed the relative's own lawful interest and no contrary arrangement. */
  art49Confirmed: z.boolean().optional(),
});
export type OnBehalf = z.infer<typeof OnBehalf>;

const RELATION: Record<Relation, { zh: string; en: string }> = {
  guardian: { zh: '监护人', en: 'guardian' },
  parent: { zh: '父母', en: 'parent' },
  child: { zh: '子女', en: 'child' },
  spouse: { zh: '配偶', en: 'spouse' },
  sibling: { zh: '兄弟姐妹', en: 'sibling' },
  grandparent: { zh: '祖父母或外祖父母', en: 'grandparent' },
  grandchild: { zh: '孙子女或外孙子女', en: 'grandchild' },
};

/** The salutation and the paragraph the letter templates print (`onBehalf.salutation`, `onBehalf.zh/.en`). */
export function onBehalfText(o: OnBehalf): {
  salutation: { zh: string; en: string };
  zh: string;
  en: string;
} {
  const rel = o.relation ? RELATION[o.relation] : undefined;
  const salutation = o.requesterName
    ? { zh: `尊敬的${o.requesterName}：`, en: `Dear ${o.requesterName},` }
    : { zh: '尊敬的申请人：', en: 'Dear applicant,' };
  const name = o.subjectName;
  if (o.role === 'guardian') {
    const as = rel && o.relation !== 'guardian' ? `监护人（${rel.zh}）` : '监护人';
    return {
      salutation,
      zh: name
        ? `您作为${name}的${as}，依据《未成年人网络保护条例》第三十四条代其提出本请求。下文所称“您的个人信息”，均指${name}的个人信息。`
        : `您以未成年人${as}的身份代其提出本请求。在核实您的身份及监护关系之前，我们不会披露该未成年人的任何信息。`,
      en: name
        ? `You made this request as the ${rel?.en ?? 'guardian'} and guardian of ${name}, on their behalf (Regulations on the Online Protection of Minors, art. 34). "Your personal information" below means ${name}'s.`
        : `You made this request as the guardian of a minor, on their behalf. Nothing about the minor is disclosed before your identity and guardianship are verified.`,
    };
  }
  const asZh = rel ? `近亲属（${rel.zh}）` : '近亲属';
  const asEn = rel ? `a close relative (${rel.en})` : 'a close relative';
  if (!name)
    return {
      salutation,
      zh: `您以已故用户${asZh}的身份，依据《个人信息保护法》第四十九条提出本请求。我们将由个人信息保护负责人审核您的身份、死亡证明及亲属关系证明；审核前不会披露任何信息，也不会向逝者的联系方式发送验证码。`,
      en: `You made this request as ${asEn} of a deceased user, under PIPL art. 49. Our privacy officer will review your identity and the proofs of death and kinship; nothing is disclosed before that, and no code is sent to the deceased's contact details.`,
    };
  const conditions = o.art49Confirmed
    ? {
        zh: `，并确认您系为了自身的合法、正当利益提出请求，且${name}生前对其个人信息未另有安排。`,
        en: ` and confirmed that you ask for your own lawful and legitimate interest and that ${name} made no other arrangement for their personal information.`,
      }
    : { zh: '。', en: '.' };
  return {
    salutation,
    zh: `您作为已故用户${name}的${asZh}，依据《个人信息保护法》第四十九条，对其相关个人信息提出本请求。我们已审核您的身份、死亡证明及亲属关系证明${conditions.zh}下文所称“您的个人信息”，均指${name}的个人信息。`,
    en: `You made this request as ${asEn} of the late ${name}, under PIPL art. 49. We reviewed your identity and the proofs of death and kinship${conditions.en} "Your personal information" below means ${name}'s.`,
  };
}
