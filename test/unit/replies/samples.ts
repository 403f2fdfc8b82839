// Sample data for every letter: masked or fake values only (snapshots keep them).
import type { LetterKind } from '../../../domain/policy/index.ts';
import type { LetterData } from '../../../domain/replies/index.ts';

const requestId = 'RF-20261125-7K3QZ8';
const base = { requestId, receivedOn: '2026-11-25' };

export const SAMPLES: { [K in LetterKind]: LetterData<K> } = {
  acknowledgement: {
    ...base,
    rights: ['delete', 'access'],
    deadline: '2026-12-16',
    provisional: false,
    verificationNeeded: true,
  },
  verification_code: { requestId, code: '482913', validMinutes: 30 },
  verification_sms: { requestId, code: '482913', validMinutes: 30 },
  download_code: { requestId, code: '271828', expiresOn: '2026-12-02' },
  download_sms: { requestId, code: '271828', expiresOn: '2026-12-02' },
  correction_confirmed: {
    requestId,
    receivedOn: '2026-11-25',
    categories: ['contact', 'identity'],
    appliedOn: '2026-11-27',
  },
  transfer_link: {
    requestId,
    receiverName: '某某支付有限公司',
    url: 'http://127.0.0.1:8787/download/RF-20261125-ABC123/transfer/abcdefghijklmnopqrstuvwx',
    expiresOn: '2026-12-02',
    categories: ['identity', 'transactions'],
  },
  transfer_code: { requestId, receiverName: '某某支付有限公司', code: '482913', expiresOn: '2026-12-02' },
  transfer_decided: {
    requestId,
    receivedOn: '2026-11-25',
    transfer: {
      to: '某某支付有限公司',
      status: 'refused',
      sentOn: null,
      expiresOn: null,
      reason: { zh: '该公司未能确认其接收地址。', en: 'The company could not confirm its receiving address.' },
    },
    categories: [],
  },
  explanation_answered: {
    requestId,
    receivedOn: '2026-11-25',
    answer: {
      zh: '我们收集设备信息（设备型号、操作系统版本、设备标识符）是为了识别异常登录和交易风险，保障您的账户和资金安全；该信息不用于营销。',
      en: 'We collect device information (model, operating system version, device identifiers) to detect unusual sign-ins and payment risks and keep your account and funds safe; it is not used for marketing.',
    },
  },
  restriction_lifted: {
    requestId,
    receivedOn: '2026-11-25',
    lines: [
      {
        zh: '您自2026年11月25日起对「将您的个人信息用于营销推送和营销画像」的限制已于2026年12月3日解除；此后我们将按照您的订阅设置恢复营销推送及营销画像。您仍可随时要求撤回同意或退订。',
        en: 'Your restriction of "use of your personal information for marketing messages and marketing profiles" in force since 2026-11-25 was lifted on 2026-12-03; marketing and marketing profiles resume as your subscription setting says. You can still withdraw consent or unsubscribe at any time.',
      },
    ],
    partners: [{ zh: '连连（杭州）信息技术有限公司', en: 'LianLian (Hangzhou) Information Technology Co., Ltd.' }],
  },
  download_link: {
    requestId,
    right: 'copy',
    url: 'http://127.0.0.1:8787/download/RF-20261125-7K3QZ8/copy/sample-secret-2',
    expiresOn: '2026-12-09',
    codeVia: 'email',
  },
  completed: {
    ...base,
    rights: ['delete', 'access'],
    erased: ['contact', 'marketing', 'device'],
    backupPurgeBy: '2026-12-30',
    recipientsNotified: 2,
    notes: [],
    disclosure: {
      scope: 'held',
      categories: [
        {
          category: 'transactions',
          records: 2,
          purposes: [
            {
              zh: '处理您的支付指令并完成支付结算',
              en: 'to process your payment instructions and settle payments',
              cite: { zh: '隐私政策第一条第（一）项第1点', en: 'privacy policy §1(1)1' },
            },
          ],
          legalBases: [
            {
              zh: '为订立、履行您作为一方当事人的支付服务合同所必需',
              en: 'necessary to perform the payment-service contract',
              cite: { zh: '《个人信息保护法》第十三条第一款第（二）项', en: 'PIPL, Article 13(1)(2)' },
            },
          ],
          source: { zh: '您使用支付服务时产生', en: 'created when you pay' },
          recipients: [
            { names: { zh: '中国银联股份有限公司', en: 'China UnionPay' }, contact: '95516', received: true },
            { names: { zh: '网联清算有限公司', en: 'NetsUnion' }, contact: 'contact@nucc.com', received: false },
          ],
          retention: { zh: '自每笔交易结束后至少保存十年', en: 'at least ten years after each transaction' },
          sensitive: true,
        },
      ],
      answer: null,
    },
    downloads: [
      {
        right: 'access',
        url: 'http://127.0.0.1:8787/download/RF-20261125-7K3QZ8/access/sample-secret',
        expiresOn: '2026-12-02',
        codeVia: 'sms',
        included: ['transactions'],
        excluded: [],
        transfer: null,
      },
    ],
  },
  held: {
    ...base,
    rights: ['delete'],
    held: [
      {
        category: 'identity',
        until: '2036-11-25',
        kind: 'retention',
        line: {
          zh: '依据：《反洗钱法》（2024年修订）第三十四条、第六十三条。',
          en: 'Basis: Anti-Money Laundering Law (2024 revision), Articles 34 and 63.',
        },
      },
    ],
    recipientsNotified: 0,
    notes: [],
  },
  partially_completed: {
    ...base,
    rights: ['delete'],
    erased: ['contact', 'marketing'],
    held: [
      {
        category: 'identity',
        until: '2036-11-25',
        kind: 'retention',
        line: {
          zh: '依据：《反洗钱法》（2024年修订）第三十四条、第六十三条。',
          en: 'Basis: Anti-Money Laundering Law (2024 revision), Articles 34 and 63.',
        },
      },
      {
        category: 'transactions',
        until: '2035-01-10',
        kind: 'retention',
        line: {
          zh: '依据：《反洗钱法》（2024年修订）第三十四条、第六十三条。',
          en: 'Basis: Anti-Money Laundering Law (2024 revision), Articles 34 and 63.',
        },
      },
    ],
    refusedReasons: [],
    backupPurgeBy: '2026-12-30',
    recipientsNotified: 3,
    notes: [{ zh: '营销短信和邮件已停止发送。', en: 'Marketing messages have stopped.' }],
  },
  refused: {
    ...base,
    rights: ['cancel_quickpay'],
    reasons: [
      {
        zh: '您与商户、发卡行或我们之间存在尚未解决的争议，在争议解决前我们无法为您注销快捷支付服务（隐私政策第四条第（五）项）。',
        en: 'There are unresolved disputes between you and the merchant, the issuing bank or us; quick pay cannot be cancelled until they are resolved (privacy policy §4(5)).',
      },
    ],
    // An adult writing for herself: 《未成年人网络保护条例》第三十四条 is not hers (the minor's letter is tested apart).
    minor: false,
  },
  unable_to_verify: { ...base, rights: ['copy'], windowWorkingDays: 10 },
  fee_quote: {
    ...base,
    rights: ['portability'],
    amount: 70,
    currency: 'CNY',
    priorCount: 3,
    windowMonths: 12,
    reason: {
      zh: '隐私政策第四条第（四）项；《网络数据安全管理条例》第二十五条第二款',
      en: 'Privacy policy §4(4); Network Data Security Management Regulations, Article 25(2)',
    },
    costLines: [
      {
        zh: '导出数据的整理与核对',
        en: 'compiling and checking the exported data',
        quantity: 1,
        unit: { zh: '小时', en: 'hour(s)' },
        unitCost: 60,
        subtotal: 60,
      },
      {
        zh: '加密传输与交付',
        en: 'encrypted transfer and delivery',
        quantity: 1,
        unit: { zh: '次', en: 'transfer(s)' },
        unitCost: 10,
        subtotal: 10,
      },
    ],
    costTotal: 70,
    payment: { zh: '请拨打全球服务热线 400-018-8888 付款', en: 'call our hotline 400-018-8888 to pay' },
    acceptBy: '2026-12-09',
    replyBy: '2026-12-16',
  },
  withdrawn: { ...base, rights: ['portability'], cause: 'fee_lapsed', amount: 70, acceptBy: '2026-12-09' },
  partner_notice: {
    requestId,
    partnerName: { zh: '网联清算有限公司', en: 'NetsUnion Clearing Corporation' },
    categories: ['identity', 'bank_cards'],
    legalBasisArticle: 23,
    subjectReference: [
      { label: { zh: '姓名', en: 'Name' }, value: '张*' },
      { label: { zh: '身份证件号码', en: 'ID number' }, value: '330106********1234' },
      { label: { zh: '银行卡', en: 'Bank card' }, value: '6222 **** **** 0123' },
    ],
    ackUrl: 'https://rightsflow.example/partner-ack/SIGNED',
    ackDueBy: '2026-12-09',
    sentOn: '2026-11-25',
  },
  partner_reminder: {
    requestId,
    partnerName: { zh: '中国银联股份有限公司', en: 'China UnionPay Co., Ltd.' },
    categories: ['transactions'],
    ackUrl: null,
    ackDueBy: '2026-12-09',
    noticeSentOn: '2026-11-25',
    reminderNumber: 1,
  },
  escalation: {
    requestId,
    reason: 'deadline_near',
    deadline: '2026-12-16',
    workingDaysLeft: 2,
    status: 'under_review',
    detail: '',
    consoleUrl: null,
  },
};
