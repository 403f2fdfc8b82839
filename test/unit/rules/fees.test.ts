// Fee quotes as the law allows them (网络数据安全管理条例 art. 25 ¶2): the cost basis item by item, never more than
// that cost, amounts as 人民币N元, and an acceptance window that ends early enough to reply within the policy's
// 15 working days.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../domain/calendar/dates.ts';
import { calendarFor } from '../../../domain/calendar/files.ts';
import { addWorkingDays, workingDaysBetween } from '../../../domain/calendar/index.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { SettingsFile } from '../../../domain/policy/schema.ts';
import { acceptanceWindow, chargedFen, costBasis, FeeError, yuan } from '../../../domain/rules/index.ts';

const policy = loadPolicy();
const fees = policy.settings.fees;
const cal = calendarFor();

describe('the cost basis', () => {
  it('is the standard transfer when the officer names no items: 1 hour of preparation + 1 delivery = 人民币70元', () => {
    const basis = costBasis(undefined, fees);
    expect(basis.lines.map((l) => [l.code, l.quantity, l.subtotalFen])).toEqual([
      ['export_preparation', 1, 6000],
      ['secure_delivery', 1, 1000],
    ]);
    expect(basis.totalFen).toBe(7000);
    expect(yuan(basis.totalFen)).toEqual({ zh: '人民币70元', en: 'CNY 70' });
  });

  it('adds up the items the officer chose, exactly (fen), and rejects an item the policy does not price', () => {
    const basis = costBasis(
      [
        { code: 'export_preparation', quantity: 2.5 },
        { code: 'secure_delivery', quantity: 2 },
      ],
      fees,
    );
    expect(basis.totalFen).toBe(17000);
    expect(yuan(1250)).toEqual({ zh: '人民币12.50元', en: 'CNY 12.50' });
    expect(() => costBasis([{ code: 'admin_overhead', quantity: 1 }], fees)).toThrow(FeeError);
    expect(() => costBasis([{ code: 'secure_delivery', quantity: 0 }], fees)).toThrow(FeeError);
  });

  it('caps the amount at the cost: less may be charged, never more (M7)', () => {
    const basis = costBasis(undefined, fees);
    expect(chargedFen(undefined, basis)).toBe(7000);
    expect(chargedFen(30, basis)).toBe(3000);
    expect(() => chargedFen(70.01, basis)).toThrow(/exceeds the cost of the transfer \(人民币70元\)/);
  });

  it('the policy file is checked: standard items must be priced items, currency CNY', () => {
    const bad = structuredClone(policy.settings) as unknown as Record<string, Record<string, unknown>>;
    bad['fees']!['standardItems'] = [{ code: 'nothing', quantity: 1 }];
    expect(SettingsFile.safeParse(bad).success).toBe(false);
    const usd = structuredClone(policy.settings) as unknown as Record<string, Record<string, unknown>>;
    usd['fees']!['currency'] = 'USD';
    expect(SettingsFile.safeParse(usd).success).toBe(false);
  });
});

describe('the acceptance window', () => {
  it('is the policy’s 5 working days when the deadline is far', () => {
    // Quote sent Wed 2026-11-25; reply due Wed 2026-12-16.
    expect(acceptanceWindow('2026-11-25', '2026-12-16', fees, cal)).toEqual({
      ok: true,
      acceptBy: '2026-12-02',
      workingDays: 5,
    });
  });

  it('ends 3 working days before the reply deadline when the quote comes late (M7: was now + 10 working days)', () => {
    // Quote sent Tue 2026-12-08: + 5 working days would be 12-15, but the reply is due 12-16.
    const w = acceptanceWindow('2026-12-08', '2026-12-16', fees, cal);
    expect(w).toEqual({ ok: true, acceptBy: '2026-12-11', workingDays: 3 });
  });

  it('is no window at all when fewer than 2 working days would be left to answer', () => {
    expect(acceptanceWindow('2026-12-10', '2026-12-16', fees, cal)).toEqual({
      ok: false,
      latestAcceptBy: '2026-12-11',
      workingDays: 1,
    });
  });

  it('never ends later than 3 working days before the deadline, and leaves at least 2 to answer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: 20 }), (offset, used) => {
        const received = addDays('2026-01-01', offset);
        const deadline = addWorkingDays(received, 15, cal);
        const today = addWorkingDays(received, used, cal);
        const w = acceptanceWindow(today, deadline, fees, cal);
        if (!w.ok) {
          expect(w.workingDays).toBeLessThan(fees.minAcceptanceWorkingDays);
          return;
        }
        expect(workingDaysBetween(w.acceptBy, deadline, cal)).toBeGreaterThanOrEqual(fees.reserveWorkingDays);
        expect(workingDaysBetween(today, w.acceptBy, cal)).toBeGreaterThanOrEqual(fees.minAcceptanceWorkingDays);
        expect(workingDaysBetween(today, w.acceptBy, cal)).toBeLessThanOrEqual(fees.acceptanceWorkingDays);
      }),
    );
  });
});
