// How each partner finds the person in its own records (issue 13 item 6; newcomer review D16, legal review L6): the
// issuing bank by the cards it issued (as we hold them), the reserved phone and the quick-pay agreements with it; a
// clearing network by the transactions it carried (transaction and order numbers); the entrusted processor by our
// customer id; everyone by name and ID number. In full, never masked alone: these lines travel only inside a signed
// webhook or an encrypted attachment (functions/send-recipient-notice/secure-reference.ts).
import type { DataCategory } from '../request/model.ts';

export type PartnerRole =
  | 'clearing'
  | 'issuing_bank'
  | 'entrusted_processor'
  | 'verification_agency'
  | 'service_provider';

export interface ReferenceLine {
  label: { zh: string; en: string };
  value: string;
}

/** What the company's systems gave for the customer (CompanyDataSource.export), read before anything was erased. */
export type CustomerRecords = Partial<Record<DataCategory, unknown[]>>;

/** Transactions listed per notice: the latest ones; the count says how many more the network carried. */
export const MAX_TRANSACTIONS = 50;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const recs = (data: CustomerRecords, category: DataCategory, type: string) =>
  (data[category] ?? []).filter(
    (x): x is Record<string, unknown> =>
      !!x && typeof x === 'object' && (x as Record<string, unknown>)['recordType'] === type,
  );

function line(zh: string, en: string, value: string | undefined): ReferenceLine[] {
  return value ? [{ label: { zh, en }, value }] : [];
}

/** `issuing_bank:ICBC` → `ICBC`; the company's card records name the bank in lower or upper case. */
const bankOf = (partnerId: string) => partnerId.split(':')[1]?.toUpperCase();

export function partnerReference(
  role: PartnerRole | undefined,
  partnerId: string,
  customerId: string,
  data: CustomerRecords,
): ReferenceLine[] {
  const profile = recs(data, 'identity', 'PROFILE')[0] ?? {};
  const out: ReferenceLine[] = [
    ...line('姓名', 'Name', str(profile['name'])),
    ...line('身份证号', 'ID number', str(profile['idNumber'])),
  ];
  const cards = recs(data, 'bank_cards', 'CARD');
  const bindings = recs(data, 'bank_cards', 'QP');
  const txns = recs(data, 'transactions', 'TXN');
  if (role === 'issuing_bank') {
    const bank = bankOf(partnerId);
    const own = cards.filter((c) => String(c['bankId'] ?? '').toUpperCase() === bank);
    for (const c of own) {
      out.push(...line('银行卡号（我司留存形式）', 'Card number (as we hold it)', str(c['maskedNumber'])));
      out.push(...line('预留手机号', 'Reserved mobile', str(c['reservedPhone'])));
      for (const b of bindings.filter((q) => q['cardId'] === c['cardId']))
        out.push(
          ...line(
            '快捷支付签约协议号',
            'Quick-pay agreement',
            [str(b['bindingId']), str(b['merchant']), str(b['boundAt'])?.slice(0, 10)].filter(Boolean).join(' · '),
          ),
        );
    }
  } else if (role === 'clearing') {
    const carried = txns
      .filter((t) => t['clearing'] === partnerId)
      .sort((a, b) => String(b['at'] ?? '').localeCompare(String(a['at'] ?? '')));
    for (const t of carried.slice(0, MAX_TRANSACTIONS))
      out.push(
        ...line(
          '交易流水号 / 订单号',
          'Transaction / order number',
          [str(t['txnId']), str(t['orderNo']), str(t['at'])?.slice(0, 10), str(t['amount'])]
            .filter(Boolean)
            .join(' · '),
        ),
      );
    if (carried.length > MAX_TRANSACTIONS)
      out.push(...line('其余交易笔数', 'Further transactions', String(carried.length - MAX_TRANSACTIONS)));
    for (const c of cards)
      out.push(...line('银行卡号（我司留存形式）', 'Card number (as we hold it)', str(c['maskedNumber'])));
  }
  // The entrusted processor and the other service partners hold our customer under our own id.
  if (role !== 'issuing_bank' && role !== 'clearing') out.push(...line('我司客户编号', 'Our customer id', customerId));
  return out;
}
