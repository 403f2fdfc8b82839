import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageAt,
  isUnder14,
  luhnCheckDigit,
  luhnValid,
  parseBankCard,
  parseEmail,
  parsePhone,
  parseResidentId,
} from '../../../domain/identity/index.ts';
import { arbCard, arbId, luhnComplete, makeId } from './gen.ts';

const NOW = new Date('2026-11-25T04:00:00Z');

describe('resident ID (GB 11643)', () => {
  const valid = makeId('330106', '1990-01-01', '123');

  it('accepts a generated ID with a correct checksum and reads birth date and sex', () => {
    const r = parseResidentId(valid, NOW);
    expect(r).toMatchObject({ ok: true, value: valid, birthDate: '1990-01-01', regionCode: '330106', sex: 'male' });
  });

  it('accepts the X check character in either case and normalises it to upper case', () => {
    // Find a sequence whose check character is X.
    let id = '';
    for (let s = 0; s < 1000 && !id.endsWith('X'); s++) id = makeId('110105', '1985-06-15', String(s).padStart(3, '0'));
    expect(id.endsWith('X')).toBe(true);
    const r = parseResidentId(id.toLowerCase(), NOW);
    expect(r.ok && r.value).toBe(id);
  });

  it.each([
    ['wrong checksum', valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0'), 'checksum'],
    ['17 digits', valid.slice(0, 17), 'expected'],
    ['letters', 'ABCDEFGHIJKLMNOPQR', 'expected'],
    ['unknown province', makeId('990106', '1990-01-01', '123'), 'province'],
    ['impossible date', makeId('330106', '1990-02-30', '123'), 'birth date'],
    ['birth in the future', makeId('330106', '2027-01-01', '123'), 'future'],
    ['before 1890', makeId('330106', '1850-01-01', '123'), 'birth date'],
  ])('rejects %s', (_label, raw, reason) => {
    const r = parseResidentId(raw, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('checksum catches every single-digit change (property)', () => {
    fc.assert(
      fc.property(arbId, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (id, pos, delta) => {
        const changed = id.slice(0, pos) + ((Number(id[pos]) + delta) % 10) + id.slice(pos + 1);
        const r = parseResidentId(changed, NOW);
        expect(r.ok).toBe(false);
      }),
    );
  });

  it('computes age on the Shanghai date and the under-14 rule at the birthday boundary', () => {
    expect(ageAt('2012-11-25', new Date('2026-11-24T15:59:59Z'))).toBe(13); // 23:59:59 on the 24th in Shanghai
    expect(ageAt('2012-11-25', new Date('2026-11-24T16:00:00Z'))).toBe(14); // 00:00 on the 25th in Shanghai
    expect(isUnder14('2012-11-26', NOW)).toBe(true);
    expect(isUnder14('2012-11-25', NOW)).toBe(false);
    expect(ageAt('2008-02-29', new Date('2026-02-28T12:00:00Z'))).toBe(17);
    expect(ageAt('2008-02-29', new Date('2026-03-01T12:00:00Z'))).toBe(18);
  });
});

describe('mainland mobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['0086-138-1234-5678', '13812345678'],
    ['86 13812345678', '13812345678'],
    ['(+86) 199-0000-1111', '19900001111'],
  ])('accepts %s', (raw, value) => {
    expect(parsePhone(raw)).toEqual({ ok: true, value });
  });

  it.each(['12812345678', '1381234567', '138123456789', '010-12345678', '138abcd5678', ''])('rejects %s', (raw) => {
    expect(parsePhone(raw).ok).toBe(false);
  });
});

describe('bank card', () => {
  it('computes and checks Luhn digits against published vectors', () => {
    // The textbook example 7992739871 → 3, and the well-known test card 4111 1111 1111 1111.
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });

  it('accepts Luhn-valid numbers of 12 to 19 digits with spaces or dashes, and keeps last 4', () => {
    const card = luhnComplete('622202123456789012');
    const grouped = card.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(parseBankCard(grouped)).toEqual({ ok: true, value: card, last4: card.slice(-4) });
    expect(parseBankCard(luhnComplete('62220212345')).ok).toBe(true); // 12 digits
  });

  it('rejects bad checksums, lengths and characters', () => {
    const card = luhnComplete('622202123456789');
    const bad = card.slice(0, -1) + ((Number(card.at(-1)) + 1) % 10);
    expect(parseBankCard(bad)).toMatchObject({ ok: false, reason: expect.stringContaining('Luhn') });
    expect(parseBankCard(luhnComplete('6222021234')).ok).toBe(false); // 11 digits
    expect(parseBankCard(luhnComplete('6222021234567890123')).ok).toBe(false); // 20 digits
    expect(parseBankCard('6222-abcd-1234-5678').ok).toBe(false);
  });

  it('every generated card passes, every single-digit change fails (property)', () => {
    fc.assert(
      fc.property(arbCard, fc.nat(), fc.integer({ min: 1, max: 9 }), (card, p, delta) => {
        expect(parseBankCard(card).ok).toBe(true);
        const pos = p % card.length;
        const changed = card.slice(0, pos) + ((Number(card[pos]) + delta) % 10) + card.slice(pos + 1);
        expect(parseBankCard(changed).ok).toBe(false);
      }),
    );
  });
});

describe('email', () => {
  it('accepts and lower-cases the domain only', () => {
    expect(parseEmail(' Zhang.San@Example.COM ')).toEqual({
      ok: true,
      value: 'Zhang.San@example.com',
      domain: 'example.com',
    });
    expect(parseEmail('mailto:a@b.cn')).toMatchObject({ ok: true, value: 'a@b.cn' });
  });
  it.each(['zhang', 'a@', '@b.com', 'a b@c.com', 'a@b'])('rejects %s', (raw) => {
    expect(parseEmail(raw).ok).toBe(false);
  });
});
