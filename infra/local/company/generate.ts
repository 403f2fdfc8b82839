// Generates the sample company deterministically from a seed: the four demo customers plus N fake ones.
import { DEMO_ACTIVE, DEMO_DISPUTE, DEMO_FORMER, DEMO_HELD, DEMO_MINOR, type DemoCustomer } from './demo-customers.ts';
import { makeCardNumber, makeResidentId, maskCardNumber, prng } from './fake-identifiers.ts';
import { BANKS } from './partners.ts';
import type { CardRecord, SampleCustomer, TransactionRecord } from './records.ts';

export interface GenerateOptions {
  customers: number;
  seed: number;
  /** The company's "today"; fixed so that the data does not depend on when it is generated. */
  asOf?: string;
}

const DEFAULT_AS_OF = '2026-11-20T12:00:00+08:00';
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '秀英',
  '婷',
];
const AREAS = [
  { code: '110101', city: '北京市东城区' },
  { code: '310101', city: '上海市黄浦区' },
  { code: '330106', city: '杭州市西湖区' },
  { code: '440305', city: '深圳市南山区' },
  { code: '510107', city: '成都市武侯区' },
  { code: '420106', city: '武汉市武昌区' },
];
const OCCUPATIONS = ['职员', '教师', '工程师', '个体经营者', '医生', '自由职业', '学生', '退休'];
const MERCHANTS = [
  '示例商城电子商务有限公司',
  '样例游戏科技有限公司',
  '演示出行服务有限公司',
  '测试跨境商贸有限公司',
  '虚构生活服务有限公司',
];
const DEVICES = [
  { device: 'iPhone 15', os: 'iOS 18', browser: 'Safari' },
  { device: 'HUAWEI Mate 60', os: 'HarmonyOS 4', browser: 'Huawei Browser' },
  { device: 'Xiaomi 14', os: 'Android 14', browser: 'Chrome' },
  { device: 'PC', os: 'Windows 11', browser: 'Edge' },
];
const TAGS = ['高频支付', '跨境购物', '游戏充值', '出行', '优惠敏感', '新客'];
const DAY = 86_400_000;

export function generateSampleCompany(options: GenerateOptions): SampleCustomer[] {
  const asOf = Date.parse(options.asOf ?? DEFAULT_AS_OF);
  const rand = prng(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const between = (from: number, to: number) => from + Math.floor(rand() * Math.max(1, to - from));

  const usedIds = new Set<string>(demoSeeds().flatMap((d) => [d.idNumber, d.guardian?.idNumber ?? '']));
  const usedPhones = new Set<string>(demoSeeds().flatMap((d) => [d.phone, d.guardian?.phone ?? '']));
  const out: SampleCustomer[] = demoCustomers();

  for (let i = 1; i <= options.customers; i++) {
    const customerId = `C${String(i).padStart(6, '0')}`;
    const area = pick(AREAS);
    const birth = new Date(Date.UTC(int(1955, 2004), int(0, 11), int(1, 28)));
    const birthDate = birth.toISOString().slice(0, 10);
    let idNumber: string;
    do idNumber = makeResidentId(area.code, birthDate.replaceAll('-', ''), int(0, 999));
    while (usedIds.has(idNumber));
    usedIds.add(idNumber);
    let phone: string;
    do phone = `1${pick(['3', '5', '7', '8', '9'])}${String(int(0, 999_999_999)).padStart(9, '0')}`;
    while (usedPhones.has(phone));
    usedPhones.add(phone);

    const opened = between(Date.UTC(2012, 0, 1), asOf - 30 * DAY);
    const closed = rand() < 0.15 ? between(opened + 30 * DAY, asOf) : undefined;
    const end = closed ?? asOf;
    const iso = (t: number) => new Date(t).toISOString();

    const cards: CardRecord[] = [];
    for (let c = 1, n = int(1, 3); c <= n; c++) {
      const bank = pick(BANKS);
      const number = makeCardNumber(bank.bin, String(int(0, 999_999_999)).padStart(9, '0'));
      cards.push({
        cardId: `${customerId}-K${c}`,
        bankId: bank.bankId,
        bankName: bank.name,
        maskedNumber: maskCardNumber(number),
        last4: number.slice(-4),
        reservedPhone: phone,
        addedAt: iso(between(opened, end)),
      });
    }
    const transactions: TransactionRecord[] = [];
    for (let t = 1, n = int(0, 30); t <= n; t++) {
      const at = between(opened, end);
      transactions.push({
        txnId: `${customerId}-T${t}`,
        at: iso(at),
        amount: (int(100, 500_000) / 100).toFixed(2),
        currency: 'CNY',
        merchant: pick(MERCHANTS),
        orderNo: `LL${iso(at).slice(0, 10).replaceAll('-', '')}${String(int(0, 99_999_999)).padStart(8, '0')}`,
        cardId: pick(cards).cardId,
        clearing: rand() < 0.5 ? 'unionpay' : 'nucc',
        status: rand() < 0.95 ? 'succeeded' : 'refunded',
      });
    }
    transactions.sort((a, b) => a.at.localeCompare(b.at));
    const name = pick(SURNAMES) + pick(GIVEN);
    out.push({
      profile: {
        customerId,
        name,
        idNumber,
        gender: Number(idNumber[16]) % 2 === 1 ? 'M' : 'F',
        birthDate,
        nationality: 'CN',
        address: `${area.city}示例路${int(1, 999)}号`,
        occupation: pick(OCCUPATIONS),
        status: closed ? 'closed' : 'active',
        openedAt: iso(opened),
        ...(closed ? { closedAt: iso(closed) } : {}),
      },
      contact: { phone, email: `u${customerId.slice(1)}.${int(100, 999)}@example.com`, updatedAt: iso(opened) },
      cards,
      quickPay: cards
        .filter(() => rand() < 0.6)
        .map((card, q) => ({
          bindingId: `${customerId}-Q${q + 1}`,
          cardId: card.cardId,
          merchant: pick(MERCHANTS),
          boundAt: card.addedAt,
          status: closed ? ('cancelled' as const) : ('active' as const),
        })),
      transactions,
      devices: Array.from({ length: int(1, 6) }, () => ({
        at: iso(between(opened, end)),
        ip: `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
        ...pick(DEVICES),
        location: area.city,
      })),
      marketing: {
        subscribed: rand() < 0.5,
        tags: TAGS.filter(() => rand() < 0.3),
        updatedAt: iso(between(opened, end)),
      },
      tickets:
        rand() < 0.3
          ? [
              {
                ticketId: `${customerId}-S1`,
                at: iso(between(opened, end)),
                kind: rand() < 0.1 ? 'dispute' : 'inquiry',
                status: 'closed',
                channel: rand() < 0.5 ? 'hotline' : 'online',
                summary: '咨询支付到账时间',
                callRecording: rand() < 0.5,
              },
            ]
          : [],
    });
  }
  return out;
}

function demoSeeds(): DemoCustomer[] {
  return [DEMO_ACTIVE, DEMO_DISPUTE, DEMO_MINOR, DEMO_FORMER, DEMO_HELD];
}

function demoCard(d: DemoCustomer, bankId: string, number: string, addedAt: string): CardRecord {
  const bank = BANKS.find((b) => b.bankId === bankId)!;
  return {
    cardId: `${d.customerId}-K1`,
    bankId,
    bankName: bank.name,
    maskedNumber: maskCardNumber(number),
    last4: number.slice(-4),
    reservedPhone: d.phone,
    addedAt,
  };
}

function txn(d: DemoCustomer, n: number, at: string, amount: string, clearing: 'unionpay' | 'nucc'): TransactionRecord {
  return {
    txnId: `${d.customerId}-T${n}`,
    at,
    amount,
    currency: 'CNY',
    merchant: MERCHANTS[n % MERCHANTS.length]!,
    orderNo: `LL${at.slice(0, 10).replaceAll('-', '')}9000${d.customerId.slice(-2)}${String(n).padStart(2, '0')}`,
    cardId: `${d.customerId}-K1`,
    clearing,
    status: 'succeeded',
  };
}

/** The demo customers' full records, fixed (not drawn from the PRNG) so tests can rely on them. */
function demoCustomers(): SampleCustomer[] {
  const a = DEMO_ACTIVE;
  const d = DEMO_DISPUTE;
  const m = DEMO_MINOR;
  const f = DEMO_FORMER;
  const h = DEMO_HELD;
  const device = { ip: '10.0.0.8', device: 'iPhone 15', os: 'iOS 18', browser: 'Safari' };
  return [
    {
      profile: {
        customerId: a.customerId,
        name: a.name,
        idNumber: a.idNumber,
        gender: 'M',
        birthDate: '1990-03-07',
        nationality: 'CN',
        address: '杭州市西湖区示例路1号',
        occupation: '工程师',
        status: 'active',
        openedAt: '2019-04-01T02:00:00.000Z',
      },
      contact: { phone: a.phone, email: a.email, updatedAt: '2019-04-01T02:00:00.000Z' },
      cards: [demoCard(a, 'icbc', '6222021000000047', '2019-04-01T02:05:00.000Z')],
      quickPay: [
        {
          bindingId: `${a.customerId}-Q1`,
          cardId: `${a.customerId}-K1`,
          merchant: MERCHANTS[0]!,
          boundAt: '2019-04-01T02:06:00.000Z',
          status: 'active',
        },
      ],
      transactions: [
        txn(a, 1, '2023-06-18T04:30:00.000Z', '299.00', 'nucc'),
        txn(a, 2, '2025-11-11T01:00:00.000Z', '1288.00', 'unionpay'),
        txn(a, 3, '2026-11-18T06:15:00.000Z', '66.50', 'unionpay'),
      ],
      devices: [{ at: '2026-11-18T06:14:00.000Z', ...device, location: '杭州市西湖区' }],
      marketing: { subscribed: true, tags: ['高频支付', '优惠敏感'], updatedAt: '2026-01-05T00:00:00.000Z' },
      tickets: [],
    },
    {
      profile: {
        customerId: d.customerId,
        name: d.name,
        idNumber: d.idNumber,
        gender: 'F',
        birthDate: '1985-06-12',
        nationality: 'CN',
        address: '深圳市南山区示例路2号',
        occupation: '教师',
        status: 'active',
        openedAt: '2021-08-10T03:00:00.000Z',
      },
      contact: { phone: d.phone, email: d.email, updatedAt: '2021-08-10T03:00:00.000Z' },
      cards: [demoCard(d, 'cmb', '6225883000000872', '2021-08-10T03:10:00.000Z')],
      quickPay: [
        {
          bindingId: `${d.customerId}-Q1`,
          cardId: `${d.customerId}-K1`,
          merchant: MERCHANTS[1]!,
          boundAt: '2021-08-10T03:12:00.000Z',
          status: 'active',
        },
      ],
      transactions: [
        txn(d, 1, '2026-09-01T08:00:00.000Z', '648.00', 'nucc'),
        txn(d, 2, '2026-10-20T09:30:00.000Z', '328.00', 'nucc'),
      ],
      devices: [
        { at: '2026-10-20T09:29:00.000Z', ...device, device: 'Xiaomi 14', os: 'Android 14', location: '深圳市南山区' },
      ],
      marketing: { subscribed: false, tags: ['游戏充值'], updatedAt: '2021-08-10T03:00:00.000Z' },
      tickets: [
        {
          ticketId: `${d.customerId}-S1`,
          at: '2026-10-22T02:00:00.000Z',
          kind: 'dispute',
          status: 'open',
          channel: 'hotline',
          summary: '对2026-10-20的快捷支付交易有异议，商户未发货',
          callRecording: true,
        },
      ],
    },
    {
      profile: {
        customerId: m.customerId,
        name: m.name,
        idNumber: m.idNumber,
        gender: 'M',
        birthDate: '2016-05-09',
        nationality: 'CN',
        address: '上海市黄浦区示例路3号',
        occupation: '学生',
        status: 'active',
        openedAt: '2025-07-01T06:00:00.000Z',
        guardian: {
          name: m.guardian!.name,
          phone: m.guardian!.phone,
          email: m.guardian!.email,
          relation: m.guardian!.relation,
        },
      },
      contact: { phone: m.phone, email: m.email, updatedAt: '2025-07-01T06:00:00.000Z' },
      cards: [demoCard(m, 'ccb', '6217005000000013', '2025-07-01T06:05:00.000Z')],
      quickPay: [],
      transactions: [txn(m, 1, '2025-07-02T10:00:00.000Z', '30.00', 'unionpay')],
      devices: [
        {
          at: '2025-07-02T09:59:00.000Z',
          ...device,
          device: 'HUAWEI MatePad',
          os: 'HarmonyOS 4',
          location: '上海市黄浦区',
        },
      ],
      marketing: { subscribed: true, tags: ['游戏充值'], updatedAt: '2025-07-01T06:00:00.000Z' },
      tickets: [],
    },
    {
      profile: {
        customerId: f.customerId,
        name: f.name,
        idNumber: f.idNumber,
        gender: 'M',
        birthDate: '1972-02-15',
        nationality: 'CN',
        address: '北京市东城区示例路4号',
        occupation: '个体经营者',
        status: 'closed',
        openedAt: '2009-03-01T01:00:00.000Z',
        closedAt: '2014-06-30T01:00:00.000Z',
      },
      contact: { phone: f.phone, email: f.email, updatedAt: '2009-03-01T01:00:00.000Z' },
      cards: [demoCard(f, 'abc', '6228482000000029', '2009-03-01T01:05:00.000Z')],
      quickPay: [
        {
          bindingId: `${f.customerId}-Q1`,
          cardId: `${f.customerId}-K1`,
          merchant: MERCHANTS[2]!,
          boundAt: '2009-03-01T01:06:00.000Z',
          status: 'cancelled',
        },
      ],
      transactions: [
        txn(f, 1, '2013-12-24T05:00:00.000Z', '88.00', 'unionpay'),
        txn(f, 2, '2014-06-01T05:00:00.000Z', '120.00', 'unionpay'),
      ],
      devices: [{ at: '2014-06-01T04:59:00.000Z', ...device, device: 'PC', os: 'Windows 7', location: '北京市东城区' }],
      marketing: { subscribed: false, tags: [], updatedAt: '2014-06-30T01:00:00.000Z' },
      tickets: [
        {
          ticketId: `${f.customerId}-S1`,
          at: '2014-06-29T02:00:00.000Z',
          kind: 'inquiry',
          status: 'closed',
          channel: 'hotline',
          summary: '申请注销账户',
          callRecording: true,
        },
      ],
    },
    {
      profile: {
        customerId: h.customerId,
        name: h.name,
        idNumber: h.idNumber,
        gender: 'M',
        birthDate: '1988-08-14',
        nationality: 'CN',
        address: '成都市武侯区示例路5号',
        occupation: '个体经营者',
        status: 'active',
        openedAt: '2020-02-03T02:00:00.000Z',
      },
      contact: { phone: h.phone, email: h.email, updatedAt: '2020-02-03T02:00:00.000Z' },
      cards: [demoCard(h, 'boc', '6216610000000063', '2020-02-03T02:05:00.000Z')],
      // The two large payments went through this binding: cancelling it during the investigation ends the agreement
      // and keeps the card and its payments (a legal hold and AML Law art. 34 both hold them).
      quickPay: [
        {
          bindingId: `${h.customerId}-Q1`,
          cardId: `${h.customerId}-K1`,
          merchant: MERCHANTS[3]!,
          boundAt: '2020-02-03T02:06:00.000Z',
          status: 'active',
        },
      ],
      transactions: [
        txn(h, 1, '2026-08-08T03:00:00.000Z', '49800.00', 'unionpay'),
        txn(h, 2, '2026-08-09T03:00:00.000Z', '49900.00', 'unionpay'),
      ],
      devices: [
        { at: '2026-08-09T02:59:00.000Z', ...device, device: 'PC', os: 'Windows 11', location: '成都市武侯区' },
      ],
      marketing: { subscribed: false, tags: [], updatedAt: '2020-02-03T02:00:00.000Z' },
      tickets: [],
      legalHolds: [
        { kind: 'aml_investigation', since: '2026-09-01T02:00:00.000Z', reference: 'AML-2026-0042', status: 'open' },
      ],
    },
  ];
}

/**
 * A customer whose request the workflow answers alone: no guardian (a minor's request waits for documents) and no open
 * legal hold (an AML investigation or a litigation hold sends a deletion to the privacy officer's review, as it must).
 * The load drivers (the bench, the crash batch, the simulated year) pick their "automatic" customers with it.
 */
export function answeredAlone(c: SampleCustomer): boolean {
  return !c.profile.guardian && !(c.legalHolds ?? []).some((h) => h.status === 'open');
}
