// Well-known demo customers of the sample company (fake identities with valid checksums). The integration
// tests and the README's try-it use these; the generator adds them to every seeded company.

export interface DemoCustomer {
  customerId: string;
  name: string;
  idNumber: string;
  phone: string;
  email: string;
  bankCardLast4: string;
  /** Issuing bank's partner id in the recipients registry. */
  issuingBank: string;
  /** What this customer demonstrates. */
  scenario: string;
  guardian?: { name: string; idNumber: string; phone: string; email: string; relation: string };
}

/** Active customer with a transaction in November 2026: AML Law art. 34 holds identity and transactions (partial deletion). */
export const DEMO_ACTIVE: DemoCustomer = {
  customerId: 'C900001',
  name: '李演示',
  idNumber: '330106199003071236',
  phone: '13900000001',
  email: 'li.yanshi@example.com',
  bankCardLast4: '0047',
  issuingBank: 'issuing_bank:ICBC',
  scenario: 'active customer, recent transaction: deletion is partial (AML retention)',
};

/** Customer with an open dispute on a quick-pay payment: cancel_quickpay is blocked (policy §4(5)). */
export const DEMO_DISPUTE: DemoCustomer = {
  customerId: 'C900002',
  name: '王样例',
  idNumber: '440305198506122467',
  phone: '13900000002',
  email: 'wang.yangli@example.com',
  bankCardLast4: '0872',
  issuingBank: 'issuing_bank:CMB',
  scenario: 'open dispute with a merchant: quick-pay cancellation blocked',
};

/** Child born 2016-05-09 (under 14): priority deletion, the guardian acts (PIPL art. 31, policy §5). */
export const DEMO_MINOR: DemoCustomer = {
  customerId: 'C900003',
  name: '陈小测',
  idNumber: '310101201605093816',
  // A child's account carries the guardian's mobile (as banks' reserved numbers for minors usually do), so the
  // guardian's own number finds the child's record.
  phone: '13900000003',
  email: 'chen.xiaoce@example.com',
  bankCardLast4: '0013',
  issuingBank: 'issuing_bank:CCB',
  scenario: 'customer under 14 with a guardian',
  guardian: {
    name: '陈监护',
    idNumber: '310101198309212425',
    phone: '13900000003',
    email: 'chen.jianhu@example.com',
    relation: '母亲',
  },
};

/** Relationship ended 2014-06-30, last transaction 2014-06-01: more than 10 years ago, nothing is held. */
export const DEMO_FORMER: DemoCustomer = {
  customerId: 'C900004',
  name: '赵旧户',
  idNumber: '11010119720215135X',
  phone: '13900000005',
  email: 'zhao.jiuhu@example.com',
  bankCardLast4: '0029',
  issuingBank: 'issuing_bank:ABC',
  scenario: 'former customer, relationship ended over 10 years ago: full deletion',
};

/** Active customer under an open anti-money-laundering investigation: deletion is blocked, the privacy officer reviews. */
export const DEMO_HELD: DemoCustomer = {
  customerId: 'C900005',
  name: '孙留置',
  idNumber: '510107198808142711',
  phone: '13900000006',
  email: 'sun.liuzhi@example.com',
  bankCardLast4: '0063',
  issuingBank: 'issuing_bank:BOC',
  scenario: 'open AML investigation (legal hold): deletion blocked, privacy-officer review',
};

export const DEMO_CUSTOMERS = [DEMO_ACTIVE, DEMO_DISPUTE, DEMO_MINOR, DEMO_FORMER, DEMO_HELD] as const;
