// close_account through FulfilRight (网络数据安全管理条例 arts. 23–24; issue 8 item 9): the account closes (the
// relationship's end, the retention anchor), every quick-pay agreement ends, what no duty holds is erased on the
// "service ended" ground and the rest stays storage-only with its end date counted from the closure; refused while a
// dispute is open (policy §4(5)); every recipient hears of it and the letter says exactly what happened.
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

async function close(setup: (h: Awaited<ReturnType<typeof harness>>) => void = () => {}) {
  const h = await harness(db);
  setup(h);
  const r = await h.create({ rights: ['close_account'], verification: strong, details: '请注销我的连连支付账户' });
  await h.run(fulfilRight, { requestId: r.id, right: 'close_account' });
  const result = (await h.store.getStepResult<FulfilResult>(r.id, fulfilKey('close_account')))!;
  return { h, r, result };
}

describe('close_account', () => {
  it('an active customer: the account closes, quick pay ends, the rest is erased on "service ended" unless a duty holds it', async () => {
    const { h, result } = await close();
    expect(h.company.calls.find((c) => c.op === 'closeAccount')?.args).toEqual(['C-0001', '2026-11-25T02:00:00.000Z']);
    expect(result).toMatchObject({
      status: 'partial',
      accountClosedAt: '2026-11-25T02:00:00.000Z',
      bindingsEnded: [{ bindingId: 'C-0001-Q1', cardLast4: '1234', endedAt: '2026-11-25T02:00:00.000Z' }],
      recipients: ['issuing_bank:ICBC', 'unionpay'],
    });
    // Nothing is kept "for the service" any more: what is not held is erased, each on the service-ended ground.
    expect(result.keptForService ?? []).toEqual([]);
    expect(result.serviceContinues).toBeUndefined();
    expect(result.erased?.length).toBeGreaterThan(0);
    expect(result.erased).toContain('marketing');
    expect(new Set(result.grounds?.map((g) => g.ground))).toEqual(new Set(['service_ended']));
    // AML Law art. 34: identity and card data 10 years from the end of the relationship — now a date, not open-ended.
    const held = new Map(result.held?.map((x) => [x.category, x.until]));
    expect(held.get('bank_cards')).toBe('2036-11-25');
    expect(held.get('identity')).toBe('2036-11-25');
    for (const c of held.keys()) expect(result.erased).not.toContain(c);
    // What is held is restricted (storage only), never erased.
    const restricted = h.company.calls.filter((c) => c.op === 'restrict').flatMap((c) => c.args[1] as string[]);
    expect(new Set(restricted)).toEqual(new Set(held.keys()));
  });

  it('open disputes: refused on policy §4(5) in the closure’s words; nothing closed, ended or erased', async () => {
    const { h, result } = await close((x) => {
      x.company.disputes = 1;
    });
    expect(result).toMatchObject({ status: 'refused', reason: { code: 'open_disputes_account' } });
    expect(result.reason?.zh).toContain('注销账户');
    expect(
      h.company.count('closeAccount') +
        h.company.count('endQuickPay') +
        h.company.count('erase') +
        h.company.count('restrict'),
    ).toBe(0);
  });

  it('under an open AML investigation the account closes but nothing is erased', async () => {
    const { h, result } = await close((x) => {
      x.company.holds = [{ kind: 'aml_investigation', since: '2026-09-01T02:00:00Z' }];
    });
    expect(h.company.count('closeAccount')).toBe(1);
    expect(h.company.count('erase')).toBe(0);
    expect(result.erased).toEqual([]);
    expect(result.held?.every((x) => x.kind === 'legal_hold')).toBe(true);
  });

  it('a re-run after a crash between closing and recording still names the agreements it ended', async () => {
    const h = await harness(db);
    const r = await h.create({ rights: ['close_account'], verification: strong });
    // The first run closes the account and dies before its result is recorded.
    const erase = h.company.erase.bind(h.company);
    h.company.erase = async () => {
      throw new Error('killed');
    };
    await expect(h.run(fulfilRight, { requestId: r.id, right: 'close_account' })).rejects.toThrow(/killed/);
    expect(h.company.count('closeAccount')).toBe(1);
    h.company.erase = erase;
    await h.run(fulfilRight, { requestId: r.id, right: 'close_account' });
    const result = (await h.store.getStepResult<FulfilResult>(r.id, fulfilKey('close_account')))!;
    expect(result.bindingsEnded?.map((b) => b.cardLast4)).toEqual(['1234']);
    expect(result.recipients).toEqual(['issuing_bank:ICBC', 'unionpay']);
  });
});

describe('who hears of an account closure, and what the letter says', () => {
  it('every recipient is told of the closure; the letter gives the date, what was erased, what stays and until when', async () => {
    const { h, r } = await close();
    const plan = await h.run<{ notices: { requestId: string; partnerId: string }[] }>(planNotices, {
      requestId: r.id,
    });
    expect(plan.notices.map((n) => n.partnerId).sort()).toEqual(['issuing_bank:ICBC', 'unionpay']);
    for (const n of plan.notices) await h.run(sendNotice, n);
    for (const mail of h.mailer.byKind('partner_notice')) {
      expect(mail.text).toContain('该个人已于2026年11月25日注销其在我司的账户');
      expect(mail.text).toContain('银行卡尾号1234：协议于2026年11月25日解除');
    }

    await h.run(sendReply, { requestId: r.id });
    const reply = h.mailer.byKind('reply')[0]!.text;
    expect(reply).toContain('您的连连支付账户已于2026年11月25日注销');
    expect(reply).toContain('《网络数据安全管理条例》第二十三条、第二十四条');
    expect(reply).toContain('我们已注销您尾号1234的银行卡（中国工商银行）在示例商城开通的快捷支付服务');
    expect(reply).toContain('我们已删除或匿名化处理以下个人信息');
    // Held data is named with its end, and the service no longer "continues".
    expect(reply).toContain('2036年11月25日');
    expect(reply).not.toContain('您的连连支付服务仍在继续');
    expect(reply).not.toContain('可以申请注销账户');
  });
});
