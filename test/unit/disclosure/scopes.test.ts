import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../domain/policy/index.ts';
import { namedRecipients, readConsentScopes, readRestriction } from '../../../domain/scopes/index.ts';

const policy = loadPolicy();
const recipients = policy.recipients.recipients;

describe('consent withdrawal scope from the person’s words', () => {
  it('names only what was asked: face recognition is not marketing', () => {
    expect(readConsentScopes('我撤回对人脸识别的同意，以后不要再刷脸验证。', policy.processing)).toEqual([
      'biometrics',
    ]);
    expect(readConsentScopes('请停止给我发营销短信', policy.processing)).toEqual(['marketing_messages']);
    expect(readConsentScopes('不要再用我的问卷给我打标签', policy.processing)).toEqual(['profiling']);
    expect(readConsentScopes('I withdraw consent to call recording and to marketing', policy.processing)).toEqual([
      'marketing_messages',
      'call_recording',
    ]);
  });

  it('nothing known named: empty (staff ask), never everything', () => {
    expect(readConsentScopes('我撤回同意。', policy.processing)).toEqual([]);
  });
});

describe('restriction scope from the person’s words', () => {
  it('a named recipient means restricting sharing with that recipient only', () => {
    expect(namedRecipients('不要再把我的信息提供给银联', recipients)).toEqual(['unionpay']);
    expect(readRestriction('限制你们把我的信息共享给网联清算', policy.processing, recipients)).toEqual({
      scopes: ['sharing'],
      recipients: ['nucc'],
    });
  });

  it('marketing profiles', () => {
    expect(readRestriction('请限制将我的信息用于营销画像', policy.processing, recipients)).toEqual({
      scopes: ['marketing'],
      recipients: [],
    });
  });

  it('nothing named: empty, never every category', () => {
    expect(readRestriction('我要求限制处理我的个人信息。', policy.processing, recipients)).toEqual({
      scopes: [],
      recipients: [],
    });
  });
});
