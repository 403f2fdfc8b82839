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
  completed: {
    ...base,
    rights: ['delete'],
    erased: ['contact', 'marketing', 'device'],
    backupPurgeBy: '2026-12-30',
    recipientsNotified: 2,
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
    exceptionCodes: ['legal_obligation'],
    reasons: [{ zh: '您与商户之间存在尚未解决的争议。', en: 'There is an unresolved dispute with the merchant.' }],
    minor: true,
  },
  unable_to_verify: { ...base, rights: ['copy'], windowWorkingDays: 10 },
  fee_quote: {
    ...base,
    rights: ['portability'],
    amount: 30,
    currency: 'CNY',
    priorCount: 3,
    windowMonths: 12,
    reason: { zh: '十二个月内第四次转移请求。', en: 'Fourth portability request within twelve months.' },
    acceptBy: '2026-12-09',
  },
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
