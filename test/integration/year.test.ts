// The simulated year (issue 14, reliability): every reply on or before its deadline unless it waits on a person, and
// then the escalations on working days 10 and 13 (and the breach when the person decides late). CI: a few requests
// on days whose deadlines run through the holiday weeks (Spring Festival, National Day, the turn of the year);
// `npm run test:long` (RF_LONG=1): 5,000 requests over every day of 2026. The result is printed and written to
// test-artifacts/year.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { daysOf2026, planYear, runYear } from './year.ts';

const LONG = process.env['RF_LONG'] === '1';

describe(`a simulated year (${LONG ? '5,000 requests over 2026' : 'short: three arrival days around the holidays'})`, () => {
  it('answers on time what the workflow answers alone; a request waiting on the officer is escalated on working days 10 and 13', {
    timeout: LONG ? 3_600_000 : 600_000,
  }, async () => {
    const plans = LONG
      ? planYear({ days: daysOf2026(), count: 5000, officerShare: 0.04, lateShare: 0.25, seed: 2026 })
      : [
          // Friday before the Spring Festival week, the eve of the National Day week, New Year's Eve (into 2027).
          ...['2026-02-13', '2026-09-30', '2026-12-31'].flatMap((day, d) => [
            ...[0, 1, 2, 3].map((k) => ({ day, kind: 'auto' as const, i: d * 10 + k })),
            { day, kind: 'officer' as const, i: d * 10 + 5, decideOn: d === 1 ? 16 : 14 },
          ]),
        ];
    const result = await runYear(plans, (line) => console.log(line));
    const { outcomes, ...summary } = result;
    await mkdir('test-artifacts', { recursive: true });
    await writeFile(`test-artifacts/year${LONG ? '' : '-short'}.json`, `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      JSON.stringify({
        ...summary,
        missedDeadlines: summary.missedDeadlines.length,
        escalationsOffDay: summary.escalationsOffDay.length,
        lateWhileWaitingOnPerson: summary.lateWhileWaitingOnPerson.length,
      }),
    );

    expect(result.requests).toBe(plans.length);
    expect(result.missedDeadlines).toEqual([]);
    expect(result.escalationsOffDay).toEqual([]);
    const officer = outcomes.filter((o) => o.kind === 'officer');
    expect(officer.length).toBeGreaterThan(0);
    for (const o of officer) {
      expect(o.escalatedOn).toEqual({ '10': 10, '13': 13 });
      // Decided on working day 14: answered that day, on time. Decided on day 16: late, and the breach is recorded.
      if (o.decideOn === 14) expect([o.onTime, o.breached]).toEqual([true, false]);
      else expect([o.onTime, o.breached]).toEqual([false, true]);
      expect(o.repliedOn).toBeDefined();
    }
    expect(result.lateWhileWaitingOnPerson.every((o) => o.decideOn === 16)).toBe(true);
    // Answered alone: no escalation, no breach.
    for (const o of outcomes.filter((x) => x.kind === 'auto')) expect([o.escalatedOn, o.breached]).toEqual([{}, false]);
  });
});
