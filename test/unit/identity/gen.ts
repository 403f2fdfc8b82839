// Fake identifiers with valid checksums, generated (never real people).
import fc from 'fast-check';
import { luhnCheckDigit } from '../../../domain/identity/bank-card.ts';
import { residentIdCheckChar } from '../../../domain/identity/resident-id.ts';

export function makeId(region: string, birth: string, seq: string): string {
  const first17 = region + birth.replaceAll('-', '') + seq;
  return first17 + residentIdCheckChar(first17);
}

export function luhnComplete(body: string): string {
  return body + luhnCheckDigit(body);
}

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));

export const arbId = fc
  .record({
    province: fc.constantFrom('11', '31', '33', '44', '51', '65'),
    rest: digits(4),
    birth: fc.date({
      min: new Date('1930-01-01T00:00:00Z'),
      max: new Date('2020-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    seq: digits(3),
  })
  .map(({ province, rest, birth, seq }) => makeId(province + rest, birth.toISOString().slice(0, 10), seq));

export const arbPhone = fc
  .record({ second: fc.integer({ min: 3, max: 9 }), rest: digits(9) })
  .map(({ second, rest }) => `1${second}${rest}`);

export const arbCard = fc
  .record({ len: fc.integer({ min: 12, max: 19 }), body: digits(18) })
  .map(({ len, body }) => luhnComplete(`6${body}`.slice(0, len - 1)));
