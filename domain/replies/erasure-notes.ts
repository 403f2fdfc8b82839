// What a letter says about an erasure beyond the list of erased categories: the PIPL art. 47 ¶1 ground each erasure
// rests on, and, while the person still uses the service, that it continues, what stays and how to close the account.
import { enDayOf as enDate, zhDayOf as zhDate } from '../calendar/letter-dates.ts';
import type { DeletionGroundCode, Policy } from '../policy/schema.ts';
import type { DataCategory } from '../request/model.ts';

export interface ErasureFacts {
  right: string;
  status: string;
  /** Quick-pay agreements this request ended (cancel_quickpay, close_account). */
  bindingsEnded?: readonly { cardLast4: string; issuingBank: string; merchant: string; endedAt: string }[] | undefined;
  grounds?: readonly { category: DataCategory; ground: DeletionGroundCode }[] | undefined;
  keptForService?: readonly DataCategory[] | undefined;
  serviceContinues?: boolean | undefined;
  /** close_account: when the account was closed. */
  accountClosedAt?: string | undefined;
}

type Text = { zh: string; en: string };

/** The issuing bank's name from the recipients registry (`issuing_bank:ICBC` → 中国工商银行). */
function bankName(partnerId: string, policy: Pick<Policy, 'recipients'>): Text {
  const code = partnerId.split(':')[1]?.toUpperCase();
  const entry = policy.recipients.recipients.find((r) => r.role === 'issuing_bank');
  const bank = entry?.banks.find((b) => b.code === code);
  return bank?.names ?? { zh: '发卡行', en: 'the issuing bank' };
}

/** The agreements a cancellation or closure ended, and what the person must still do at the bank (policy §4(5)). */
function bindingNotes(facts: ErasureFacts, policy: Pick<Policy, 'recipients'>): Text[] {
  const ended = facts.bindingsEnded ?? [];
  if (facts.right === 'cancel_quickpay' && facts.status !== 'refused' && ended.length === 0)
    return [
      {
        zh: '经核查，您名下目前没有处于开通状态的快捷支付服务，无需注销。',
        en: 'You have no active quick pay with us, so there was nothing to cancel.',
      },
    ];
  return ended.map((b) => {
    const bank = bankName(b.issuingBank, policy);
    return {
      zh: `我们已注销您尾号${b.cardLast4}的银行卡（${bank.zh}）在${b.merchant}开通的快捷支付服务，该快捷支付协议已于${zhDate(b.endedAt)}解除（隐私政策第四条第（五）项）。请您同时向${bank.zh}申请注销该卡的快捷支付，以便完全完成本次注销；如您与该商户另有约定，请一并告知商户。`,
      en: `We have cancelled quick pay for your card ending ${b.cardLast4} (${bank.en}) with ${b.merchant}; the quick-pay agreement ended on ${enDate(b.endedAt)} (privacy policy §4(5)). Please also ask ${bank.en} to cancel quick pay for this card, so that the cancellation is complete; if you have an arrangement with the merchant, please tell the merchant too.`,
    };
  });
}

/** The closure itself: when, that the relationship ended, and what happens to what must still be kept. */
function closureNotes(facts: ErasureFacts): Text[] {
  if (!facts.accountClosedAt) return [];
  return [
    {
      zh: `您的连连支付账户已于${zhDate(facts.accountClosedAt)}注销，我们与您的业务关系自该日终止，不再向您提供服务（《网络数据安全管理条例》第二十三条、第二十四条）。除下文所列依法须保存的信息外，您的个人信息已删除或匿名化处理；须保存的信息在保存期限届满前仅作存储和必要的安全保护，不作其他处理，期满后删除。`,
      en: `Your LianLian Pay account was closed on ${enDate(facts.accountClosedAt)}; our business relationship ended that day and we no longer provide the service to you (Network Data Security Management Regulations, Articles 23 and 24). Except for the information listed below that the law requires us to keep, your personal information has been deleted or anonymised; what must be kept is only stored and protected until its retention period ends, with no other processing, and is then deleted.`,
    },
  ];
}

export function erasureNotes(
  facts: ErasureFacts,
  policy: Pick<Policy, 'deletionGrounds' | 'categories' | 'contacts' | 'recipients'>,
): Text[] {
  const notes: Text[] = [...closureNotes(facts), ...bindingNotes(facts, policy)];
  const label = (cs: readonly DataCategory[], lang: 'zh' | 'en') =>
    cs.map((c) => policy.categories[c][lang]).join(lang === 'zh' ? '、' : '; ');
  const byGround = new Map<DeletionGroundCode, DataCategory[]>();
  for (const g of facts.grounds ?? []) byGround.set(g.ground, [...(byGround.get(g.ground) ?? []), g.category]);
  for (const [code, categories] of byGround) {
    const g = policy.deletionGrounds.grounds.find((x) => x.code === code);
    if (!g) continue;
    notes.push({
      zh: `删除依据：${label(categories, 'zh')}——${g.reason.zh}（《个人信息保护法》${g.pipl}）。`,
      en: `Ground for deleting ${label(categories, 'en')}: ${g.reason.en} (Personal Information Protection Law, Article 47(1)(${g.number})).`,
    });
  }
  // A refusal states this in its reason; a partial deletion says it here.
  const kept = facts.keptForService ?? [];
  if (facts.serviceContinues && kept.length > 0 && facts.status !== 'refused') {
    const c = policy.contacts;
    notes.push({
      zh: `您的连连支付服务仍在继续。为继续向您提供服务，以下信息在服务期间继续保存和使用，本次未予删除：${label(kept, 'zh')}。如您不再使用我们的服务，可以申请注销账户（发送邮件至 ${c.privacyEmail} 并注明“注销账户”，或拨打全球服务热线 ${c.hotline}）；注销后，除法律、行政法规规定须保存的信息外，我们将删除或匿名化处理您的个人信息（《网络数据安全管理条例》第二十四条）。`,
      en: `Your LianLian Pay service continues. To keep providing it, we keep and use the following while it lasts, and have not deleted them: ${label(kept, 'en')}. If you no longer use our service, you may ask us to close your account (write to ${c.privacyEmail} saying "close my account", or call our hotline ${c.hotline}); we then delete or anonymise your personal information, except what laws and administrative regulations require us to keep (Network Data Security Management Regulations, Article 24).`,
    });
  }
  return notes;
}

/** A planned notice as the letter to the person describes it: who was told, and to do what. */
export interface NoticeFacts {
  names: Text;
  categories: readonly DataCategory[];
  restricted?: readonly { category: DataCategory }[] | undefined;
  cancellations?: readonly { cardLast4: string }[] | undefined;
  corrected?: readonly DataCategory[] | undefined;
  consentWithdrawn?: readonly unknown[] | undefined;
  processingRestricted?: readonly unknown[] | undefined;
}

/** One line per action: whom we asked to delete, to keep storage-only, to end a quick-pay binding. */
export function noticeNotes(notices: readonly NoticeFacts[]): Text[] {
  const join = (ns: readonly NoticeFacts[], lang: 'zh' | 'en') =>
    ns.map((n) => n.names[lang]).join(lang === 'zh' ? '、' : ', ');
  const notes: Text[] = [];
  const cancelled = notices.filter((n) => (n.cancellations?.length ?? 0) > 0);
  const cards = [...new Set(cancelled.flatMap((n) => (n.cancellations ?? []).map((c) => c.cardLast4)))];
  if (cancelled.length > 0)
    notes.push({
      zh: `我们已通知${join(cancelled, 'zh')}解除尾号${cards.join('、')}银行卡的快捷支付签约。`,
      en: `We have told ${join(cancelled, 'en')} to end the quick-pay binding of the card(s) ending ${cards.join(', ')}.`,
    });
  const deleting = notices.filter((n) => n.categories.length > 0);
  if (deleting.length > 0)
    notes.push({
      zh: `我们已通知${join(deleting, 'zh')}删除从我们处获得的相应个人信息。`,
      en: `We have asked ${join(deleting, 'en')} to delete the corresponding personal information they received from us.`,
    });
  const restricting = notices.filter((n) => (n.restricted?.length ?? 0) > 0);
  if (restricting.length > 0)
    notes.push({
      zh: `受我们委托处理您个人信息的${join(restricting, 'zh')}已被要求对暂不能删除的信息同样仅作存储、停止其他处理。`,
      en: `${join(restricting, 'en')}, which process your personal information on our behalf, have been told to keep the information that cannot be deleted yet in storage only and to stop any other processing.`,
    });
  const withdrawing = notices.filter((n) => (n.consentWithdrawn?.length ?? 0) > 0);
  if (withdrawing.length > 0)
    notes.push({
      zh: `受我们委托处理您个人信息的${join(withdrawing, 'zh')}已被告知您撤回同意，须停止相应处理并删除基于该同意的信息。`,
      en: `${join(withdrawing, 'en')}, which process your personal information on our behalf, have been told of your withdrawal and must stop that processing and delete the information that rested on it.`,
    });
  const restrictingUse = notices.filter((n) => (n.processingRestricted?.length ?? 0) > 0);
  if (restrictingUse.length > 0)
    notes.push({
      zh: `受我们委托处理您个人信息的${join(restrictingUse, 'zh')}已被告知您的限制，在您要求解除之前须停止相应处理。`,
      en: `${join(restrictingUse, 'en')}, which process your personal information on our behalf, have been told of your restriction and must stop that processing until you lift it.`,
    });
  const correcting = notices.filter((n) => (n.corrected?.length ?? 0) > 0);
  if (correcting.length > 0)
    notes.push({
      zh: `我们已将更正通知${join(correcting, 'zh')}，请其更正从我们处获得的相应信息。`,
      en: `We have told ${join(correcting, 'en')} of the correction and asked them to correct the information they received from us.`,
    });
  return notes;
}
