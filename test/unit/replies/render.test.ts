import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY_DIR,
  LETTER_KINDS,
  loadPolicy,
  parsePolicy,
  readPolicyFiles,
} from '../../../domain/policy/index.ts';
import { heldForLetter, LetterDataError, renderLetter } from '../../../domain/replies/index.ts';
import { SAMPLES } from './samples.ts';

const policy = loadPolicy();
const render = (kind: (typeof LETTER_KINDS)[number], lang: 'zh' | 'en') =>
  // biome-ignore lint/suspicious/noExplicitAny: each sample matches its kind
  renderLetter(kind, lang, SAMPLES[kind] as any, policy);

describe('every letter renders in Chinese (with English below) and in English', () => {
  for (const kind of LETTER_KINDS) {
    it(kind, () => {
      const zh = render(kind, 'zh');
      const en = render(kind, 'en');
      expect(zh.text.indexOf('English version')).toBeGreaterThan(0);
      expect(zh.text).toMatch(/\p{Script=Han}/u);
      expect(en.text).not.toMatch(/English version/);
      expect(zh.subject).toContain(' / ');
      expect(zh.text).toContain('RF-20261125-7K3QZ8');
      expect(en.html).toContain('<p>');
      // Strict rendering leaves no liquid behind and no empty interpolations.
      for (const t of [zh.text, en.text, zh.subject]) {
        expect(t).not.toMatch(/\{\{|\{%|undefined|null|\[object Object\]/);
      }
      expect({ subject: zh.subject, text: zh.text }).toMatchSnapshot();
      expect({ subject: en.subject, text: en.text }).toMatchSnapshot();
    });
  }
});

describe('letter contents the law requires', () => {
  it('acknowledgement: number, what was understood, the deadline, next step, hotline', () => {
    const t = render('acknowledgement', 'zh').text;
    for (const s of ['RF-20261125-7K3QZ8', '删除、查阅', '2026年12月16日', '核验您的身份', '400-018-8888'])
      expect(t).toContain(s);
    expect(render('acknowledgement', 'en').text).toContain('16 December 2026');
  });

  it('partial: held categories, AML art. 34, until when, storage and security only (PIPL 47 ¶2), complaint + court', () => {
    const t = render('partially_completed', 'zh').text;
    for (const s of [
      '身份信息',
      '保存至2036年11月25日',
      '第三十四条',
      '第四十七条第二款',
      '网信、电信、公安及工商等监管部门',
      '人民法院',
    ])
      expect(t).toContain(s);
  });

  it('a legal hold reads "依照法律、行政法规规定须继续保存", with no end date and nothing that hints at why (C3)', () => {
    const legal = {
      category: 'identity' as const,
      until: null,
      kind: 'legal_hold' as const,
      rule: 'aml_investigation',
    };
    const data = {
      ...SAMPLES.partially_completed,
      held: heldForLetter([{ ...legal, endsWith: 'authority_release', sources: [] }], policy),
    };
    const t = renderLetter('partially_completed', 'zh', data, policy).text;
    expect(t).toContain(
      '身份信息（姓名、身份证件号码及影印件、有效期、国籍、性别、住址、职业）：依照法律、行政法规规定须继续保存。',
    );
    expect(t).not.toMatch(/保存至|有关机关|反洗钱|洗钱|调查|刑事|侦查|可疑/);
    expect(t).not.toContain('至少保存十年');
  });

  it('under a legal hold the letter still gives the complaint channels every letter gives (policy §8(2))', () => {
    // Seen on the runtime (孙留置, 15:38): the complaint sentence names 公安/监管部门, so the whole line — hotline and
    // complaint channels — was replaced by "依照法律、行政法规的规定处理。".
    const data = { ...SAMPLES.partially_completed, held: [] };
    const held = renderLetter('partially_completed', 'zh', data, policy, { confidential: true }).text;
    const plain = renderLetter('partially_completed', 'zh', data, policy).text;
    expect(held).toContain(policy.contacts.complaints.zh);
    expect(held).toContain(`请拨打全球服务热线 ${policy.contacts.hotline}`);
    expect(held).not.toContain('依照法律、行政法规的规定处理。');
    expect(held).toBe(plain);
  });

  it('what "storage only" means is the same true sentence for everyone, under a legal hold or not (C3)', () => {
    // It said "停止除此之外的任何处理…，并依法配合有权机关的查询": untrue while an investigation needs the data, and the
    // confidential rewrite dropped the clause only from the letters of people under a hold — a difference of its own.
    // Dispute evidence is still used to resolve the dispute: the sentence defers to what the line above it says.
    const storage = {
      zh: '保存期间，除上文另有说明或法律、行政法规另有规定外，我们仅对上述信息进行存储和采取必要的安全保护措施，停止其他处理（《个人信息保护法》第四十七条第二款）',
      en: 'Until then, except as stated above or as laws and administrative regulations require, we only store this information and keep it secure and stop any other processing (Personal Information Protection Law, Article 47(2)).',
    };
    const dispute = {
      category: 'support' as const,
      until: null,
      kind: 'dispute' as const,
      rule: 'dispute',
      sources: [],
    };
    const legal = {
      category: 'marketing' as const,
      until: null,
      kind: 'legal_hold' as const,
      rule: 'aml',
      sources: [],
    };
    for (const kind of ['partially_completed', 'held'] as const) {
      const data = { ...SAMPLES[kind], held: heldForLetter([dispute, legal], policy) };
      const plain = renderLetter(kind, 'zh', data, policy).text;
      const underHold = renderLetter(kind, 'zh', data, policy, { confidential: true }).text;
      for (const t of [plain, underHold]) {
        expect(t, kind).toContain(storage.zh);
        expect(t, kind).toContain(storage.en);
        expect(t, kind).not.toMatch(/有权机关|competent authorities/);
        expect(t, kind).toContain('在争议解决前保存，仅用于处理该争议');
      }
      expect(underHold, kind).toBe(plain);
    }
  });

  it('partial with a refused right and no holds states the reasons and omits the retention block', () => {
    const data = {
      ...SAMPLES.partially_completed,
      rights: ['delete' as const, 'cancel_quickpay' as const],
      held: [],
      refusedReasons: [
        { zh: '存在尚未解决的争议，暂不能注销快捷支付。', en: 'Open disputes: quick pay cannot be cancelled yet.' },
      ],
    };
    const t = renderLetter('partially_completed', 'zh', data, policy).text;
    expect(t).toContain('以下部分未能办理');
    expect(t).toContain('存在尚未解决的争议');
    expect(t).toContain('Open disputes');
    expect(t).not.toContain('暂不能删除');
    expect(t).toContain('人民法院');
  });

  it('the right-to-sue sentence only where something was refused or held back (M2)', () => {
    const sue = '我们拒绝您行使权利的请求的，您可以依法向人民法院提起诉讼';
    // Held categories: part of the request was in substance refused, the sentence is there.
    expect(render('partially_completed', 'zh').text).toContain(sue);
    const nothingRefused = renderLetter(
      'partially_completed',
      'zh',
      { ...SAMPLES.partially_completed, held: [], refusedReasons: [], withheldRights: [], withheldCategories: [] },
      policy,
    ).text;
    expect(nothingRefused).not.toContain(sue);
    expect(nothingRefused).not.toContain('提起诉讼');
    expect(render('completed', 'zh').text).not.toContain('提起诉讼');
  });

  it('refusal: its real basis (§4(5) here), complaint channels, right to sue, written reasons for minors', () => {
    const t = render('refused', 'zh').text;
    for (const s of ['隐私政策第四条第（五）项', '尚未解决的争议', '监管部门', '人民法院', '第五十条'])
      expect(t).toContain(s);
    // An adult's refusal does not cite the minors' regulation; a minor's (or a guardian's) does (art. 34(3)).
    expect(t).not.toContain('未成年人网络保护条例');
    const minor = renderLetter('refused', 'zh', { ...SAMPLES.refused, minor: true }, policy).text;
    expect(minor).toContain('依据《未成年人网络保护条例》第三十四条，我们以书面形式告知您拒绝的理由。');
    expect(renderLetter('refused', 'en', { ...SAMPLES.refused, minor: true }, policy).text).toContain('Minors');
    const adult = renderLetter('refused', 'en', { ...SAMPLES.refused, minor: false }, policy).text;
    expect(adult).not.toContain('Minors');
    expect(adult).toContain("people's court");
  });

  it('partner notice: categories, PIPL art. 47, ack link and deadline', () => {
    const t = render('partner_notice', 'zh').text;
    for (const s of [
      '第四十七条',
      '身份信息',
      '银行卡信息',
      'https://rightsflow.example/partner-ack/SIGNED',
      '2026年12月9日',
    ])
      expect(t).toContain(s);
    const noLink = renderLetter('partner_reminder', 'en', SAMPLES.partner_reminder, policy).text;
    expect(noLink).toContain('reply to this message quoting reference RF-20261125-7K3QZ8');
  });

  it('escalation words each reason', () => {
    const missed = renderLetter(
      'escalation',
      'zh',
      {
        ...SAMPLES.escalation,
        reason: 'deadline_missed',
        workingDaysLeft: -2,
        daysOverdue: 4,
        detail: 'sweep',
        consoleUrl: 'https://c.example/r',
      },
      policy,
    );
    expect(missed.subject).toContain('已超过答复期限');
    expect(missed.text).toContain('已过4天，超期2个工作日');
    expect(missed.text).toContain('passed 4 day(s) ago, 2 working day(s) overdue');
    expect(missed.text).toContain('https://c.example/r');
    // D27: the Saturday after a Friday deadline is past it by a day but by no working day.
    const weekend = renderLetter(
      'escalation',
      'zh',
      { ...SAMPLES.escalation, reason: 'deadline_missed', workingDaysLeft: 0, daysOverdue: 1 },
      policy,
    ).text;
    expect(weekend).not.toContain('超期0个工作日');
    expect(weekend).toContain('已过1天（其间没有工作日）');
    expect(weekend).toContain('passed 1 day(s) ago (no working day since)');
    // L1: the 15 working days are the policy's promise, not the law's.
    expect(weekend).not.toMatch(/法律不允许|The law allows/);
    expect(weekend).toContain(
      '是我们在隐私政策中向用户作出的承诺（第三条第（四）项、第四条第（四）项、第八条第（二）项）',
    );
    const ack = renderLetter('escalation', 'en', { ...SAMPLES.escalation, reason: 'ack_overdue' }, policy);
    expect(ack.subject).toContain('partner acknowledgement overdue');
  });

  it('unable to verify discloses nothing', () => {
    const t = render('unable_to_verify', 'zh').text;
    expect(t).toContain('未披露、更改或删除任何信息');
  });
});

describe('strictness', () => {
  it('missing data is an error naming the field', () => {
    const { deadline: _omit, ...rest } = SAMPLES.acknowledgement;
    // biome-ignore lint/suspicious/noExplicitAny: deliberately incomplete
    expect(() => renderLetter('acknowledgement', 'zh', rest as any, policy)).toThrow(
      /letter "acknowledgement": deadline:/,
    );
    expect(() => renderLetter('completed', 'zh', { ...SAMPLES.completed, rights: [] }, policy)).toThrow(
      LetterDataError,
    );
  });

  it('a template naming a variable the data does not have fails instead of leaving a hole', () => {
    const files = readPolicyFiles(DEFAULT_POLICY_DIR);
    files['templates/completed.en.liquid'] = files['templates/completed.en.liquid']!.replace(
      'Dear customer,',
      'Dear {{ customerName }},',
    );
    const edited = parsePolicy(files);
    expect(() => renderLetter('completed', 'en', SAMPLES.completed, edited)).toThrow(
      /completed\.en\.liquid.*customerName/,
    );
  });
});
