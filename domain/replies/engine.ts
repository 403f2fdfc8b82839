// The template engine for letters: liquidjs with strict variables and filters, so that a template naming data the
// caller did not give fails loudly instead of sending a letter with a hole in it.
import { Liquid } from 'liquidjs';
import { enDate, zhDate } from '../calendar/letter-dates.ts';

/** Yuan as letters print them: 50 → "50", 12.5 → "12.50" (fen only when there are any). */
function yuanText(v: unknown): string {
  const fen = Math.round(Number(v) * 100);
  if (!Number.isFinite(fen)) throw new Error(`not an amount: ${JSON.stringify(v)}`);
  return fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2);
}

/**
 * A fresh engine; filters: `zh_date` (2026年12月16日), `en_date` (16 December 2026), `zh_yuan` (人民币50元),
 * `en_yuan` (CNY 50).
 */
export function createLiquid(): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    greedy: false,
  });
  liquid.registerFilter('zh_date', zhDate);
  liquid.registerFilter('en_date', enDate);
  liquid.registerFilter('zh_yuan', (v: unknown) => `人民币${yuanText(v)}元`);
  liquid.registerFilter('en_yuan', (v: unknown) => `CNY ${yuanText(v)}`);
  return liquid;
}
