// Retention holds: how long each category must still be kept, from every rule that applies (policy §4(5) and
// 反洗钱法 2024 arts. 34, 63). The longest period governs; all sources are kept for the letter and the evidence.
import { shanghaiDate } from '../identity/shanghai-date.ts';
import type { Policy, RetentionRule } from '../policy/schema.ts';
import { DATA_CATEGORIES, type DataCategory } from '../request/model.ts';
import { addYears, endOfYearPlus } from './dates.ts';
import type { Hold, RetentionAnchors } from './types.ts';

export interface RetentionHold extends Hold {
  kind: 'retention';
  /** The anchor date the governing rule counted from; absent while the relationship it counts from still runs. */
  anchorDate?: string;
}

/**
 * The anchor date of a rule: the real end of the relationship (never the request's date: a relationship that is
 * still running has no end yet, `null`), or the latest transaction; undefined when nothing is anchored (no
 * transactions).
 */
function anchorDate(rule: RetentionRule, anchors: RetentionAnchors): string | null | undefined {
  if (rule.anchor === 'relationship_end')
    return anchors.relationshipEndedAt ? shanghaiDate(new Date(anchors.relationshipEndedAt)) : null;
  return anchors.lastTransactionAt ? shanghaiDate(new Date(anchors.lastTransactionAt)) : undefined;
}

/**
 * Reading of the periods:
 * - `event` ("在业务关系结束后…至少保存十年"): kept through the same calendar day N years after the anchor.
 * - `anchor_year` ("自交易记账当年计起至少保存5年"): the anchor's year starts the count and N whole years follow it,
 *   so kept through 31 Dec of (anchor year + N). The shorter reading (year + N − 1) would risk deleting early.
 */
export function ruleUntil(rule: RetentionRule, anchor: string): string {
  return rule.countFrom === 'event' ? addYears(anchor, rule.years) : endOfYearPlus(anchor, rule.years);
}

/** Later end first; no end yet (null) is the latest of all. */
const laterFirst = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? 1 : -1;

/**
 * Holds on `categories` still running at `now`, one per category, the longest period governing. A duty counted from
 * the end of a relationship that has not ended holds without a date (`endsWith: 'relationship_end'`).
 */
export function retentionHolds(
  categories: readonly DataCategory[],
  anchors: RetentionAnchors,
  policy: Pick<Policy, 'retention'>,
  now: Date,
): RetentionHold[] {
  const today = shanghaiDate(now);
  const holds: RetentionHold[] = [];
  for (const category of DATA_CATEGORIES) {
    if (!categories.includes(category)) continue;
    const applicable = policy.retention.rules
      .filter((r) => r.categories.includes(category))
      .flatMap((rule) => {
        const anchor = anchorDate(rule, anchors);
        if (anchor === undefined) return [];
        return [{ rule, anchor, until: anchor === null ? null : ruleUntil(rule, anchor) }];
      })
      .filter((a) => a.until === null || a.until >= today)
      // Longest first; on a tie the longer statutory period (law over promise) leads.
      .sort((a, b) => laterFirst(a.until, b.until) || b.rule.years - a.rule.years);
    const governing = applicable[0];
    if (!governing) continue;
    holds.push({
      category,
      until: governing.until,
      kind: 'retention',
      ...(governing.until === null ? { endsWith: 'relationship_end' as const } : {}),
      rule: governing.rule.id,
      ...(governing.anchor !== null ? { anchorDate: governing.anchor } : {}),
      sources: applicable.map((a) => a.rule.source),
    });
  }
  return holds;
}

/** Categories with no retention rule at all: deletable at once whatever the anchors. */
export function unretainedCategories(policy: Pick<Policy, 'retention'>): DataCategory[] {
  return DATA_CATEGORIES.filter((c) => !policy.retention.rules.some((r) => r.categories.includes(c)));
}
