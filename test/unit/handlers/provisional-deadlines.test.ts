// Provisional deadlines: computed while 2027's official schedule is missing, flagged, alerted on, and recomputed by
// the sweep once the schedule is loaded (a fake 2027 notice stands in for the real one).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chineseDaysSchedules, DEFAULT_SCHEDULE_FILE } from '../../../domain/calendar/files.ts';
import { computeDeadline, WorkingCalendar, type YearSchedule } from '../../../domain/calendar/index.ts';
import type { RightsRequest } from '../../../domain/request/model.ts';
import { recomputeProvisionalDeadlines } from '../../../functions/sweep/recompute.ts';
import { daysUntilNextYear } from '../../../functions/sweep/schedule-alert.ts';
import { step as sweepStep } from '../../../functions/sweep/step.ts';
import { runSweep } from '../../../functions/sweep/sweep.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await startDb();
});
afterAll(async () => {
  await db?.stop();
});

/** A made-up 2027 notice: 元旦 Fri 1 – Sun 3 January off, no make-up days. Not the real one. */
const FAKE_2027: YearSchedule = {
  year: 2027,
  source: 'test: fake 2027 notice',
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
  workdays: [],
};
/** chinese-days alone: 2027 has no official schedule. */
const provisionalCal = new WorkingCalendar(chineseDaysSchedules());
/** The same after operations loaded the (fake) 2027 notice. */
const officialCal = new WorkingCalendar([...chineseDaysSchedules(), FAKE_2027]);

const RECEIVED = '2026-12-10T02:00:00.000Z'; // Thu 10 December: 15 working days reach the 元旦 weekend
const provisionalDeadline = computeDeadline({ receivedAt: RECEIVED }, provisionalCal);
const officialDeadline = computeDeadline({ receivedAt: RECEIVED }, officialCal);

async function setup() {
  const h = await harness(db);
  h.clock.t = new Date(RECEIVED);
  h.deps.calendar = provisionalCal;
  const r = await h.create({ deadline: provisionalDeadline });
  return { h, r };
}

describe('the calendars of this test', () => {
  it('give an early provisional deadline and a later official one', () => {
    // Sun Dec 27 may become a make-up day of the 2027 元旦 notice: counted as working until the notice is loaded.
    expect(provisionalDeadline).toMatchObject({ deadline: '2026-12-30', provisional: true });
    expect(officialDeadline).toMatchObject({ deadline: '2026-12-31', provisional: false });
  });
});

describe('recomputeProvisionalDeadlines', () => {
  it('leaves a deadline alone while the schedule is still missing', async () => {
    const { h, r } = await setup();
    expect(await recomputeProvisionalDeadlines(h.deps)).toEqual({ provisional: 1, recomputed: 0, stillProvisional: 1 });
    expect((await h.store.getRequest(r.id))?.version).toBe(0);
  });

  it('recomputes once the schedule is loaded: event, new GSI1 position, then nothing more to do', async () => {
    const { h, r } = await setup();
    // Between the two deadlines: the request is due before it only while the deadline is provisional.
    const between = '2026-12-31T00:00:00.000Z';
    expect((await h.store.listRequests({ dueBefore: between })).items.map((x) => x.id)).toEqual([r.id]);

    const out = await recomputeProvisionalDeadlines(h.deps, { calendar: officialCal });
    expect(out).toEqual({ provisional: 1, recomputed: 1, stillProvisional: 0 });
    const stored = await h.store.getRequest(r.id);
    expect(stored?.deadline).toEqual(officialDeadline);
    expect(stored?.version).toBe(1);
    const events = await h.store.listEvents(r.id);
    expect(events.filter((e) => e.type === 'deadline.recomputed').map((e) => e.data)).toEqual([
      { from: '2026-12-30', to: '2026-12-31', provisional: false, earlier: false },
    ]);
    expect(h.metrics).toContain('DeadlineRecomputed');
    // GSI1 OPEN follows the new deadlineAt.
    expect((await h.store.listRequests({ dueBefore: between })).items).toEqual([]);
    expect((await h.store.listRequests({ dueBefore: '2027-01-01T00:00:00.000Z' })).items.map((x) => x.id)).toEqual([
      r.id,
    ]);

    expect(await recomputeProvisionalDeadlines(h.deps, { calendar: officialCal })).toEqual({
      provisional: 0,
      recomputed: 0,
      stillProvisional: 0,
    });
  });

  it('retries on a version conflict and keeps the other writer’s change', async () => {
    const { h, r } = await setup();
    const realUpdate = h.store.updateRequest.bind(h.store);
    let raced = false;
    h.deps.store = {
      ...h.store,
      updateRequest: async (id, version, patch, event) => {
        if (!raced) {
          raced = true; // another step writes first
          await realUpdate(id, version, { linkedRequestIds: ['RF-20261210-0000AB'] });
        }
        return realUpdate(id, version, patch, event);
      },
    };
    expect(await recomputeProvisionalDeadlines(h.deps, { calendar: officialCal })).toMatchObject({ recomputed: 1 });
    const stored = (await h.store.getRequest(r.id)) as RightsRequest;
    expect(stored.deadline).toEqual(officialDeadline);
    expect(stored.linkedRequestIds).toEqual(['RF-20261210-0000AB']);
    expect(stored.version).toBe(2);
  });
});

describe('the sweep', () => {
  it('alerts once a day while 2027 is missing, then recomputes when it is loaded', async () => {
    const { h, r } = await setup();
    const first = await runSweep(h.deps);
    expect(first).toMatchObject({ scheduleMissing: [2027], provisional: 1, recomputed: 0 });
    const alerts = () => h.mailer.byKind('schedule_missing');
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0]).toMatchObject({ to: ['dpo@lianlianpay.com'] });
    expect(alerts()[0]?.subject).toContain('2027');
    expect(alerts()[0]?.text).toMatch(/^个人信息保护负责人/); // Chinese first, English too
    expect(alerts()[0]?.text).toContain('policy/holidays.yaml');

    h.clock.advance(3_600_000);
    await runSweep(h.deps);
    expect(alerts()).toHaveLength(1); // same Shanghai day: no second mail
    expect(h.metrics.filter((m) => m === 'ScheduleMissing')).toHaveLength(2); // but the alarm metric each hour

    h.clock.t = new Date('2026-12-11T02:00:00Z');
    await runSweep(h.deps);
    expect(alerts()).toHaveLength(2); // next day, next reminder

    const loaded = await runSweep(h.deps, { calendar: officialCal });
    expect(loaded).toMatchObject({ scheduleMissing: [], provisional: 0, recomputed: 1 });
    expect(alerts()).toHaveLength(2);
    expect((await h.store.getRequest(r.id))?.deadline).toEqual(officialDeadline);
  });

  it('does not alert months ahead when no deadline depends on the missing year', async () => {
    const h = await harness(db);
    h.clock.t = new Date('2026-06-01T02:00:00Z');
    h.deps.calendar = provisionalCal;
    expect(daysUntilNextYear(h.clock.now())).toBeGreaterThan(45);
    expect(await runSweep(h.deps)).toMatchObject({ scheduleMissing: [] });
    expect(h.mailer.byKind('schedule_missing')).toEqual([]);
    expect(h.metrics).not.toContain('ScheduleMissing');
    h.clock.t = new Date('2026-11-25T02:00:00Z'); // 37 days before 2027
    expect(await runSweep(h.deps)).toMatchObject({ scheduleMissing: [2027] });
  });

  it('as a step, picks up a schedule file loaded after start (RIGHTSFLOW_HOLIDAYS_FILE)', async () => {
    const { h, r } = await setup();
    const dir = mkdtempSync(join(tmpdir(), 'rf-holidays-'));
    const file = join(dir, 'holidays.yaml');
    const before = process.env['RIGHTSFLOW_HOLIDAYS_FILE'];
    try {
      process.env['RIGHTSFLOW_HOLIDAYS_FILE'] = file;
      const current = readFileSync(DEFAULT_SCHEDULE_FILE, 'utf8');
      writeFileSync(file, current);
      await h.run(sweepStep, {});
      expect((await h.store.getRequest(r.id))?.deadline.provisional).toBe(true);
      // Operations add the (fake) 2027 notice to the file; the next hourly run recomputes.
      writeFileSync(
        file,
        `${current.trimEnd()}\n  2027:\n    source: test fake 2027 notice\n    holidays:\n      - 2027-01-01..2027-01-03\n    workdays: []\n`,
      );
      await h.run(sweepStep, {});
      expect((await h.store.getRequest(r.id))?.deadline).toEqual(officialDeadline);
    } finally {
      if (before === undefined) delete process.env['RIGHTSFLOW_HOLIDAYS_FILE'];
      else process.env['RIGHTSFLOW_HOLIDAYS_FILE'] = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
