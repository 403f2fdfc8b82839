// The receiving company named for a portability transfer, read from the person's words (a proposal for the officer).
import { describe, expect, it } from 'vitest';
import { namedReceiver } from '../../../domain/exports/receiver.ts';

describe('namedReceiver', () => {
  it.each([
    [
      '您好，我申请将我的个人信息转移给另一家支付机构（某某支付有限公司），请以机器可读的格式提供。',
      '某某支付有限公司',
      null,
    ],
    [
      '根据《个人信息保护法》第四十五条，我请求将我在贵司的个人信息转移至某某支付有限公司，请与对方对接或以通用格式提供。',
      '某某支付有限公司',
      null,
    ],
    [
      '请把我在连连的账户信息和交易数据按标准格式导出，直接传给新机构（对方联系邮箱 dpo@example-newpay.cn）。',
      null,
      'dpo@example-newpay.cn',
    ],
    [
      'I am switching providers. Please export my data as JSON and send it directly to NewPay (privacy@example-newpay.com).',
      'NewPay',
      'privacy@example-newpay.com',
    ],
  ])('%s', (text, name, email) => {
    expect(namedReceiver(text)).toEqual({ name, email });
  });

  it('names nobody when the words name no receiver', () => {
    expect(namedReceiver('请给我一份我的个人信息副本。')).toBeNull();
    expect(namedReceiver('Please send me a copy of my data.')).toBeNull();
  });
});
