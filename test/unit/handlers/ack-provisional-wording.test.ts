// A provisional deadline errs early (next year's holidays are not yet known), so the official deadline can only be
// the same or later: the acknowledgement must never promise "earlier, never later".
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../domain/policy/index.ts';
import { renderLetter } from '../../../domain/replies/index.ts';

const policy = loadPolicy();
const data = {
  requestId: 'RF-20261201-7K3QZ8',
  receivedOn: '2026-12-20',
  rights: ['delete' as const],
  deadline: '2027-01-12',
  provisional: true,
  verificationNeeded: false,
};

describe('acknowledgement of a provisional deadline', () => {
  it('says in Chinese the date is an early estimate that can only move later', () => {
    const zh = renderLetter('acknowledgement', 'zh', data, policy, { bilingual: false }).text;
    expect(zh).not.toContain('可能提前');
    expect(zh).not.toContain('不会推后');
    expect(zh).toContain('较早估算');
    expect(zh).toContain('相同或更晚');
    expect(zh).toContain('十五个工作日');
  });

  it('says it in English too', () => {
    const en = renderLetter('acknowledgement', 'en', data, policy).text;
    expect(en).not.toMatch(/earlier, never later/);
    expect(en).toContain('early estimate');
    expect(en).toContain('same or later');
    expect(en).toContain('15 working days as the law counts them');
  });

  it('says nothing of it when the deadline is final', () => {
    const zh = renderLetter('acknowledgement', 'zh', { ...data, provisional: false }, policy).text;
    expect(zh).not.toContain('较早估算');
  });
});
