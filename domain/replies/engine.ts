// The template engine for letters: liquidjs with strict variables and filters, so that a template naming data the
// caller did not give fails loudly instead of sending a letter with a hole in it.
import { Liquid } from 'liquidjs';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function ymdParts(value: unknown): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
  if (!m) throw new Error(`not a date: ${JSON.stringify(value)}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** A fresh engine; filters: `zh_date` (2026年12月16日), `en_date` (16 December 2026). */
export function createLiquid(): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    greedy: false,
  });
  liquid.registerFilter('zh_date', (v: unknown) => {
    const [y, m, d] = ymdParts(v);
    return `${y}年${m}月${d}日`;
  });
  liquid.registerFilter('en_date', (v: unknown) => {
    const [y, m, d] = ymdParts(v);
    return `${d} ${MONTHS[m - 1]} ${y}`;
  });
  return liquid;
}
