// Makes fake but well-formed identifiers for the sample company: resident IDs with a valid GB 11643 check
// character, Luhn-valid card numbers, mainland mobile numbers. Generation only; validation is domain/identity's job.
import { residentIdCheckChar } from '../../../domain/identity/index.ts';

/** area: 6-digit division code; birth: YYYYMMDD; seq: 0–999 (odd = male). */
export function makeResidentId(area: string, birth: string, seq: number): string {
  const first17 = `${area}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export function luhnCheckDigit(withoutCheck: string): string {
  let sum = 0;
  // Double every second digit counting from the right of the final number (the check digit is position 1).
  for (let i = 0; i < withoutCheck.length; i++) {
    let d = Number(withoutCheck[withoutCheck.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function makeCardNumber(bin: string, body: string): string {
  const withoutCheck = bin + body;
  return withoutCheck + luhnCheckDigit(withoutCheck);
}

export function maskCardNumber(card: string): string {
  return `${card.slice(0, 6)}${'*'.repeat(card.length - 10)}${card.slice(-4)}`;
}

/** Deterministic PRNG (mulberry32): the same seed always gives the same company. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
