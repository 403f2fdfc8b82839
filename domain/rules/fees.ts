// Fees (policy §4(4)): free in principle; the N-th request of the same right within the window may get a cost-fee
// quote, but only for rights the law lets us charge for (网络数据安全管理条例 art. 25: excessive portability
// requests), and every quote goes through the privacy officer.
import type { Settings } from '../policy/schema.ts';
import type { Right } from '../request/model.ts';

export type FeeAssessment =
  | { kind: 'none'; repeated: boolean }
  | {
      kind: 'quote';
      right: Right;
      /** This request's number within the window (priorCount + 1). */
      requestNumber: number;
      windowMonths: number;
      requiresPrivacyOfficer: true;
      basis: { zh: string; en: string };
    };

/** Whether this request is a repetition (the threshold-th or later of the same right within the window). */
export function isRepeated(priorCountInWindow: number, settings: Pick<Settings, 'repetition'>): boolean {
  return priorCountInWindow + 1 >= settings.repetition.threshold;
}

export function feeAssessment(
  right: Right,
  priorCountInWindow: number,
  settings: Pick<Settings, 'repetition' | 'fees'>,
): FeeAssessment {
  const repeated = isRepeated(priorCountInWindow, settings);
  if (!repeated || !settings.fees.chargeableRights.includes(right)) return { kind: 'none', repeated };
  return {
    kind: 'quote',
    right,
    requestNumber: priorCountInWindow + 1,
    windowMonths: settings.repetition.windowMonths,
    requiresPrivacyOfficer: true,
    basis: {
      zh: '隐私政策第四条第（四）项；《网络数据安全管理条例》第二十五条',
      en: 'Privacy policy §4(4); Network Data Security Management Regulations, Article 25',
    },
  };
}
