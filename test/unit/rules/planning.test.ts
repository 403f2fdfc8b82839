import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../../domain/calendar/files.ts';
import { loadPolicy } from '../../../domain/policy/index.ts';
import { DATA_CATEGORIES, type DataCategory } from '../../../domain/request/model.ts';
import {
  decideOutcome,
  deletionGrounds,
  guardErasure,
  type Hold,
  planErasure,
  planNotices,
  retentionHolds,
  ruleUntil,
} from '../../../domain/rules/index.ts';

const policy = loadPolicy();
const NOW = new Date('2026-11-25T04:00:00Z'); // Wednesday
const calendar = calendarFor({ scheduleFile: null });

describe('planNotices', () => {
  it('notifies only partners that received an erased category, with their categories and due dates', () => {
    const plans = planNotices(
      ['unionpay', 'nucc', 'issuing_bank:ICBC', 'lianlian_hangzhou', 'service_provider', 'unionpay'],
      ['contact', 'marketing'],
      policy.recipients,
      { now: NOW, calendar },
    );
    // Clearing houses and banks received identity/cards/transactions only: nothing erased reached them.
    expect(plans.map((p) => [p.partnerId, p.categories])).toEqual([
      ['lianlian_hangzhou', ['contact', 'marketing']],
      ['service_provider', ['contact']],
    ]);
    expect(plans[0]).toMatchObject({ sentOn: '2026-11-25', ackDueBy: '2026-12-02', remindOn: ['2026-11-30'] });
    expect(plans[0]!.channel.type).toBe('signed_webhook');
  });

  it('resolves issuing banks per customer, and unknown banks to the generic placeholder', () => {
    const plans = planNotices(
      ['issuing_bank:icbc', 'issuing_bank:ZZBANK'],
      ['bank_cards', 'identity'],
      policy.recipients,
      {
        now: NOW,
        calendar,
      },
    );
    expect(plans[0]).toMatchObject({
      partnerId: 'issuing_bank:icbc',
      registryId: 'issuing_bank',
      names: { zh: '中国工商银行' },
      categories: ['identity', 'bank_cards'],
      channel: { type: 'email', address: 'icbc@privacy-notices.lianlianpay.com', placeholder: true },
      legalBasisArticle: 23,
      ackDueBy: '2026-12-09',
      remindOn: ['2026-12-02', '2026-12-07'],
      registryVersion: policy.recipients.version,
    });
    expect(plans[1]).toMatchObject({
      names: { zh: '您所选择的支付方式对应的金融机构（发卡行）（ZZBANK）' },
      channel: { address: 'issuing-banks@privacy-notices.lianlianpay.com' },
    });
  });

  it('a partner unknown to the registry gets a manual notice of everything erased', () => {
    const [p] = planNotices(['acme_pay'], ['device'], policy.recipients, { now: NOW, calendar });
    expect(p).toMatchObject({
      partnerId: 'acme_pay',
      registryId: undefined,
      channel: { type: 'manual' },
      categories: ['device'],
    });
    expect(planNotices(['acme_pay'], [], policy.recipients, { now: NOW, calendar })).toEqual([]);
  });
});

describe('planNotices: held data restricted at processors acting for us, cancellations to bank and network', () => {
  it('only an entrusted processor (PIPL art. 21) hears "storage only", and only of categories it received (M3)', () => {
    const partners = ['unionpay', 'issuing_bank:ICBC', 'lianlian_hangzhou', 'service_provider'];
    const held = [
      { category: 'identity' as const, until: '2036-11-25' },
      { category: 'support' as const, until: null },
    ];
    const plans = planNotices(partners, ['marketing'], policy.recipients, { now: NOW, calendar }, { held });
    expect(plans.map((p) => [p.partnerId, p.categories, p.restricted])).toEqual([
      ['lianlian_hangzhou', ['marketing'], held],
      ['service_provider', [], [{ category: 'support', until: null }]],
    ]);
  });

  it('a quick-pay cancellation reaches the bank and the network even when nothing was erased (M8)', () => {
    const plans = planNotices(
      ['lianlian_hangzhou'],
      [],
      policy.recipients,
      { now: NOW, calendar },
      {
        cancellations: [
          { partnerId: 'issuing_bank:ICBC', cardLast4: '0047', endedOn: '2026-11-25' },
          { partnerId: 'unionpay', cardLast4: '0047', endedOn: '2026-11-25' },
        ],
        held: [{ category: 'bank_cards', until: null }],
        heldCards: ['0047'],
      },
    );
    expect(plans.map((p) => [p.partnerId, p.cancellations.length, p.restricted.length, p.restrictedCards])).toEqual([
      ['lianlian_hangzhou', 0, 1, ['0047']],
      ['issuing_bank:ICBC', 1, 0, undefined],
      ['unionpay', 1, 0, undefined],
    ]);
  });
});

describe('planErasure', () => {
  const held = ['identity', 'contact', 'bank_cards', 'transactions', 'device', 'marketing'] as const;
  const ended = { relationshipEnded: true };
  const plan = (
    present: readonly DataCategory[],
    holds: Hold[],
    options: { requested?: readonly DataCategory[]; minor?: boolean } = {},
  ) => {
    const requested = options.requested ?? present;
    const decision = guardErasure(
      { present, requested, grounds: deletionGrounds(requested, ended, policy), holds },
      policy,
    );
    return planErasure(decision, { minor: options.minor ?? false, now: NOW }, policy);
  };

  it('erases what no duty holds, holds the rest until its end, and sets the backup purge-by date', () => {
    const anchors = { relationshipEndedAt: '2026-11-25T02:00:00Z', lastTransactionAt: '2025-01-10T00:00:00Z' };
    const p = plan([...held], retentionHolds([...held], anchors, policy, NOW));
    expect(p.erase).toEqual([{ mode: 'delete', categories: ['contact', 'device', 'marketing'] }]);
    expect(p.grounds.every((g) => g.ground === 'service_ended')).toBe(true);
    expect(p.hold.map((h) => [h.category, h.until])).toEqual([
      ['identity', '2036-11-25'],
      ['bank_cards', '2036-11-25'],
      ['transactions', '2035-01-10'],
    ]);
    expect(p.backupPurgeBy).toBe('2026-12-30'); // 35 days
    expect(p.deferred).toContainEqual({ category: 'transactions', at: '2035-01-11' });
    expect(p.untouched).toEqual([]);
  });

  it('anonymises transactions once no duty holds them, and leaves out what was not asked for', () => {
    const p = plan(['transactions', 'marketing', 'support'], [], {
      requested: ['transactions', 'marketing'],
      minor: true,
    });
    expect(p.erase).toEqual([
      { mode: 'anonymise', categories: ['transactions'] },
      { mode: 'delete', categories: ['marketing'] },
    ]);
    expect(p.untouched).toEqual(['support']);
    expect(p.priority).toBe(true);
  });

  it('a legal hold without a date beats a dated one: re-checked later, nothing erased, no purge date', () => {
    const dated = retentionHolds(['identity'], { relationshipEndedAt: '2026-11-25T02:00:00Z' }, policy, NOW)[0]!;
    const legal: Hold = { ...dated, until: null, kind: 'legal_hold', rule: 'legal_hold', sources: [] };
    const p = plan(['identity'], [dated, legal]);
    expect(p.hold).toEqual([legal]);
    // re-checked after retention.yaml's recheckOpenHoldsDays (90), never erased on a date nobody knows
    expect(p.deferred).toEqual([{ category: 'identity', at: '2027-02-23' }]);
    expect(p.backupPurgeBy).toBeNull();
  });
});

describe('decideOutcome', () => {
  const done = { right: 'delete' as const, status: 'done' as const };
  it('picks the letter from what was recorded', () => {
    expect(decideOutcome({ verified: false, rights: [done] })).toBe('unable_to_verify');
    expect(decideOutcome({ verified: true, refused: true, rights: [done] })).toBe('refused');
    expect(decideOutcome({ verified: true, feeDeclined: true, rights: [] })).toBe('fee_declined');
    expect(decideOutcome({ verified: true, rights: [done] })).toBe('completed');
    expect(decideOutcome({ verified: true, rights: [{ right: 'delete', status: 'partial' }] })).toBe(
      'partially_completed',
    );
    expect(decideOutcome({ verified: true, rights: [done, { right: 'cancel_quickpay', status: 'refused' }] })).toBe(
      'partially_completed',
    );
    expect(decideOutcome({ verified: true, rights: [{ right: 'cancel_quickpay', status: 'refused' }] })).toBe(
      'refused',
    );
    expect(() => decideOutcome({ verified: true, rights: [{ right: 'copy', status: 'failed' }] })).toThrow(
      /not fulfilled: copy/,
    );
  });

  it('"completed" only when everything asked was done; a deletion held in full is "held", not partial success', () => {
    expect(decideOutcome({ verified: true, rights: [{ right: 'delete', status: 'held' }] })).toBe('held');
    expect(
      decideOutcome({
        verified: true,
        rights: [
          { right: 'delete', status: 'held' },
          { right: 'cancel_quickpay', status: 'refused' },
        ],
      }),
    ).toBe('held');
    // Something done and something held: partial.
    expect(
      decideOutcome({
        verified: true,
        rights: [
          { right: 'access', status: 'done' },
          { right: 'delete', status: 'held' },
        ],
      }),
    ).toBe('partially_completed');
    expect(
      decideOutcome({
        verified: true,
        rights: [
          { right: 'access', status: 'done' },
          { right: 'explain', status: 'done' },
        ],
      }),
    ).toBe('completed');
  });
});

describe('planning invariants (property)', () => {
  it('a notice only ever names categories that were erased and that the partner received', () => {
    const ids = [
      'unionpay',
      'nucc',
      'issuing_bank:ICBC',
      'issuing_bank:XX',
      'lianlian_hangzhou',
      'verification_agency',
      'service_provider',
    ];
    fc.assert(
      fc.property(fc.subarray(ids), fc.subarray([...DATA_CATEGORIES]), (partners, erased) => {
        for (const p of planNotices(partners, erased, policy.recipients, { now: NOW, calendar })) {
          const entry = policy.recipients.recipients.find((r) => r.id === p.registryId)!;
          expect(p.categories.length).toBeGreaterThan(0);
          for (const c of p.categories) {
            expect(erased).toContain(c);
            expect(entry.categories).toContain(c);
          }
          expect(p.ackDueBy > p.sentOn).toBe(true);
        }
      }),
    );
  });

  it('the governing hold is never shorter than any applicable rule', () => {
    const day = fc.date({
      min: new Date('2015-01-01T00:00:00Z'),
      max: new Date('2026-11-24T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(day, day, (end, tx) => {
        const anchors = { relationshipEndedAt: end.toISOString(), lastTransactionAt: tx.toISOString() };
        for (const h of retentionHolds(['identity', 'transactions'], anchors, policy, NOW))
          for (const r of policy.retention.rules.filter((x) => x.categories.includes(h.category))) {
            const anchor = new Date((r.anchor === 'relationship_end' ? end : tx).getTime() + 8 * 3600_000)
              .toISOString()
              .slice(0, 10);
            expect(h.until === null || h.until >= ruleUntil(r, anchor)).toBe(true);
          }
      }),
    );
  });
});
