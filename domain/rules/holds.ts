// Every hold on a person's data at one moment, from the facts the company's systems report: retention duties, legal
// holds, the evidence of open disputes and the person's own restrictions. The erasure guard reads these.
import type { Policy } from '../policy/schema.ts';
import { DATA_CATEGORIES, type DataCategory } from '../request/model.ts';
import { retentionHolds } from './retention.ts';
import type { Hold, RetentionAnchors } from './types.ts';

export interface HoldFacts {
  /** Categories the company holds for the person. */
  categories: readonly DataCategory[];
  /** Open legal holds, by kind only (an AML investigation, litigation, a regulator's order…): they hold everything. */
  legalHolds: readonly { kind: string }[];
  /** Open disputes and the categories that are their evidence (support records, the transactions, the card). */
  disputes: readonly { categories: readonly DataCategory[] }[];
  /** The person's own restrictions to storage only (PIPL art. 44); until null = until the person lifts it. */
  restrictions: readonly { categories: readonly DataCategory[]; until: string | null }[];
  anchors: RetentionAnchors;
  now: Date;
}

const only = (cs: readonly DataCategory[], present: readonly DataCategory[]) =>
  DATA_CATEGORIES.filter((c) => cs.includes(c) && present.includes(c));

export function currentHolds(facts: HoldFacts, policy: Pick<Policy, 'retention'>): Hold[] {
  const holds: Hold[] = [...retentionHolds(facts.categories, facts.anchors, policy, facts.now)];
  if (facts.legalHolds.length > 0) {
    // The kind decides nothing the person sees: every legal hold reads the same (AML Law arts. 7, 35 ¶2).
    const rule = facts.legalHolds.some((h) => h.kind === 'aml_investigation') ? 'aml_investigation' : 'legal_hold';
    for (const category of only(DATA_CATEGORIES, facts.categories))
      holds.push({ category, until: null, kind: 'legal_hold', endsWith: 'authority_release', rule, sources: [] });
  }
  for (const d of facts.disputes)
    for (const category of only(d.categories, facts.categories))
      holds.push({
        category,
        until: null,
        kind: 'dispute',
        endsWith: 'dispute_resolved',
        rule: 'dispute',
        sources: [],
      });
  for (const r of facts.restrictions)
    for (const category of only(r.categories, facts.categories))
      holds.push({
        category,
        until: r.until,
        kind: 'restriction',
        ...(r.until === null ? { endsWith: 'person_lifts' as const } : {}),
        rule: 'restriction',
        sources: [],
      });
  return holds;
}

/** Order of precedence when several holds end at once (or never): what the person is told is the first. */
const KIND_RANK: Record<Hold['kind'], number> = { legal_hold: 0, dispute: 1, restriction: 2, retention: 3 };

/** The hold that ends last (no date beats any date); on a tie the legal hold, then the dispute, then the rest. */
export function governingHold(a: Hold, b: Hold): Hold {
  if (a.until !== b.until) {
    if (a.until === null) return a;
    if (b.until === null) return b;
    return b.until > a.until ? b : a;
  }
  return KIND_RANK[b.kind] < KIND_RANK[a.kind] ? b : a;
}
