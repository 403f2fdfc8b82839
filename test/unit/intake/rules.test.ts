// The classification rules one by one: rights with negation, extraction, language, replies, normalisation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../domain/identity/index.ts';
import {
  authoredPart,
  classifyMail,
  classifyRights,
  detectLanguage,
  extractSubject,
  normalizeText,
  replySignals,
  verificationCode,
} from '../../../domain/intake/index.ts';

const rights = (text: string) => classifyRights(normalizeText(text));
const NOW = new Date('2026-11-25T02:00:00Z');
const validId = (first17: string) => first17 + residentIdCheckChar(first17);

describe('rights', () => {
  it.each([
    ['请删除我的个人信息', ['delete']],
    ['不要删除我的信息，请更正我的手机号为13712345678', ['correct']],
    ['我不是要删除信息，只是想了解你们持有我哪些个人信息', ['access']],
    ['并非要注销账户，我只想退订营销短信', ['withdraw_consent']],
    ['我已经不用了请删除我的账户', ['delete']],
    ["Please don't delete my account, just correct my name.", ['correct']],
    ['I do not want you to delete my data. I want a copy of my personal data.', ['copy']],
    ['申请注销快捷支付并删除我的所有个人信息', ['delete', 'cancel_quickpay']],
    ['请解绑尾号1234的银行卡', ['cancel_quickpay']],
    ['Please unsubscribe me and explain why you collect my ID card information.', ['withdraw_consent', 'explain']],
    ['I request a copy of my personal data and transfer my data to Acme Ltd.', ['copy', 'portability']],
    ['Please restrict the processing of my personal data.', ['restrict']],
    // The tags rest on the consent withdrawn: erasing them is the withdrawal's own (PIPL art. 47 ¶1(3)).
    ['我撤回同意：请不要再根据我的使用情况和问卷给我打标签做用户画像，已经形成的标签请删除。', ['withdraw_consent']],
    ['I withdraw my consent to profiling; please delete the tags you derived.', ['withdraw_consent']],
    // Anything wider than that data is a deletion of its own.
    ['我撤回同意，请删除我的所有个人信息和标签。', ['delete', 'withdraw_consent']],
  ])('%s → %j', (text, expected) => {
    expect(rights(text)).toEqual(expected);
  });

  it.each([
    '我的退款还没到账，请尽快处理',
    '为什么从我的银行卡里扣了200元？请说明原因',
    '如果您不是收件人，请删除本邮件',
    'If you are not the intended recipient, please delete this email.',
    '我要修改支付密码',
    '支付失败怎么办',
    'My payment failed and I was charged twice, fix it.',
  ])('no right in a complaint or footer: %s', (text) => {
    expect(rights(text)).toEqual([]);
  });

  it('reads traditional characters (Big5 mail)', () => {
    expect(rights('請刪除我的個人資料')).toEqual(['delete']);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expect(Array.isArray(rights(s))).toBe(true);
      }),
    );
  });
});

describe('rights: phrasings people actually use (held-out dev misses, generalised)', () => {
  it.each([
    // access as a question, or next to copy / a negated other right
    ['我想知道贵公司存了我哪些数据', ['access']],
    ['麻烦查一下你们是否保存了我的个人信息', ['access']],
    ['你们手上有我的什么资料？', ['access']],
    ['不是要注销，只是想看一下你们收集了我哪些信息', ['access']],
    ['请问你们收集了我哪些信息？另外请把这些信息导出一份给我', ['access', 'copy']],
    ['Please confirm what personal data you hold about me.', ['access']],
    // correct: informal verbs, errors named on the data
    ['我的姓名有误，请帮忙改一下', ['correct']],
    ['邮箱换了，麻烦把账户里的邮箱改成 a@b.cn', ['correct']],
    // cancel_quickpay: unbinding, the object a sentence or two back
    ['我不想再绑定这张卡了，请解除绑定', ['cancel_quickpay']],
    ['有人用我的身份开通了快捷支付。我没开过。请马上关闭', ['cancel_quickpay']],
    ['Please unlink my bank card from your service.', ['cancel_quickpay']],
    ['Please close my account and remove my card.', ['cancel_quickpay', 'close_account']],
    ['Please delete my account.', ['delete', 'close_account']],
    ['I would like my personal data deleted.', ['delete']],
    // withdraw_consent with words between the verb and 同意/授权
    ['我要撤回对你们收集位置信息的同意', ['withdraw_consent']],
    ['I want to unsubscribe from your newsletter.', ['withdraw_consent']],
    // portability: an export handed to another organisation is not a copy
    ['请把我的交易记录导出后发给另一家支付公司', ['portability']],
    ['请把我的账单导出来发给我', ['copy']],
    // explain: why / on what basis / how used / shared with whom / kept how long
    ['你们为什么需要我的身份证照片？', ['explain']],
    ['你们依据什么收集我的通讯录？', ['explain']],
    ['我的银行卡信息你们会给第三方吗？', ['explain']],
    ['人脸照片你们是怎么用的？会给别人吗？要保存多久？', ['explain']],
    ['Why do you collect my location data?', ['explain']],
    ['What is the legal basis for processing my personal data?', ['explain']],
  ])('%s → %j', (text, expected) => {
    expect(rights(text)).toEqual(expected);
  });

  it.each([
    // unsubscribe instructions addressed to the reader (spam, marketing footers)
    '贵公司您好！专业提供快速排名服务。如需退订本邮件请回复TD。',
    '回复T退订',
    'Our SEO experts can help. Reply STOP to unsubscribe.',
    'To unsubscribe, click here.',
    // supplying documents, complaints about judgements, service questions
    '死亡证明和户口本可以补充。',
    '我已经补充了资料，请尽快审核',
    '你们的风控判断有误，我要投诉',
    '请告诉我提现需要什么信息',
    '快捷支付怎么用？',
    '我开通了快捷支付。请问订单怎么取消？',
    '为什么扣了我的钱？',
    '我的验证码收不到，请重新发给新手机号',
    '你们把我的信息发给了别的公司？',
    'You deleted my transaction history and I want it back!',
    'Can you confirm that my refund has been processed?',
  ])('no right: %s', (text) => {
    expect(rights(text)).toEqual([]);
  });
});

describe('extraction', () => {
  const id = validId('11010519870314231');

  it.each([
    ['我叫张三，请删除我的信息', '张三'],
    ['本人李四请求删除', '李四'],
    ['姓名：王五\n请删除', '王五'],
    ['My name is Li Wei, please delete my data.', 'Li Wei'],
    ['请删除我的信息。\n\nRegards,\nJohn Smith', 'John Smith'],
    ['请删除我的信息\n杨雪', '杨雪'],
  ])('name in %j', (text, name) => {
    expect(extractSubject(normalizeText(text), 'a@b.cn', NOW).subject.name).toBe(name);
  });

  it('does not take a phrase for a name', () => {
    expect(extractSubject(normalizeText('姓名写错了，请修改'), 'a@b.cn', NOW).subject.name).toBeUndefined();
    expect(extractSubject(normalizeText('请删除我的信息\n谢谢'), 'a@b.cn', NOW).subject.name).toBeUndefined();
    expect(extractSubject(normalizeText('我申请查阅本人在贵司的交易记录'), 'a@b.cn', NOW).subject.name).toBeUndefined();
    expect(extractSubject(normalizeText('本人身份证号码变更了'), 'a@b.cn', NOW).subject.name).toBeUndefined();
  });

  it('validates the ID number and keeps an invalid one as claimed-invalid', () => {
    expect(extractSubject(`身份证号${id}`, 'a@b.cn', NOW).subject).toMatchObject({ idNumber: id, idNumberValid: true });
    const bad = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(extractSubject(`身份证号码：${bad}`, 'a@b.cn', NOW).subject).toMatchObject({
      idNumber: bad,
      idNumberValid: false,
    });
    // Full-width digits are read too.
    const wide = [...id].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    expect(extractSubject(normalizeText(`身份证：${wide}`), 'a@b.cn', NOW).subject.idNumber).toBe(id);
  });

  it('does not take a bank card number for an ID number; keeps only its last 4 digits', () => {
    const out = extractSubject('银行卡号：6222 0212 3456 7890 128', 'a@b.cn', NOW).subject;
    expect(out.idNumber).toBeUndefined();
    expect(extractSubject('卡号尾号6789', 'a@b.cn', NOW).subject.bankCardLast4).toBe('6789');
    expect(extractSubject('my card ending in 4321', 'a@b.cn', NOW).subject.bankCardLast4).toBe('4321');
  });

  it('reads mobile numbers written with +86, spaces or dashes', () => {
    for (const written of ['13800138000', '+86 138 0013 8000', '138-0013-8000', '+86-13800138000']) {
      expect(extractSubject(`手机 ${written}`, 'a@b.cn', NOW).subject.phone).toBe('13800138000');
    }
    expect(extractSubject('订单号2026111812345678', 'a@b.cn', NOW).subject.phone).toBeUndefined();
  });

  it('takes a stated email over the sender, and the sender otherwise', () => {
    expect(extractSubject('我的邮箱：Me@Example.COM', 'x@qq.com', NOW).subject.email).toBe('Me@example.com');
    expect(extractSubject('请删除', 'x@qq.com', NOW).subject.email).toBe('x@qq.com');
  });

  it('recognises a guardian and names the child as the subject', () => {
    const child = validId('11010820160520301');
    const c = classifyMail(
      {
        from: 'p@163.com',
        subject: '删除孩子信息',
        text: `我是孩子的监护人，我叫王大明。孩子叫王小明，身份证号${child}，请删除孩子的个人信息。`,
        attachments: [],
        warnings: [],
      },
      NOW,
    );
    expect(c).toMatchObject({ guardian: true, minor: true, requesterName: '王大明', subject: { name: '王小明' } });
    expect(extractSubject('I am writing on behalf of my son, Tom Lee.', 'a@b.cn', NOW)).toMatchObject({
      guardian: true,
      subject: { name: 'Tom Lee' },
    });
  });

  it('minor is under 14 on the day of receipt', () => {
    const born = validId('11010820121126301'); // 14 on 2026-11-26
    const mail = { from: 'p@163.com', subject: '', text: `身份证号${born}，请删除`, attachments: [], warnings: [] };
    expect(classifyMail(mail, new Date('2026-11-25T02:00:00Z')).minor).toBe(true);
    expect(classifyMail(mail, new Date('2026-11-26T02:00:00Z')).minor).toBe(false);
  });
});

describe('language, replies, normalisation', () => {
  it('answers in Chinese unless the mail is plainly English', () => {
    expect(detectLanguage('请删除我的个人信息')).toBe('zh');
    expect(detectLanguage('My name is Zhang San (张三). Please delete my personal data.')).toBe('en');
    expect(detectLanguage('请删除 my data')).toBe('zh');
  });

  it('detects replies by headers, prefix or request number', () => {
    expect(replySignals({ subject: 'x', inReplyTo: '<a@b>' })).toMatchObject({ isReply: true, threadIds: ['<a@b>'] });
    expect(replySignals({ subject: '回复：关于您的请求' }).isReply).toBe(true);
    expect(replySignals({ subject: 'AW: Anfrage' }).isReply).toBe(true);
    expect(replySignals({ subject: '补充材料 RF-20261118-ABCDEF' })).toMatchObject({
      isReply: true,
      requestNumber: 'RF-20261118-ABCDEF',
    });
    expect(replySignals({ subject: '申请删除' }).isReply).toBe(false);
    // References newest first after In-Reply-To, no duplicates.
    expect(replySignals({ subject: '', inReplyTo: '<c>', references: ['<a>', '<b>', '<c>'] }).threadIds).toEqual([
      '<c>',
      '<b>',
      '<a>',
    ]);
  });

  it('finds a verification code in the new text only', () => {
    expect(verificationCode('验证码：482913')).toBe('482913');
    expect(verificationCode('482913\n谢谢')).toBe('482913');
    expect(verificationCode('The code is 550123')).toBe('550123');
    expect(verificationCode('我的订单号是2026111812345678')).toBeUndefined();
  });

  it('drops quoted originals and disclaimers', () => {
    expect(authoredPart('好的\n\n------------------ 原始邮件 ------------------\n请删除').trim()).toBe('好的');
    expect(authoredPart('ok\n\nOn Thu, 19 Nov 2026 at 10:00, X <x@y> wrote:\n> delete').trim()).toBe('ok');
    // The signature stays (it may name the person); the disclaimer goes.
    expect(authoredPart('你好\n--\n顾建国\n本邮件及其附件含有保密信息，如果您不是收件人，请删除本邮件。').trim()).toBe(
      '你好\n--\n顾建国',
    );
    expect(authoredPart('hi\n> quoted\nnew')).toBe('hi\nnew');
  });

  it('normalises without changing the length (names are sliced from the original)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(normalizeText(s).length).toBe(s.length);
      }),
    );
    expect(normalizeText('１２３：，請刪除')).toBe('123:,请删除');
  });
});
