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
  provisionalYears: [2027],
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

  it('says the schedule is not loaded (we cannot know it is unpublished), naming the year (L2)', () => {
    const zh = renderLetter('acknowledgement', 'zh', data, policy, { bilingual: false }).text;
    expect(zh).toContain('2027年的节假日安排（国务院办公厅通知）尚未载入');
    expect(zh).not.toContain('尚未公布');
    const fallback = renderLetter('acknowledgement', 'zh', { ...data, provisionalYears: [] }, policy).text;
    expect(fallback).toContain('次年的节假日安排（国务院办公厅通知）尚未载入');
  });

  it("calls the 15 working days the policy's promise, not a rule of law (L1)", () => {
    for (const provisional of [true, false]) {
      const zh = renderLetter('acknowledgement', 'zh', { ...data, provisional }, policy).text;
      expect(zh).not.toMatch(/法律规定|依法计算|法定期限/);
      expect(zh).toContain('这是我们在隐私政策中作出的承诺（第三条第（四）项、第四条第（四）项、第八条第（二）项）');
      expect(zh).not.toMatch(/as the law counts|law requires|statutory (period|deadline|limit)/i);
      expect(zh).toContain('as our privacy policy promises (§3(4), §4(4), §8(2))');
    }
  });

  it('says it in English too', () => {
    const en = renderLetter('acknowledgement', 'en', data, policy).text;
    expect(en).not.toMatch(/earlier, never later/);
    expect(en).toContain('early estimate');
    expect(en).toContain('same or later');
    expect(en).toContain('within the 15 working days our privacy policy promises');
    expect(en).toContain('for 2027 is not yet loaded');
  });

  it('says nothing of it when the deadline is final', () => {
    const zh = renderLetter('acknowledgement', 'zh', { ...data, provisional: false }, policy).text;
    expect(zh).not.toContain('较早估算');
  });
});
