// Machine-sent mail by its header fields (RFC 3464 reports, RFC 3834 Auto-Submitted, X-Autoreply, Precedence,
// spam verdicts) — and mail a person wrote stays a person's mail.
import { describe, expect, it } from 'vitest';
import { automatedMail } from '../../../domain/intake/index.ts';

const person = 'li.ming@example.com';

describe('automatedMail', () => {
  it.each([
    [{ contentType: 'multipart/report', reportType: 'delivery-status' }, person, 'Hi', 'bounce', 'rfc3464_dsn'],
    [{}, 'MAILER-DAEMON@mx.example.com', 'Undelivered Mail Returned to Sender', 'bounce', 'mailer_daemon'],
    [{}, 'postmaster@qq.com', '系统退信', 'bounce', 'mailer_daemon'],
    [
      { contentType: 'multipart/report', reportType: 'disposition-notification' },
      person,
      'Read',
      'auto_reply',
      'rfc8098_mdn',
    ],
    [{ autoSubmitted: 'auto-replied' }, person, 'Re: 您的请求', 'auto_reply', 'auto_submitted'],
    [{ autoSubmitted: 'auto-generated' }, person, 'Notice', 'auto_reply', 'auto_submitted'],
    [{ xAutoreply: true }, person, 'Re: 您的请求', 'auto_reply', 'x_autoreply'],
    [{ precedence: 'auto_reply' }, person, 'x', 'auto_reply', 'precedence'],
    [{}, person, '自动回复: 您的个人信息权利请求已受理', 'auto_reply', 'subject_prefix'],
    [{}, person, 'Automatic reply: Your request', 'auto_reply', 'subject_prefix'],
    [{}, person, 'Out of Office: Re: RF-20261128-40XQW8', 'auto_reply', 'subject_prefix'],
    [{ precedence: 'bulk' }, person, '双十一大促', 'bulk', 'precedence'],
    [{ spamVerdict: true }, person, '删除我的信息', 'spam', 'spam_verdict'],
    [{ virusVerdict: true, autoSubmitted: 'no' }, person, 'invoice', 'spam', 'virus_verdict'],
  ] as const)('%j from %s "%s" → %s (%s)', (headers, from, subject, kind, signal) => {
    expect(automatedMail(headers, from, subject)).toEqual({ kind, signal });
  });

  it.each([
    [{ autoSubmitted: 'no' }, '请删除我的个人信息'],
    [{ precedence: 'normal' }, 'Re: RF-20261128-40XQW8 补充'],
    [{ contentType: 'multipart/mixed' }, '关于自动回复的投诉'],
    [{}, '申请删除个人信息'],
  ] as const)('a person\'s mail %j "%s" is not machine-sent', (headers, subject) => {
    expect(automatedMail(headers, person, subject)).toBeUndefined();
  });
});
