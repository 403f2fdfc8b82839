// The privacy officer refuses on the real basis (refusal-bases.yaml), not forced onto a §4(4) case (D13, M1); under an
// AML investigation the officer sees the real reason and a warning, and nothing the person receives hints at it (C3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as checkExceptions } from '../../../functions/check-exceptions/step.ts';
import { step as fulfilRight } from '../../../functions/fulfil-right/step.ts';
import { step as loadRequest } from '../../../functions/load-request/step.ts';
import { decideReview } from '../../../functions/request-review/operations.ts';
import { step as requestReview } from '../../../functions/request-review/step.ts';
import { step as sendReply } from '../../../functions/send-reply/step.ts';
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
const TIP_OFF = /反洗钱|洗钱|调查|刑事|侦查|可疑/;

async function underReview(
  setup: (h: Awaited<ReturnType<typeof harness>>) => void,
  rights: ('delete' | 'cancel_quickpay' | 'access')[],
) {
  const h = await harness(db);
  setup(h);
  const r = await h.create({ rights, verification: strong });
  await h.run(loadRequest, { requestId: r.id });
  await h.run(checkExceptions, { requestId: r.id });
  await h.run(requestReview, { requestId: r.id, taskToken: 'rv1' });
  return { h, r };
}

describe('refusal bases', () => {
  it('refuses quick-pay cancellation on policy §4(5) itself, no §4(4) case needed (D13)', async () => {
    const { h, r } = await underReview(
      (x) => {
        x.company.disputes = 1;
      },
      ['cancel_quickpay'],
    );
    const task = await h.store.getTask(r.id, 'review');
    expect(task?.context).toMatchObject({ suggestedBases: ['open_disputes'] });
    await decideReview(h.deps, r.id, 'officer1', { decision: 'refuse', bases: [{ code: 'open_disputes' }] });
    expect(await h.run(sendReply, { requestId: r.id })).toEqual({ outcome: 'refused' });
    const text = h.mailer.byKind('reply')[0]!.text;
    expect(text).toContain('在争议解决前我们无法为您注销快捷支付服务（隐私政策第四条第（五）项）');
    // once, although fulfilment would refuse on the same basis
    expect(text.split('在争议解决前').length - 1).toBe(1);
    expect(text).not.toMatch(/第1种情形|与您履行/);
  });

  it('the officer may edit a basis text; the old exceptionCodes still work, printed in the corrected words (M1)', async () => {
    const { h, r } = await underReview(
      (x) => {
        x.company.disputes = 1;
      },
      ['cancel_quickpay'],
    );
    await decideReview(h.deps, r.id, 'officer1', {
      decision: 'refuse',
      exceptionCodes: ['legal_obligation'],
      bases: [
        {
          code: 'open_disputes',
          text: {
            zh: '您关于2026年10月20日那笔交易的争议尚未处理完毕。',
            en: 'Your dispute about the payment of 20 October 2026 is still open.',
          },
        },
      ],
    });
    await h.run(sendReply, { requestId: r.id });
    const text = h.mailer.byKind('reply')[0]!.text;
    expect(text).toContain('您关于2026年10月20日那笔交易的争议尚未处理完毕。');
    expect(text).toContain('依照法律、行政法规的规定，我们须履行相应的法定义务');
    expect(text).not.toContain('与您履行法律法规规定的义务相关的');
  });
});

describe('AML confidentiality', () => {
  const aml = (x: Awaited<ReturnType<typeof harness>>) => {
    x.company.holds = [{ kind: 'aml_investigation', since: '2026-09-01T02:00:00Z', reference: 'AML-2026-0042' }];
  };

  it('the officer sees the real reason and the warning, on screen and in the task mail', async () => {
    const { h, r } = await underReview(aml, ['delete']);
    const task = await h.store.getTask(r.id, 'review');
    expect(task?.context).toMatchObject({
      reasons: ['aml_investigation_open'],
      legalHolds: ['aml_investigation'],
      suggestedBases: ['legal_obligation'],
    });
    expect(JSON.stringify(task?.context)).toContain('不得以任何方式向客户或代为申请人披露');
    expect(task?.context?.['suggestedExceptions']).not.toContain('criminal_investigation');
    const mail = h.mailer.byKind('task_notice')[0]!.text;
    expect(mail).toContain('【注意】保密');
    expect(mail).toContain('反洗钱');
    expect(mail).not.toContain('AML-2026-0042');
  });

  it('an officer text that would tip the person off is rejected; the neutral basis goes out', async () => {
    const { h, r } = await underReview(aml, ['access']);
    await expect(
      decideReview(h.deps, r.id, 'officer1', {
        decision: 'refuse',
        bases: [{ code: 'legal_obligation' }],
        reasons: '您的账户涉及正在进行的反洗钱调查，依法暂不能提供。',
      }),
    ).rejects.toMatchObject({ name: 'Review.TipOff' });
    await expect(
      decideReview(h.deps, r.id, 'officer1', {
        decision: 'refuse',
        bases: [{ code: 'criminal_investigation', text: { zh: '与刑事侦查相关。', en: 'Criminal investigation.' } }],
      }),
    ).rejects.toMatchObject({ name: 'Review.TipOff' });
    await decideReview(h.deps, r.id, 'officer1', { decision: 'refuse', bases: [{ code: 'criminal_investigation' }] });
    await h.run(sendReply, { requestId: r.id });
    const text = h.mailer.byKind('reply')[0]!.text;
    expect(text).toContain('依照法律、行政法规的规定，我们无法办理该部分请求');
    expect(text).not.toMatch(TIP_OFF);
    expect(text).not.toMatch(/第4种情形|第（四）项第/);
  });

  it('a deletion the officer lets proceed holds everything "依照法律、行政法规规定须继续保存", no date, no hint', async () => {
    const { h, r } = await underReview(
      (x) => {
        aml(x);
        x.company.anchors = { relationshipEndedAt: '2026-10-01T00:00:00Z', lastTransactionAt: '2026-08-09T03:00:00Z' };
      },
      ['delete'],
    );
    await decideReview(h.deps, r.id, 'officer1', { decision: 'proceed' });
    await h.run(fulfilRight, { requestId: r.id, right: 'delete' });
    expect(h.company.count('erase')).toBe(0);
    await h.run(sendReply, { requestId: r.id });
    const text = h.mailer.byKind('reply')[0]!.text;
    expect(text).toContain('依照法律、行政法规规定须继续保存');
    expect(text).not.toMatch(TIP_OFF);
    expect(text).not.toMatch(/保存至|有关机关解除/);
  });
});
