// Which quick-pay bindings a cancellation ends (policy §4(5)): the ones the person names by the card's last four
// digits; all of them only when the person asks for all; the only one when there is just one. Anything else is
// answered with a question, never by guessing.

export interface BindingChoice {
  bindingId: string;
  cardLast4: string;
  status: 'active' | 'cancelled';
}

export type BindingSelection =
  | { kind: 'selected'; bindingIds: string[]; all: boolean }
  /** No active binding: nothing to cancel. */
  | { kind: 'none_active' }
  /** Several active bindings and the person named none (nor asked for all). */
  | { kind: 'not_named'; active: number }
  /** The person named cards none of the active bindings uses. */
  | { kind: 'no_match'; named: string[] };

const ALL_ZH =
  /(全部|所有|全都|一并|统统)(的)?(快捷支付|银行卡|绑定|卡|签约)|(快捷支付|银行卡|绑定的卡)[^,.，。]{0,8}(全部|都|全都)(注销|解绑|关闭|取消|解除)/;
const ALL_EN = /\ball (of )?(my |the )?(bank )?(cards|bindings|quick ?pay)/i;
const LAST4 = /(?:尾号|末四位|后四位|尾数)\s*(?:是|为)?\s*[:：]?\s*(\d{4})(?!\d)|\bending(?: in| with)?\s*(\d{4})\b/gi;

/**
 * What the person asked for: the cards named in what they wrote (last four digits), whether they ask for every binding,
 * and the card they identified themselves with (a hint only: it may be another card than the one bound).
 */
export function quickPayAsk(input: { cardLast4?: string | undefined; text?: string | undefined }): QuickPayAsk {
  const text = input.text ?? '';
  const named = new Set<string>();
  for (const m of text.matchAll(LAST4)) named.add((m[1] ?? m[2])!);
  return {
    named: [...named],
    all: ALL_ZH.test(text) || ALL_EN.test(text),
    ...(input.cardLast4 ? { hint: input.cardLast4 } : {}),
  };
}

export interface QuickPayAsk {
  named: readonly string[];
  all: boolean;
  hint?: string;
}

export function selectBindings(bindings: readonly BindingChoice[], ask: QuickPayAsk): BindingSelection {
  const active = bindings.filter((b) => b.status === 'active');
  if (active.length === 0) return { kind: 'none_active' };
  if (ask.all) return { kind: 'selected', bindingIds: active.map((b) => b.bindingId), all: true };
  const pick = (last4s: readonly string[]) => active.filter((b) => last4s.includes(b.cardLast4));
  if (ask.named.length > 0) {
    const chosen = pick(ask.named);
    return chosen.length > 0
      ? { kind: 'selected', bindingIds: chosen.map((b) => b.bindingId), all: chosen.length === active.length }
      : { kind: 'no_match', named: [...ask.named] };
  }
  // "注销快捷支付" with one binding means that one; with several, the card the person identified with decides.
  if (active.length === 1) return { kind: 'selected', bindingIds: [active[0]!.bindingId], all: true };
  const hinted = ask.hint ? pick([ask.hint]) : [];
  if (hinted.length > 0) return { kind: 'selected', bindingIds: hinted.map((b) => b.bindingId), all: false };
  return { kind: 'not_named', active: active.length };
}
