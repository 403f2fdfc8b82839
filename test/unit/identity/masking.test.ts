import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maskBankCard,
  maskEmail,
  maskIdNumber,
  maskName,
  maskPhone,
  redact,
  redactText,
  subjectHash,
} from '../../../domain/identity/index.ts';
import { arbCard, arbId, arbPhone, luhnComplete, makeId } from './gen.ts';

const digitsOf = (s: string) => s.replace(/\D/g, '');

describe('masks', () => {
  it('match the documented shapes', () => {
    expect(maskIdNumber('330106199001011234')).toBe('330106********1234');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskBankCard('6222 0212 3456 7890 123')).toBe('6222 **** **** 0123');
    expect(maskEmail('zhang.san@Example.com')).toBe('z***@example.com');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('John Smith')).toBe('J*** S***');
  });

  it('an ID mask keeps only region code and last 4: the birth date and sequence never show (property)', () => {
    fc.assert(
      fc.property(arbId, (id) => {
        const m = maskIdNumber(id);
        expect(m).toHaveLength(18);
        expect(m.slice(6, 14)).toBe('********');
        expect(m).not.toContain(id.slice(6, 14));
        expect(m.replace(/\*/g, '')).toBe(id.slice(0, 6) + id.slice(14));
      }),
    );
  });

  it('a phone mask hides digits 4-7 (property)', () => {
    fc.assert(
      fc.property(arbPhone, (p) => {
        const m = maskPhone(p);
        expect(m.slice(3, 7)).toBe('****');
        expect(digitsOf(m)).toBe(p.slice(0, 3) + p.slice(7));
        fc.pre(!(p.slice(0, 3) + p.slice(7)).includes(p.slice(3, 7)));
        expect(m).not.toContain(p.slice(3, 7));
      }),
    );
  });

  it('a card mask shows at most first 4 + last 4 digits (property)', () => {
    fc.assert(
      fc.property(arbCard, (c) => {
        const m = maskBankCard(c);
        expect(digitsOf(m)).toBe(c.slice(0, 4) + c.slice(-4));
        const middle = c.slice(4, -4);
        fc.pre(middle.length >= 4 && !(c.slice(0, 4) + c.slice(-4)).includes(middle));
        expect(digitsOf(m)).not.toContain(middle);
      }),
    );
  });
});

describe('redact', () => {
  const id = makeId('330106', '1990-01-01', '123');
  const card = luhnComplete('622202123456789012');

  it('masks personal fields by name, at any depth, and leaves other data alone', () => {
    const out = redact({
      requestId: 'RF-20261125-7K3QZ8',
      stateName: 'CheckExceptions',
      subject: { name: '张三', idNumber: id, phone: '13812345678', email: 'zs@example.com', bankCard: card },
      requester: { requester_phone: '13912345678', type: 'self' },
      list: [{ customerName: 'John Smith' }],
      count: 3,
    });
    expect(out).toEqual({
      requestId: 'RF-20261125-7K3QZ8',
      stateName: 'CheckExceptions',
      subject: {
        name: '张*',
        idNumber: '330106********' + id.slice(-4),
        phone: '138****5678',
        email: 'z***@example.com',
        bankCard: `6222 **** **** ${card.slice(-4)}`,
      },
      requester: { requester_phone: '139****5678', type: 'self' },
      list: [{ customerName: 'J*** S***' }],
      count: 3,
    });
  });

  it('masks identifiers inside free text and errors', () => {
    const text = `我的身份证${id}，手机 +86 138-1234-5678，卡号 ${card}，邮箱 zs@example.com`;
    const masked = redactText(text);
    expect(masked).not.toContain(id.slice(6, 14));
    expect(masked).not.toContain('1234-5678');
    expect(masked).not.toContain(card.slice(4, -4));
    expect(masked).not.toContain('zs@');
    const err = redact(new Error(`lookup failed for ${id}`)) as { name: string; message: string };
    expect(err.name).toBe('Error');
    expect(err.message).toBe(`lookup failed for 330106********${id.slice(-4)}`);
  });

  it('keeps timestamps, request numbers and short numbers, and survives cycles', () => {
    const o: Record<string, unknown> = { at: '2026-11-25T04:00:00.000Z', ms: '1764043200000', n: '12345' };
    o['self'] = o;
    expect(redact(o)).toEqual({ at: '2026-11-25T04:00:00.000Z', ms: '1764043200000', n: '12345', self: '[Circular]' });
  });

  it('never leaks an ID, phone or card number embedded in text (property)', () => {
    fc.assert(
      fc.property(arbId, arbPhone, arbCard, (i, p, c) => {
        const out = JSON.stringify(redact({ note: `id ${i} tel ${p} card ${c}` }));
        expect(out).not.toContain(i.slice(6, 14));
        expect(out).not.toContain(p);
        expect(out).not.toContain(c);
      }),
    );
  });
});

describe('subjectHash', () => {
  const id = makeId('330106', '1990-01-01', '123');
  it('is the same for the same person however written, and differs by salt', () => {
    const a = subjectHash({ idNumber: id }, 'salt-1');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(subjectHash({ idNumber: ` ${id.toLowerCase()} `, phone: '13812345678' }, 'salt-1')).toBe(a);
    expect(subjectHash({ idNumber: id }, 'salt-2')).not.toBe(a);
  });
  it('falls back to the phone when the ID is missing or invalid, else undefined', () => {
    const byPhone = subjectHash({ phone: '+86 138 1234 5678' }, 's');
    expect(byPhone).toBe(subjectHash({ idNumber: '123', phone: '13812345678' }, 's'));
    expect(subjectHash({ idNumber: 'nope', phone: 'nope' }, 's')).toBeUndefined();
    expect(() => subjectHash({ idNumber: id }, '')).toThrow();
  });
});
