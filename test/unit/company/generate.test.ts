import { describe, expect, it } from 'vitest';
import { luhnValid, parsePhone, parseResidentId } from '../../../domain/identity/index.ts';
import { DEMO_CUSTOMERS, DEMO_MINOR } from '../../../infra/local/company/demo-customers.ts';
import { makeCardNumber } from '../../../infra/local/company/fake-identifiers.ts';
import { generateSampleCompany } from '../../../infra/local/company/generate.ts';

describe('sample company generator', () => {
  const company = generateSampleCompany({ customers: 200, seed: 7 });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateSampleCompany({ customers: 200, seed: 7 })).toEqual(company);
    const other = generateSampleCompany({ customers: 200, seed: 8 });
    expect(other[10]!.profile.idNumber).not.toBe(company[10]!.profile.idNumber);
  });

  it('makes 200 customers plus the demo ones, with a few thousand transactions', () => {
    expect(company).toHaveLength(200 + DEMO_CUSTOMERS.length);
    const txns = company.reduce((n, c) => n + c.transactions.length, 0);
    expect(txns).toBeGreaterThan(2_000);
    expect(txns).toBeLessThan(5_000);
  });

  it('gives every customer a unique resident ID with a valid checksum and a valid mainland mobile', () => {
    const ids = new Set<string>();
    const phones = new Set<string>();
    for (const c of company) {
      const id = parseResidentId(c.profile.idNumber, new Date('2026-11-20T00:00:00Z'));
      expect(id.ok, `customer ${c.profile.customerId}`).toBe(true);
      expect(parsePhone(c.contact.phone).ok).toBe(true);
      ids.add(c.profile.idNumber);
      phones.add(c.contact.phone);
      for (const card of c.cards) expect(card.maskedNumber).toMatch(/^\d{6}\*+\d{4}$/);
    }
    expect(ids.size).toBe(company.length);
    expect(phones.size).toBe(company.length);
  });

  it('keeps transactions inside the customer relationship', () => {
    for (const c of company)
      for (const t of c.transactions) {
        expect(t.at >= c.profile.openedAt).toBe(true);
        if (c.profile.closedAt) expect(t.at <= c.profile.closedAt).toBe(true);
      }
  });

  it('demo customers have valid identifiers and the minor is under 14', () => {
    for (const d of DEMO_CUSTOMERS) {
      expect(parseResidentId(d.idNumber).ok).toBe(true);
      expect(parsePhone(d.phone).ok).toBe(true);
    }
    const minor = parseResidentId(DEMO_MINOR.idNumber, new Date('2026-11-25T00:00:00Z'));
    expect(minor.ok && minor.birthDate).toBe('2016-05-09');
    expect(parseResidentId(DEMO_MINOR.guardian!.idNumber).ok).toBe(true);
  });

  it('makes Luhn-valid card numbers', () => {
    for (const body of ['000000000', '123456789', '987654321'])
      expect(luhnValid(makeCardNumber('622202', body))).toBe(true);
  });
});
