// The provisional calendar for a year whose official notice is not loaded. A deadline computed on it may never be
// later than the one the official schedule will give, and should be no earlier than that needs:
//  - statutory holidays (放假办法 art. 2) and the customary days every notice since 2008 gave (春节 初一–初六,
//    国庆 1–5 October) are days off: every schedule of the space has them off;
//  - every other weekday is a working day: a notice may add days off (补假, 调休), which only makes the official
//    deadline later;
//  - a weekend day is a working day exactly when some schedule of the rule space (rule-space.ts: the 2024 measures
//    and the pattern of the notices since 2008) makes it a make-up day (调休上班).
// So every schedule in the space has a subset of the provisional calendar's working days, and the N-th working day
// after any date comes no later on the provisional calendar: the acknowledgement's "实际截止日期只会与之相同或更晚"
// holds by construction for every notice in the space. test/unit/calendar proves it against every notice
// 2008–2026 (each year pretended unknown in turn) and against schedules generated from the space.
import {
  arrangements,
  canBeMakeup,
  certainDaysOff,
  FESTIVAL_GROUPS,
  makeupCandidates,
  runRuleFor,
} from './rule-space.ts';

const cache = new Map<number, ReadonlySet<number>>();

/**
 * Weekend days (day numbers) that the notice for `year` could make make-up working days. Around 元旦 this reaches
 * back into late December of the year before.
 */
export function possibleMakeupDays(year: number): ReadonlySet<number> {
  const hit = cache.get(year);
  if (hit) return hit;
  const rule = runRuleFor(year);
  const certain = certainDaysOff(year);
  const days = new Set<number>();
  for (const group of FESTIVAL_GROUPS)
    for (const a of arrangements(year, group)) {
      if (a.swaps < 1) continue;
      for (const d of makeupCandidates(a, rule)) if (!days.has(d) && canBeMakeup(d, a, rule, certain)) days.add(d);
    }
  cache.set(year, days);
  return days;
}
