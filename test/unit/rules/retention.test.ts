import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../domain/policy/index.ts';
import { retentionHolds, ruleUntil, unretainedCategories } from '../../../domain/rules/index.ts';

const policy = loadPolicy();
const NOW = new Date('2026-11-25T04:00:00Z');

describe('retention holds', () => {
  it('the AML 10-year floor beats the policy 5 years, with both sources recorded', () => {
    const holds = retentionHolds(
      ['identity', 'transactions', 'marketing'],
      { relationshipEndedAt: '2024-03-15T02:00:00Z', lastTransactionAt: '2023-06-30T20:00:00Z' },
      policy,
      NOW,
    );
    expect(holds.map((h) => [h.category, h.until, h.rule])).toEqual([
      ['identity', '2034-03-15', 'aml_identity'], // vs policy: end of 2024 + 5 = 2029-12-31
      // 2023-06-30T20:00Z is already 1 July in Shanghai: the anchor is the Shanghai date.
      ['transactions', '2033-07-01', 'aml_transactions'],
    ]);
    const identity = holds[0]!;
    expect(identity.sources.map((s) => s.law)).toEqual(['反洗钱法（2024年修订）', '连连支付隐私政策']);
    expect(identity.anchorDate).toBe('2024-03-15');
  });

  it('reads "from the year…" as to the end of anchor year + N (the longer reading)', () => {
    const rule = policy.retention.rules.find((r) => r.id === 'policy_transactions')!;
    expect(ruleUntil(rule, '2024-03-01')).toBe('2029-12-31');
    const aml = policy.retention.rules.find((r) => r.id === 'aml_transactions')!;
    expect(ruleUntil(aml, '2024-03-01')).toBe('2034-03-01');
    expect(ruleUntil(aml, '2024-02-29')).toBe('2034-03-01'); // never a day early
  });

  it('the policy rule governs when it is longer (a shorter law would never shorten the promise)', () => {
    const shortLaw = {
      retention: {
        ...policy.retention,
        rules: policy.retention.rules.map((r) => (r.id === 'aml_identity' ? { ...r, years: 2 } : r)),
      },
    };
    const [h] = retentionHolds(['identity'], { relationshipEndedAt: '2025-06-01T00:00:00Z' }, shortLaw, NOW);
    expect(h).toMatchObject({ until: '2030-12-31', rule: 'policy_identity' });
  });

  it('an ongoing relationship is not ended by the request: identity is held with no date until it ends (H6)', () => {
    const [h] = retentionHolds(['identity', 'bank_cards'], {}, policy, NOW);
    expect(h).toMatchObject({ category: 'identity', until: null, endsWith: 'relationship_end', rule: 'aml_identity' });
    expect(h?.anchorDate).toBeUndefined();
    // Once the company reports the real end, the ten years count from it.
    const [ended] = retentionHolds(['identity'], { relationshipEndedAt: '2026-12-31T02:00:00Z' }, policy, NOW);
    expect(ended).toMatchObject({ until: '2036-12-31', anchorDate: '2026-12-31' });
  });

  it('no transactions, no transaction hold; expired duties hold nothing', () => {
    expect(retentionHolds(['transactions'], {}, policy, NOW)).toEqual([]);
    const old = retentionHolds(
      ['identity', 'transactions'],
      { relationshipEndedAt: '2010-01-01T00:00:00Z', lastTransactionAt: '2009-05-01T00:00:00Z' },
      policy,
      NOW,
    );
    expect(old).toEqual([]);
  });

  it('holds on the last day and releases the day after (Shanghai dates)', () => {
    const anchors = { relationshipEndedAt: '2016-11-25T00:00:00Z' };
    expect(retentionHolds(['identity'], anchors, policy, new Date('2026-11-25T15:59:59Z'))).toHaveLength(1);
    expect(retentionHolds(['identity'], anchors, policy, new Date('2026-11-25T16:00:00Z'))).toHaveLength(0);
  });

  it('categories without any rule are deletable at once', () => {
    expect(unretainedCategories(policy)).toEqual(['contact', 'device', 'marketing', 'support']);
  });
});
