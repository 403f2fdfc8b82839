// Who writes and about whom (issue 13 items 3, 4, 7), on fresh examples written for these tests (not the corpus):
// guardians writing for a child in the usual phrasings, close relatives of a deceased user, and names taken from
// closing signatures in both scripts. Every identifier here is made up with a valid check character.
import { describe, expect, it } from 'vitest';
import { classifyMail, extractSubject, normalizeText, toParsedEmail } from '../../../domain/intake/index.ts';
import { makeId } from '../identity/gen.ts';

const NOW = new Date('2026-11-25T02:00:00Z');
const extract = (text: string) => extractSubject(normalizeText(text), 'writer@example.cn', NOW, text);

const CHILD_9 = makeId('320102', '2017-03-14', '051'); // 9 years old
const CHILD_13 = makeId('440106', '2013-08-30', '122'); // 13
const CHILD_16 = makeId('510104', '2010-02-02', '083'); // 16: a minor, not under 14
const MOTHER = makeId('320102', '1986-11-02', '042');
const FATHER = makeId('440106', '1979-05-21', '151');
const DECEASED = makeId('420102', '1949-09-09', '213');
const SON = makeId('420102', '1976-04-18', '031');

describe('a guardian writing for a child (PIPL art. 31)', () => {
  it.each([
    [
      'mother first, then the child, by name and ID',
      `您好，我是孩子的妈妈周晓琳，身份证号${MOTHER}。孩子叫周乐乐，身份证号${CHILD_9}，今年9岁，请删除孩子在贵司的全部信息。`,
      { name: '周乐乐', idNumber: CHILD_9 },
      { name: '周晓琳', idNumber: MOTHER, relation: 'parent' },
    ],
    [
      'the child first, the father after',
      `我儿子吴天佑（身份证号${CHILD_13}）背着我注册了你们的支付账户。我是他父亲吴建国，身份证号${FATHER}，请注销并删除他的个人信息。`,
      { name: '吴天佑', idNumber: CHILD_13 },
      { name: '吴建国', idNumber: FATHER, relation: 'parent' },
    ],
    [
      '"我是X的母亲" names the child; the guardian signs',
      `我是周乐乐的母亲，作为监护人申请查阅贵司收集的孩子信息。孩子身份证号${CHILD_9}。\n\n周晓琳`,
      { name: '周乐乐', idNumber: CHILD_9 },
      { name: '周晓琳' },
    ],
    [
      'only the parent gives an ID: it is not the subject',
      `作为法定监护人，我要求删除我女儿的个人信息，她今年8岁。我的身份证号${MOTHER}，手机13811112222。`,
      {},
      { idNumber: MOTHER, phone: '13811112222', relation: 'parent' },
    ],
    [
      'a grandparent writes',
      `我是孩子的奶奶，孩子父母在外地。孙子今年9岁，身份证号${CHILD_9}，请把他的信息删掉。`,
      { idNumber: CHILD_9 },
      { relation: 'grandparent' },
    ],
  ])('%s', (_title, text, subject, requester) => {
    const x = extract(text);
    expect(x.guardian).toBe(true);
    expect(x.requester).toMatchObject({ type: 'guardian', ...requester });
    expect(x.subject).toMatchObject(subject);
    if (!('idNumber' in subject)) expect(x.subject.idNumber).toBeUndefined();
  });

  it('an ID of someone under 18 in a guardian mail is the child’s, whatever the words around it', () => {
    const x = extract(`家长来信：孩子未成年，身份证号${CHILD_16}，我的身份证号${FATHER}，请删除孩子的信息。`);
    expect(x.subject.idNumber).toBe(CHILD_16);
    expect(x.requester.idNumber).toBe(FATHER);
  });

  it('English: on behalf of my daughter, with the parent’s own phone', () => {
    const x = extract(
      `Hello, I am writing on behalf of my daughter, Emma Zhou, who is 13. Her ID number is ${CHILD_13}. Please delete her data. My phone is 13900001111.\n\nBest regards,\nKaren Zhou`,
    );
    expect(x).toMatchObject({
      guardian: true,
      subject: { name: 'Emma Zhou', idNumber: CHILD_13 },
      requester: { type: 'guardian', name: 'Karen Zhou', phone: '13900001111', relation: 'parent' },
    });
    expect(x.subject.phone).toBeUndefined();
  });

  it('parse-email: the child’s ID is subject.idNumber, guardian and minor are true, the requester is the parent', () => {
    const text = `我是孩子的母亲周晓琳，身份证号${MOTHER}。我的孩子叫周乐乐，身份证号${CHILD_9}，今年9岁。请删除孩子的全部个人信息。`;
    const mail = { from: 'zhou.xiaolin@example.cn', subject: '删除孩子的信息', text, attachments: [], warnings: [] };
    const out = toParsedEmail(mail, classifyMail(mail, NOW));
    expect(out).toMatchObject({
      rights: ['delete'],
      subject: { name: '周乐乐', idNumber: CHILD_9, idNumberValid: true },
      requester: { type: 'guardian', name: '周晓琳', idNumber: MOTHER, relation: 'parent' },
      guardian: true,
      minor: true,
    });
  });

  it('a 16-year-old is a minor under the Regulations but not a child under 14 (policy §5)', () => {
    const mail = {
      from: 'p@example.cn',
      subject: '删除',
      text: `我是孩子的父亲。孩子身份证号${CHILD_16}，请删除他的信息。`,
      attachments: [],
      warnings: [],
    };
    expect(classifyMail(mail, NOW)).toMatchObject({ guardian: true, minor: false, subject: { idNumber: CHILD_16 } });
  });
});

describe('a close relative of a deceased user (PIPL art. 49)', () => {
  it.each([
    [
      'a son about his late father, signed',
      `您好：\n我父亲郑国强（身份证号${DECEASED}）今年三月病逝。他生前用连连支付绑定过银行卡。我是他的儿子，想查阅他在贵司的个人信息。死亡证明和户口簿可以提供。\n\n郑明`,
      { name: '郑国强', idNumber: DECEASED },
      { name: '郑明', relation: 'child' },
    ],
    [
      'a widow with her own ID and phone',
      `我丈夫何志远上个月因病去世，身份证号${DECEASED}。我是他的妻子林慧，身份证号${SON}，手机13700002222。请注销他的快捷支付并删除他的个人信息。`,
      { name: '何志远', idNumber: DECEASED },
      { name: '林慧', idNumber: SON, phone: '13700002222', relation: 'spouse' },
    ],
    [
      'a mother about her deceased son',
      `我儿子许浩然已于2026年8月离世，他的身份证号是${DECEASED}。我作为母亲，请求删除他的全部信息。`,
      { name: '许浩然', idNumber: DECEASED },
      { relation: 'parent' },
    ],
    [
      'English: my late mother',
      `Dear team,\nMy late mother, Grace Lin, had an account with LianLian Pay. She passed away in October. I am her son and would like to know what personal data you hold about her. Her ID number is ${DECEASED}.\n\nKind regards,\nPeter Lin`,
      { name: 'Grace Lin', idNumber: DECEASED },
      { name: 'Peter Lin', relation: 'child' },
    ],
  ])('%s', (_title, text, subject, requester) => {
    const x = extract(text);
    expect(x.guardian).toBe(false);
    expect(x.requester).toMatchObject({ type: 'relative_of_deceased', ...requester });
    expect(x.subject).toMatchObject(subject);
    // The writer's phone never becomes the deceased's.
    expect(x.subject.phone).toBeUndefined();
  });

  it('a person writing about their own data is not taken for a relative', () => {
    expect(extract(`我是郑明，身份证号${SON}，请删除我的个人信息。`).requester.type).toBe('self');
    expect(
      extract('My father gave me his old phone. Please delete my account data. Regards, Peter Lin').requester.type,
    ).toBe('self');
  });
});

describe('names from signatures (both scripts)', () => {
  it.each([
    ['a bare name under the text', '请删除我在贵司的全部个人信息。\n\n张敏', '张敏'],
    ['name then a date', '请删除我的个人信息，谢谢。\n此致\n敬礼\n欧阳秋雨\n2026年11月20日', '欧阳秋雨'],
    ['a dash before the name', '麻烦帮我查一下你们存了我哪些信息。\n—— 韩立', '韩立'],
    ['"敬上" after the name', '请停止给我发送营销短信。\n\n谢婷婷 敬上', '谢婷婷'],
    ['the phone under the name', '请注销我的快捷支付。\n\n冯小刚\n13800001111', '冯小刚'],
    ['English closing and name on one line', 'Please delete my personal data.\n\nKind regards, David Wu', 'David Wu'],
    [
      'English closing, name on the next line',
      'Please delete my data.\n\nBest regards,\nMei Ling Huang\nSent from my iPhone',
      'Mei Ling Huang',
    ],
    ['"我是" phrase', '你好，我是 程雪，请删除我的个人信息。', '程雪'],
    ['"姓名" label', '姓名：司马文，请查阅我的交易记录。', '司马文'],
  ])('%s', (_title, text, name) => {
    expect(extract(text).subject.name).toBe(name);
  });

  it('takes no name where there is none', () => {
    for (const text of [
      '请删除我的信息。\n谢谢！',
      'Please delete my data.\nThanks',
      'Please delete my data.\nPlease Hurry',
      '请删除我的信息。\n此致\n敬礼',
      '删除个人信息\n急',
    ])
      expect(extract(text).subject.name, text).toBeUndefined();
  });

  it('keeps a traditional-script name as written', () => {
    expect(extract('請刪除我的個人資料。\n\n陳大文').subject.name).toBe('陳大文');
  });
});
