// Holds as a letter cites them: one line per category, each duty's citation once.

import type * as z from 'zod';
import type { Hold } from '../rules/types.ts';
import type { HeldCategory } from './data.ts';

export function heldForLetter(holds: readonly Hold[]): z.input<typeof HeldCategory>[] {
  return holds.map((h) => {
    const seen = new Set<string>();
    const sources = h.sources.map((s) => s.cite).filter((c) => !seen.has(c.zh) && seen.add(c.zh));
    return { category: h.category, until: h.until, sources };
  });
}
