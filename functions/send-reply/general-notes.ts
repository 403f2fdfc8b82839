// The reply's lines for rights answered in general terms (fulfil-right/rights/general.ts): nothing in them depends on
// whether the company holds data about the person, so a stranger who knows someone's ID number learns nothing.
import type { Policy } from '../../domain/policy/schema.ts';
import type { FulfilResult } from '../fulfil-right/results.ts';

export function generalNotes(res: FulfilResult, policy: Policy): { zh: string; en: string }[] {
  const { hotline, website } = policy.contacts;
  const verifyHow = {
    zh: `如需了解与您本人有关的具体情况，请通过发送至您预留手机号的短信验证码，或致电全球服务热线 ${hotline} 完成身份核验。`,
    en: `For an answer about your own data, verify your identity with the SMS code sent to the mobile number you registered with us, or call our hotline ${hotline}.`,
  };
  if (res.right === 'explain')
    return [
      {
        zh: `我们处理个人信息的规则——处理目的、处理方式、个人信息的种类、保存期限、对外提供和委托处理的情况——载于《连连支付隐私政策》（${website}），适用于所有用户。本答复为一般性说明，不涉及任何特定个人的信息。${verifyHow.zh}`,
        en: `How we process personal information — purposes, means, the kinds of data, how long we keep them, and to whom we provide them or entrust their processing — is set out in our privacy policy (${website}) and applies to every user. This reply is a general explanation and says nothing about any particular person. ${verifyHow.en}`,
      },
    ];
  if (res.right === 'withdraw_consent')
    return [
      {
        zh: '如您在我们处订阅了营销信息，我们已停止基于您同意的营销推送。为保护个人信息安全，本答复不说明我们是否保存有与您有关的信息。',
        en: 'If you subscribed to marketing from us, we have stopped marketing based on your consent. To protect personal information, this reply does not say whether we hold any data about you.',
      },
    ];
  return [];
}
