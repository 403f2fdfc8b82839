// cancel_quickpay through FulfilRight (policy §4(5)): the named binding ends and its end is recorded; the card and
// transaction data a duty holds stay storage-only — also under an AML investigation or the person's own restriction
// (legal review C2, newcomer D7); several bindings and none named are answered with a question, never a guess.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FulfilResult } from '../../../functions/fulfil-right/results.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as planNotices } from '../../../functions/plan-notices/step.ts';
import { step as sendNotice } from '../../../functions/send-recipient-notice/step.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
import { fulfilKey } from '../../../functions/shared/step.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

const strong = { level: 'strong', method: 'hotline_staff', verifiedBy: 'agent1' } as const;

async function cancel(setup: (h: Awaited<ReturnType<typeof harness>>) => void, details = '请注销我的快捷支付') {
  const h = await harness(db);
  setup(h);
  const r = await h.create({ rights: ['cancel_quickpay'], verification: strong, details });
  await h.run(fulfilRight, { requestId: r.id, right: 'cancel_quickpay' });
  const result = (await h.store.getStepResult<FulfilResult>(r.id, fulfilKey('cancel_quickpay')))!;
  return { h, r, result };
}

describe('cancel_quickpay', () => {
  it('an active customer: the binding ends, card and transaction data are kept storage-only, nothing erased (C2)', async () => {
    const { h, result } = await cancel(() => {});
    expect(h.company.count('erase')).toBe(0);
    expect(h.company.calls.find((c) => c.op === 'endQuickPay')?.args.slice(1)).toEqual([
      ['C-0001-Q1'],
      '2026-11-25T02:00:00.000Z',
    ]);
    expect(result).toMatchObject({
      status: 'partial',
      erased: [],
      bindingsEnded: [{ bindingId: 'C-0001-Q1', cardLast4: '1234', issuingBank: 'issuing_bank:ICBC' }],
      recipients: ['issuing_bank:ICBC', 'unionpay'],
    });
    // bank_cards: held while the relationship lasts, then 10 years (AML Law art. 34); transactions to a date.
    expect(result.held?.map((x) => [x.category, x.until, x.endsWith ?? null])).toEqual([
      ['bank_cards', null, 'relationship_end'],
      ['transactions', '2036-10-01', null],
    ]);
    // Storage-only, narrowed to that binding's records.
    const restricts = h.company.calls.filter((c) => c.op === 'restrict').map((c) => c.args.slice(1));
    expect(restricts).toEqual([
      [['bank_cards'], '9999-12-31', { bindingIds: ['C-0001-Q1'] }],
      [['transactions'], '2036-10-01', { bindingIds: ['C-0001-Q1'] }],
    ]);
  });

  it('under an open AML investigation nothing is erased, whatever the officer decided', async () => {
    const { h, result } = await cancel((x) => {
      x.company.holds = [{ kind: 'aml_investigation', since: '2026-09-01T02:00:00Z' }];
      x.company.anchors = { relationshipEndedAt: '2010-01-01', lastTransactionAt: '2010-01-01' };
    });
    expect(h.company.count('erase')).toBe(0);
    expect(result.held?.every((x) => x.kind === 'legal_hold')).toBe(true);
  });

  it("the person's own restriction holds the card too (D7), even with every retention period over", async () => {
    const { h, result } = await cancel((x) => {
      x.company.anchors = { relationshipEndedAt: '2010-01-01', lastTransactionAt: '2010-01-01' };
      x.company.personRestrictions = [{ categories: ['bank_cards'], until: null, since: '2026-11-01' }];
    });
    // Transactions (no hold left) are anonymised for that binding only; the restricted card stays.
    expect(h.company.calls.filter((c) => c.op === 'erase').map((c) => c.args.slice(1))).toEqual([
      [['transactions'], 'anonymise', { bindingIds: ['C-0001-Q1'] }],
    ]);
    expect(result.held?.map((x) => [x.category, x.kind])).toEqual([['bank_cards', 'restriction']]);
  });

  it('open disputes: refused on policy §4(5), nothing ended or erased', async () => {
    const { h, result } = await cancel((x) => {
      x.company.disputes = 1;
    });
    expect(result).toMatchObject({ status: 'refused', reason: { code: 'open_disputes' } });
    expect(h.company.count('endQuickPay') + h.company.count('erase') + h.company.count('restrict')).toBe(0);
  });

  it('several bindings: the named card only; none named is a question, not a guess; "全部" ends all', async () => {
    const two = (x: Awaited<ReturnType<typeof harness>>) => {
      x.company.bindings = [
        ...x.company.bindings,
        { ...x.company.bindings[0]!, bindingId: 'C-0001-Q2', cardLast4: '5678', issuingBank: 'issuing_bank:CMB' },
      ];
    };
    const named = await cancel(two, '请解绑尾号5678的银行卡');
    expect(named.h.company.calls.find((c) => c.op === 'endQuickPay')?.args[1]).toEqual(['C-0001-Q2']);
    expect(named.result.recipients).toEqual(['issuing_bank:CMB', 'unionpay']);

    // The request identifies the person with card 4321, which neither binding uses.
    const unnamed = await cancel(two);
    expect(unnamed.result).toMatchObject({ status: 'refused', reason: { code: 'binding_not_named' } });
    expect(unnamed.h.company.count('endQuickPay')).toBe(0);

    const all = await cancel(two, '请注销我全部的快捷支付');
    expect(all.h.company.calls.find((c) => c.op === 'endQuickPay')?.args[1]).toEqual(['C-0001-Q1', 'C-0001-Q2']);

    const wrong = await cancel(two, '请解绑尾号9999的银行卡');
    expect(wrong.result).toMatchObject({ status: 'refused', reason: { code: 'binding_not_found' } });
  });

  it('nothing bound: done, with nothing ended', async () => {
    const { h, result } = await cancel((x) => {
      x.company.bindings = [];
    });
    expect(result).toMatchObject({ status: 'done', bindingsEnded: [] });
    expect(h.company.count('endQuickPay')).toBe(0);
  });
});

describe('who hears of a quick-pay cancellation, and in which words', () => {
  it('the bank and the network get a cancellation notice (not deletion wording, D17/M8); the entrusted processor a storage-only restriction (M3)', async () => {
    const { h, r } = await cancel((x) => {
      x.company.recipients = ['issuing_bank:ICBC', 'lianlian_hangzhou', 'unionpay'];
    });
    const plan = await h.run<{ notices: { requestId: string; partnerId: string }[] }>(planNotices, {
      requestId: r.id,
    });
    expect(plan.notices.map((n) => n.partnerId).sort()).toEqual(['issuing_bank:ICBC', 'lianlian_hangzhou', 'unionpay']);
    for (const n of plan.notices) await h.run(sendNotice, n);
    const mails = h.mailer.byKind('partner_notice');
    const to = (addr: string) => mails.find((m) => m.to[0]?.startsWith(addr))!;
    for (const bank of [to('icbc@'), to('unionpay@')]) {
      expect(bank.subject).toContain('快捷支付注销通知');
      expect(bank.text).toContain('银行卡尾号1234：协议于2026年11月25日解除');
      expect(bank.text).toContain('并非删除通知');
      expect(bank.text).not.toMatch(/删除请求|现通知贵方删除/);
    }
    // lianlian_hangzhou: a signed webhook, delivered by the privacy office
    const processor = mails.find((m) => m.text.includes('连连（杭州）'))!;
    expect(processor.subject).toContain('个人信息限制处理通知');
    expect(processor.text).toContain('仅限银行卡尾号1234相关的记录');
    expect(processor.text).toContain('停止除存储和采取必要的安全保护措施之外的处理');
    expect(processor.text).toContain('银行卡信息（银行卡卡号、银行预留手机号）：保存期限届满时，我司将另行通知删除');
    expect(processor.text).toContain('交易信息（交易金额、交易对象及订单号）：保存至2036年10月1日，届满后请予删除');

    // The letter says what was cancelled, what the person must still do at the bank, what stays, and who was told.
    await h.run(sendReply, { requestId: r.id });
    const reply = h.mailer.byKind('reply')[0]!.text;
    expect(reply).toContain('我们已注销您尾号1234的银行卡（中国工商银行）在示例商城开通的快捷支付服务');
    expect(reply).toContain('请您同时向中国工商银行申请注销该卡的快捷支付');
    expect(reply).toContain(
      '银行卡信息（银行卡卡号、银行预留手机号）：在我们与您的业务关系存续期间保存，业务关系结束后至少再保存十年',
    );
    expect(reply).toContain('我们已通知中国工商银行、中国银联股份有限公司解除尾号1234银行卡的快捷支付签约');
    expect(reply).not.toMatch(/我们已删除或匿名化处理以下个人信息/);
  });
});
