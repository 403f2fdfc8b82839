import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../domain/policy/index.ts';
import type { DataCategory } from '../../../domain/request/model.ts';
import { checkExceptions, currentHolds, type ExceptionFacts, feeAssessment } from '../../../domain/rules/index.ts';

const policy = loadPolicy();
const NOW = new Date('2026-11-25T04:00:00Z');
const base: ExceptionFacts = {
  rights: ['delete'],
  verification: { level: 'strong', method: 'sms_code' },
  requesterType: 'self',
  minor: false,
  legalHold: false,
  amlInvestigationOpen: false,
  priorCountInWindow: {},
  openDisputes: 0,
  holds: [],
  now: NOW,
};
const HELD: DataCategory[] = ['identity', 'contact', 'bank_cards', 'transactions', 'marketing'];
/** The holds CheckExceptions reads from the company (a customer whose relationship ended on 2026-11-25). */
const holdsFor = (over: Partial<ExceptionFacts>) =>
  currentHolds(
    {
      categories: HELD,
      legalHolds: over.amlInvestigationOpen
        ? [{ kind: 'aml_investigation' }]
        : over.legalHold
          ? [{ kind: 'litigation' }]
          : [],
      disputes: [],
      restrictions: [],
      anchors: { relationshipEndedAt: '2026-11-25T02:00:00Z', lastTransactionAt: '2026-10-01T08:00:00Z' },
      now: NOW,
    },
    policy,
  );
const check = (over: Partial<ExceptionFacts>) => checkExceptions({ ...base, holds: holdsFor(over), ...over }, policy);

describe('checkExceptions', () => {
  it('a plain verified deletion needs no review; retention holds apply automatically', () => {
    const c = check({});
    expect(c.needsReview).toBe(false);
    expect(c.refusal).toBeUndefined();
    expect(c.autoHolds.map((h) => [h.category, h.until])).toEqual([
      ['identity', '2036-11-25'],
      ['bank_cards', '2036-11-25'],
      ['transactions', '2036-10-01'],
    ]);
  });

  it('access and explain hold nothing and need no review', () => {
    const c = check({ rights: ['access', 'explain'] });
    expect(c).toMatchObject({ needsReview: false, autoHolds: [], unverified: false });
  });

  it('insufficient verification stops the request before anything else', () => {
    const c = check({ verification: { level: 'contact', method: 'channel_control' }, legalHold: true });
    expect(c).toMatchObject({ unverified: true, needsReview: false, autoHolds: [] });
    expect(check({ rights: ['withdraw_consent'], verification: { level: 'contact' } }).unverified).toBe(false);
  });

  it('a legal hold or an AML investigation holds every category without a date', () => {
    const c = check({ legalHold: true });
    const legal = c.autoHolds.filter((h) => h.kind === 'legal_hold');
    expect(legal.map((h) => h.category)).toEqual(HELD);
    expect(legal.every((h) => h.until === null && h.endsWith === 'authority_release')).toBe(true);
    expect(c.needsReview).toBe(false);
    const aml = check({ amlInvestigationOpen: true, rights: ['delete', 'access'] });
    expect(aml.autoHolds.filter((h) => h.kind === 'legal_hold').every((h) => h.rule === 'aml_investigation')).toBe(
      true,
    );
    expect(aml).toMatchObject({ needsReview: true, reviewReasons: ['aml_investigation_open'] });
    // Nothing steers the officer to a basis that names the investigation to the person (C3).
    expect(aml.suggestedExceptions).not.toContain('criminal_investigation');
  });

  it('cancel_quickpay with open disputes proposes a reasoned refusal for review', () => {
    const c = check({ rights: ['cancel_quickpay'], openDisputes: 2 });
    expect(c.needsReview).toBe(true);
    expect(c.reviewReasons).toEqual(['open_disputes']);
    expect(c.refusal?.rights).toEqual(['cancel_quickpay']);
    expect(c.refusal?.reasons[0]?.zh).toContain('争议');
    expect(check({ rights: ['cancel_quickpay'] }).refusal).toBeUndefined();
  });

  it('repetition: a fee quote only for portability, otherwise a review for possible abuse', () => {
    const port = check({ rights: ['portability'], priorCountInWindow: { portability: 2 } });
    expect(port.reviewReasons).toEqual(['fee_quote']);
    expect(port.fees).toEqual([expect.objectContaining({ right: 'portability', requestNumber: 3 })]);
    const acc = check({ rights: ['access'], priorCountInWindow: { access: 5 } });
    expect(acc).toMatchObject({ needsReview: true, reviewReasons: ['repeated_request'], fees: [] });
    expect(acc.suggestedExceptions).toEqual(['abuse']);
    expect(check({ rights: ['access'], priorCountInWindow: { access: 1 } }).needsReview).toBe(false);
  });

  it('someone acting for the subject needs their authority reviewed unless documents were checked', () => {
    expect(check({ requesterType: 'guardian', minor: true }).reviewReasons).toEqual(['requester_authority']);
    expect(
      check({ requesterType: 'relative_of_deceased', verification: { level: 'strong', method: 'document_review' } })
        .needsReview,
    ).toBe(false);
  });

  it('a minor asking for deletion is priority', () => {
    expect(check({ minor: true }).priority).toBe(true);
    expect(check({ minor: true, rights: ['access'] }).priority).toBe(false);
  });
});

describe('feeAssessment', () => {
  it('is none by default, a quote only for a repeated portability request', () => {
    const s = policy.settings;
    expect(feeAssessment('portability', 0, s)).toEqual({ kind: 'none', repeated: false });
    expect(feeAssessment('copy', 7, s)).toEqual({ kind: 'none', repeated: true });
    expect(feeAssessment('portability', 2, s)).toMatchObject({
      kind: 'quote',
      requiresPrivacyOfficer: true,
      windowMonths: 12,
    });
  });
});
