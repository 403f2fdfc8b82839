// Fees (policy §4(4)): free in principle. In law only a portability request "次数等明显超出合理范围" may be charged,
// and only "根据转移个人信息的成本收取必要费用" (网络数据安全管理条例 art. 25 ¶2). So: a quote only for a repeated
// request of a chargeable right, approved by the privacy officer; its amount never exceeds the cost of the transfer
// as itemised from the policy's cost table (the letter lists the items); and the person gets time to accept that
// ends early enough for us to fulfil and reply within the 15 working days the policy promises.
import type { WorkingCalendar } from '../calendar/calendar.ts';
import { addWorkingDays, workingDaysBetween } from '../calendar/deadline.ts';
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

export const FEE_LAW = {
  zh: '《网络数据安全管理条例》第二十五条第二款',
  en: 'Network Data Security Management Regulations, Article 25(2)',
} as const;

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
      zh: `隐私政策第四条第（四）项；${FEE_LAW.zh}`,
      en: `Privacy policy §4(4); ${FEE_LAW.en}`,
    },
  };
}

/** One line of a quote's cost basis. Money in fen (分) inside, so that sums are exact. */
export interface CostLine {
  code: string;
  zh: string;
  en: string;
  quantity: number;
  unit: { zh: string; en: string };
  unitCostFen: number;
  subtotalFen: number;
}

export interface CostBasis {
  lines: CostLine[];
  totalFen: number;
}

export class FeeError extends Error {
  override name = 'Fee.Invalid';
}

/** A quote's cost basis: the items and quantities the officer chose (default: the policy's standard transfer). */
export function costBasis(
  items: readonly { code: string; quantity: number }[] | undefined,
  fees: Pick<Settings['fees'], 'costItems' | 'standardItems'>,
): CostBasis {
  const chosen = items && items.length > 0 ? items : fees.standardItems;
  const lines = chosen.map(({ code, quantity }) => {
    const item = fees.costItems.find((c) => c.code === code);
    if (!item) throw new FeeError(`unknown cost item "${code}" (policy/settings.yaml fees.costItems)`);
    if (!(quantity > 0) || !Number.isFinite(quantity)) throw new FeeError(`cost item "${code}": quantity ${quantity}`);
    const unitCostFen = Math.round(item.unitCost * 100);
    return {
      code,
      zh: item.zh,
      en: item.en,
      quantity,
      unit: item.unit,
      unitCostFen,
      subtotalFen: Math.round(unitCostFen * quantity),
    };
  });
  return { lines, totalFen: lines.reduce((n, l) => n + l.subtotalFen, 0) };
}

/** 人民币50元, 人民币12.50元: yuan, with fen only when there are any. */
export function yuan(fen: number): { zh: string; en: string } {
  const whole = fen % 100 === 0;
  const n = whole ? String(fen / 100) : (fen / 100).toFixed(2);
  return { zh: `人民币${n}元`, en: `CNY ${n}` };
}

/**
 * The amount charged: the officer's amount when given (never more than the cost), else the cost itself. Throws
 * FeeError when the amount exceeds the cost basis: the law allows the cost, nothing more.
 */
export function chargedFen(amount: number | undefined, basis: CostBasis): number {
  if (amount === undefined) return basis.totalFen;
  const fen = Math.round(amount * 100);
  if (fen <= 0) throw new FeeError('the fee must be positive');
  if (fen > basis.totalFen)
    throw new FeeError(
      `the fee ${yuan(fen).zh} exceeds the cost of the transfer (${yuan(basis.totalFen).zh}): only the cost may be charged (${FEE_LAW.en})`,
    );
  return fen;
}

export type AcceptanceWindow =
  | { ok: true; acceptBy: string; workingDays: number }
  | { ok: false; latestAcceptBy: string; workingDays: number };

/**
 * The last day the person may accept a quote sent on `today`: the policy's acceptance period, cut so that at least
 * `reserveWorkingDays` remain before the reply deadline to fulfil and reply. A window shorter than
 * `minAcceptanceWorkingDays` is no fair chance to answer: then no quote may be sent (ok: false).
 */
export function acceptanceWindow(
  today: string,
  replyDeadline: string,
  fees: Pick<Settings['fees'], 'acceptanceWorkingDays' | 'reserveWorkingDays' | 'minAcceptanceWorkingDays'>,
  calendar: WorkingCalendar,
): AcceptanceWindow {
  const byPolicy = addWorkingDays(today, fees.acceptanceWorkingDays, calendar);
  const latest = addWorkingDays(replyDeadline, -fees.reserveWorkingDays, calendar);
  const acceptBy = [byPolicy, latest].sort()[0]!; // the earlier date (YYYY-MM-DD sorts as dates)
  const workingDays = workingDaysBetween(today, acceptBy, calendar);
  if (workingDays < fees.minAcceptanceWorkingDays) return { ok: false, latestAcceptBy: latest, workingDays };
  return { ok: true, acceptBy, workingDays };
}
