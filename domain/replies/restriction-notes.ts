// What a letter says about a restriction of processing (PIPL art. 44): which processing is restricted, from when, that
// it lasts until the person asks us to lift it and how; what a legal duty still requires meanwhile (AML monitoring,
// what each payment the person starts needs); and, once lifted, that the processing resumed and from when.
import { enDayOf as enDate, zhDayOf as zhDate } from '../calendar/letter-dates.ts';
import type { Policy, RestrictionScope } from '../policy/schema.ts';

type Text = { zh: string; en: string };

export interface RestrictionFacts {
  scope: RestrictionScope;
  /** With `sharing`: registry ids of the recipients named. */
  recipients: readonly string[];
  since: string;
  /** The person's data was in that processing. */
  active: boolean;
}

type RestrictionPolicy = Pick<Policy, 'processing' | 'recipients'>;

function namesOf(ids: readonly string[], policy: RestrictionPolicy): Text {
  const entries = ids.map((id) => policy.recipients.recipients.find((r) => r.id === id)?.names ?? { zh: id, en: id });
  return { zh: entries.map((n) => n.zh).join('、'), en: entries.map((n) => n.en).join(', ') };
}

/** The named recipients without whom a payment cannot be made (sharing with them continues for each payment). */
function necessaryOf(ids: readonly string[], policy: RestrictionPolicy): string[] {
  const roles = policy.processing.restrictableProcessings.find((p) => p.code === 'sharing')?.necessaryRoles ?? [];
  return ids.filter((id) => {
    const role = policy.recipients.recipients.find((r) => r.id === id)?.role;
    return role !== undefined && roles.includes(role);
  });
}

function restrictedLine(f: RestrictionFacts, policy: RestrictionPolicy): Text {
  const zhOn = zhDate(f.since);
  const enOn = enDate(f.since);
  if (f.scope === 'marketing') {
    const def = policy.processing.restrictableProcessings.find((p) => p.code === 'marketing');
    const what = def ? { zh: def.zh, en: def.en } : { zh: '营销使用', en: 'marketing use' };
    return f.active
      ? {
          zh: `自${zhOn}起，我们已限制「${what.zh}」（《个人信息保护法》第四十四条）：在您要求解除之前，我们不再向您发送营销推送，也不再以您的个人信息形成或使用营销画像。您的订阅设置和已有的特征标签予以保留、不作上述使用；如需删除，您可以另行要求撤回同意或删除。`,
          en: `From ${enOn} we have restricted "${what.en}" (PIPL art. 44): until you ask us to lift it we send you no marketing and build or use no marketing profile from your personal information. Your subscription setting and existing profile tags are kept and not used this way; you can ask separately to withdraw consent or to delete them.`,
        }
      : {
          zh: `我们目前未将您的个人信息用于「${what.zh}」；我们已记录您的限制要求，自${zhOn}起在您要求解除之前不会如此处理（《个人信息保护法》第四十四条）。`,
          en: `We do not currently use your personal information for "${what.en}"; we have recorded your restriction and from ${enOn}, until you ask us to lift it, will not do so (PIPL art. 44).`,
        };
  }
  const names = namesOf(f.recipients, policy);
  const necessary = necessaryOf(f.recipients, policy);
  const line: Text = {
    zh: `自${zhOn}起，我们已停止向${names.zh}提供您的个人信息，直至您要求解除（《个人信息保护法》第四十四条）。`,
    en: `From ${enOn} we have stopped providing your personal information to ${names.en} until you ask us to lift this (PIPL art. 44).`,
  };
  if (necessary.length === 0) return line;
  const n = namesOf(necessary, policy);
  return {
    zh: `${line.zh}但您本人发起的每笔支付，仍须向${n.zh}提供完成该笔支付所必需的信息，否则支付无法完成（《个人信息保护法》第十三条第一款第（二）项）。`,
    en: `${line.en} For each payment you start, however, ${n.en} must still receive what that payment needs, or it cannot be made (PIPL art. 13(1)(2)).`,
  };
}

/** The restriction lines of a reply: each processing restricted, the duty that continues, how to lift it. */
export function restrictionNotes(restrictions: readonly RestrictionFacts[], policy: RestrictionPolicy): Text[] {
  if (restrictions.length === 0) return [];
  const duty = policy.processing.duringRelationship;
  const notes = restrictions.map((f) => restrictedLine(f, policy));
  notes.push({
    zh: `限制期间，您的个人信息仍用于向您提供支付服务；${duty.zh}（${duty.cite.zh}），这些处理不受本次限制影响。`,
    en: `While restricted, your personal information is still used to provide the payment service to you; ${duty.en} (${duty.cite.en}): the restriction does not cover this.`,
  });
  notes.push({
    zh: '本次限制没有期限，直至您要求解除。如需解除，请回复本函或致电客服热线告知我们（请注明本函的请求编号）；我们核实是您本人后即予解除，并书面告知您，同时通知曾被告知本次限制的机构。',
    en: 'This restriction has no end date: it lasts until you ask us to lift it. To lift it, reply to this letter or call our hotline, quoting the request number of this letter; once we have checked it is you, we lift it, confirm in writing and tell those we told of the restriction.',
  });
  return notes;
}

/** What the lift letter says was lifted: each processing, resumed from when. */
export function liftedLines(
  lifted: readonly (RestrictionFacts & { liftedAt: string })[],
  policy: RestrictionPolicy,
): Text[] {
  return lifted.map((f) => {
    const zhOn = zhDate(f.liftedAt);
    const enOn = enDate(f.liftedAt);
    if (f.scope === 'marketing') {
      const def = policy.processing.restrictableProcessings.find((p) => p.code === 'marketing');
      return {
        zh: `您自${zhDate(f.since)}起对「${def?.zh ?? '营销使用'}」的限制已于${zhOn}解除；此后我们将按照您的订阅设置恢复营销推送及营销画像。您仍可随时要求撤回同意或退订。`,
        en: `Your restriction of "${def?.en ?? 'marketing use'}" in force since ${enDate(f.since)} was lifted on ${enOn}; marketing and marketing profiles resume as your subscription setting says. You can still withdraw consent or unsubscribe at any time.`,
      };
    }
    const names = namesOf(f.recipients, policy);
    return {
      zh: `您自${zhDate(f.since)}起对向${names.zh}提供您个人信息的限制已于${zhOn}解除；此后我们将按照隐私政策向其提供您的个人信息。`,
      en: `Your restriction of providing your personal information to ${names.en}, in force since ${enDate(f.since)}, was lifted on ${enOn}; from then on we provide it to them as our privacy policy says.`,
    };
  });
}
