// The sample company's agreements: quick-pay bindings (policy §4(5)) and the account itself (网络数据安全管理条例
// arts. 23–24). Ending one records when it ended (a retention anchor) and keeps the records: erasing is the erasure
// guard's decision, not the agreement's.
import type { QuickPayBinding } from '../../../functions/shared/ports.ts';
import type { CompanyItem } from './items.ts';
import { CLEARING_PARTNER, issuingBankPartner } from './partners.ts';

/** The bindings as the port reports them, with the card's bank and the networks that carried its transactions. */
export function bindingsOf(items: readonly CompanyItem[]): QuickPayBinding[] {
  const cards = new Map(items.filter((i) => i.kind === 'CARD').map((i) => [String(i.data['cardId']), i.data]));
  return items
    .filter((i) => i.kind === 'QP')
    .map((i) => {
      const d = i.data;
      const cardId = String(d['cardId'] ?? '');
      const card = cards.get(cardId);
      const clearing = new Set<string>();
      for (const t of items)
        if (t.kind === 'TXN' && t.data['cardId'] === cardId) {
          const c = t.data['clearing'];
          if (c === 'unionpay' || c === 'nucc') clearing.add(CLEARING_PARTNER[c]);
        }
      return {
        bindingId: String(d['bindingId']),
        cardLast4: typeof card?.['last4'] === 'string' ? card['last4'] : '',
        issuingBank: typeof card?.['bankId'] === 'string' ? issuingBankPartner(card['bankId']) : 'issuing_bank',
        clearing: [...clearing].sort(),
        merchant: String(d['merchant'] ?? ''),
        boundAt: String(d['boundAt'] ?? ''),
        status: d['status'] === 'active' ? 'active' : 'cancelled',
        ...(typeof d['endedAt'] === 'string' ? { endedAt: d['endedAt'] } : {}),
      };
    });
}

/** The binding items ended at `at`: active ones only, so an earlier end is kept. */
export function endedBindingItems(items: readonly CompanyItem[], bindingIds: readonly string[], at: string) {
  return items
    .filter((i) => i.kind === 'QP' && bindingIds.includes(String(i.data['bindingId'])) && i.data['status'] === 'active')
    .map((i): CompanyItem => ({ ...i, data: { ...i.data, status: 'cancelled', endedAt: at } }));
}

/**
 * The records of the given bindings, for a restriction narrowed to them: the bindings, their cards (unless another
 * active binding still uses the card) and the transactions made with those cards.
 */
export function bindingScope(items: readonly CompanyItem[], bindingIds: readonly string[]): Set<string> {
  const scoped = items.filter((i) => i.kind === 'QP' && bindingIds.includes(String(i.data['bindingId'])));
  const cardIds = new Set(scoped.map((i) => String(i.data['cardId'])));
  const stillBound = new Set(
    items
      .filter(
        (i) => i.kind === 'QP' && !bindingIds.includes(String(i.data['bindingId'])) && i.data['status'] === 'active',
      )
      .map((i) => String(i.data['cardId'])),
  );
  const keys = new Set(scoped.map((i) => i.sk));
  for (const i of items) {
    const cardId = String(i.data['cardId'] ?? '');
    if (i.kind === 'CARD' && cardIds.has(cardId) && !stillBound.has(cardId)) keys.add(i.sk);
    if (i.kind === 'TXN' && cardIds.has(cardId)) keys.add(i.sk);
  }
  return keys;
}

/** The profile closed at `at`, or undefined when already closed (the first end stands) or erased. */
export function closedProfile(items: readonly CompanyItem[], at: string): CompanyItem | undefined {
  const profile = items.find((i) => i.kind === 'PROFILE');
  if (!profile || typeof profile.data['closedAt'] === 'string') return undefined;
  return { ...profile, data: { ...profile.data, status: 'closed', closedAt: at } };
}
