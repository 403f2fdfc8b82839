// The timer loop reads "now" from the clock port at each pass, runs passes one at a time, fires due schedules
// once, and runs the deadline sweep once per hour of clock time.
import { describe, expect, it } from 'vitest';
import type { DueSchedule, LocalScheduler } from '../../../infra/local/adapters/local-scheduler.ts';
import { createTimerLoop } from '../../../infra/local/timer-loop.ts';

describe('timer loop', () => {
  it('fires tasks at the clock’s now, one pass at a time, and sweeps hourly by the clock', async () => {
    let now = new Date('2026-11-30T00:00:00Z');
    const seen: string[] = [];
    let active = 0;
    let maxActive = 0;
    let sweeps = 0;
    const loop = createTimerLoop({
      clock: { now: () => now },
      async fireDueTasks(at) {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 5));
        seen.push(at.toISOString());
        active--;
        return at > new Date('2026-12-01T00:00:00Z') ? 1 : 0;
      },
      sweep: async () => {
        sweeps++;
      },
    });
    expect(await loop.tick()).toEqual({ tasks: 0, schedules: 0, swept: true });
    expect(await loop.tick()).toMatchObject({ swept: false });
    now = new Date('2026-12-10T00:00:00Z');
    const [a, b] = await Promise.all([loop.tick(), loop.tick()]);
    expect(a).toEqual({ tasks: 1, schedules: 0, swept: true });
    expect(b.swept).toBe(false);
    expect(maxActive).toBe(1);
    expect(sweeps).toBe(2);
    expect(seen.at(-1)).toBe('2026-12-10T00:00:00.000Z');
  });

  it('fires due schedules once and marks them fired after the handler ran', async () => {
    const fired: string[] = [];
    const marked: string[] = [];
    const scheduler = {
      scheduleAt: async () => undefined,
      listDue: async (): Promise<DueSchedule[]> =>
        marked.includes('a') ? [] : [{ name: 'a', at: '2026-01-01T00:00:00.000Z', payload: {} }],
      markFired: async (name: string) => {
        expect(fired).toContain(name);
        marked.push(name);
      },
    } satisfies LocalScheduler;
    const loop = createTimerLoop({
      clock: { now: () => new Date('2026-02-01T00:00:00Z') },
      fireDueTasks: async () => 0,
      scheduler,
      onSchedule: async (d) => void fired.push(d.name),
    });
    expect((await loop.tick()).schedules).toBe(1);
    expect((await loop.tick()).schedules).toBe(0);
    expect(fired).toEqual(['a']);
  });
});
