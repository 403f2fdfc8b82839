// Partner ids the sample company reports as recipients (policy §2). They match policy/recipients.yaml; issuing
// banks are the registry's per-customer entry `issuing_bank:<bankCode>`.
export const CLEARING_PARTNER = { unionpay: 'unionpay', nucc: 'nucc' } as const;
/** 连连（杭州）信息技术有限公司, the entrusted processor (policy §2(二)). */
export const ENTRUSTED_PROCESSOR = 'lianlian_hangzhou';

export function issuingBankPartner(bankId: string): string {
  return `issuing_bank:${bankId.toUpperCase()}`;
}

export const BANKS: readonly { bankId: string; name: string; bin: string }[] = [
  { bankId: 'icbc', name: '中国工商银行', bin: '622202' },
  { bankId: 'ccb', name: '中国建设银行', bin: '621700' },
  { bankId: 'abc', name: '中国农业银行', bin: '622848' },
  { bankId: 'boc', name: '中国银行', bin: '621661' },
  { bankId: 'cmb', name: '招商银行', bin: '622588' },
  { bankId: 'bocom', name: '交通银行', bin: '622260' },
];
