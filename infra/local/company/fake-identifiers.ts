// Makes fake but well-formed identifiers for the sample company: resident IDs with a valid GB 11643 check
// character, Luhn-valid card numbers, mainland mobile numbers. Generation only; validation is domain/identity's job.
import { luhnCheckDigit, residentIdCheckChar } from '../../../domain/identity/index.ts';

/** area: 6-digit division code; birth: YYYYMMDD; seq: 0–999 (odd = male). */
export function makeResidentId(area: string, birth: string, seq: number): string {
  const first17 = `${area}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export function makeCardNumber(bin: string, body: string): string {
  const withoutCheck = bin + body;
  return withoutCheck + luhnCheckDigit(withoutCheck);
}

/**
 * The truncated card number the payment system itself keeps on the card record (first 6 + last 4, as PCI DSS allows);
 * not a display mask: what we show or log goes through domain/identity maskBankCard.
 */
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
