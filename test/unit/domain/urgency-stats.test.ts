// The queue's deadline colours and the dashboard's figures, on the real 2026 calendar.
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../../domain/calendar/files.ts';
import { computeDeadline } from '../../../domain/calendar/index.ts';
import type { RightsRequest } from '../../../domain/request/model.ts';
import { computeStats, periodStart } from '../../../domain/request/stats.ts';
import { urgencyOf } from '../../../domain/request/urgency.ts';

const cal = calendarFor();
const received = new Date('2026-11-24T02:00:00Z'); // Tue 2026-11-24, Shanghai
const deadline = computeDeadline({ receivedAt: received, workingDays: 15, clockStart: 'receipt' }, cal);
const at = (iso: string) => new Date(iso);
const open = { status: 'awaiting_verification' as const, receivedAt: received.toISOString(), deadline };

describe('urgencyOf', () => {
  it('is normal before working day 10, amber from 10, red from 13, breached after the deadline day', () => {
    expect(deadline.deadline).toBe('2026-12-15');
    expect(urgencyOf(open, at('2026-12-07T03:00:00Z'), cal, [10, 13])).toEqual({
      workingDaysElapsed: 9,
      workingDaysLeft: 6,
      level: 'normal',
    });
    expect(urgencyOf(open, at('2026-12-08T03:00:00Z'), cal, [10, 13]).level).toBe('amber');
    expect(urgencyOf(open, at('2026-12-11T03:00:00Z'), cal, [10, 13]).level).toBe('red');
    // The deadline day itself is still red (0 left); the next day is breached.
    expect(urgencyOf(open, at('2026-12-15T15:00:00Z'), cal, [10, 13])).toMatchObject({
      workingDaysLeft: 0,
      level: 'red',
    });
    expect(urgencyOf(open, at('2026-12-15T16:30:00Z'), cal, [10, 13]).level).toBe('breached');
  });

  it('a request that has its reply is never urgent; the thresholds come from the policy', () => {
    expect(urgencyOf({ ...open, status: 'replied' }, at('2026-12-20T03:00:00Z'), cal, [10, 13]).level).toBe('answered');
    expect(urgencyOf(open, at('2026-12-01T03:00:00Z'), cal, [5, 8]).level).toBe('amber');
  });
});

describe('computeStats', () => {
  const base = (over: Partial<RightsRequest>) =>
    ({
      status: 'closed',
      rights: ['delete'],
      channel: 'email',
      receivedAt: received.toISOString(),
      deadline,
      ...over,
    }) as RightsRequest;

  it('counts open, due this week, breached; on-time rate and median working days over replies', () => {
    const now = at('2026-12-14T03:00:00Z'); // Monday: this week ends Sunday 2026-12-20
    const late = computeDeadline(
      { receivedAt: at('2026-11-02T02:00:00Z'), workingDays: 15, clockStart: 'receipt' },
      cal,
    );
    const far = computeDeadline(
      { receivedAt: at('2026-12-10T02:00:00Z'), workingDays: 15, clockStart: 'receipt' },
      cal,
    );
    const s = computeStats(
      [
        base({ status: 'under_review' }), // due 12-15: this week
        base({ status: 'triage', receivedAt: '2026-11-02T02:00:00Z', deadline: late }), // breached
        base({ status: 'received', channel: 'hotline', receivedAt: '2026-12-10T02:00:00Z', deadline: far }),
        base({ repliedAt: '2026-11-27T08:00:00Z' }), // 3 working days, on time
        base({ rights: ['access'], channel: 'hotline', repliedAt: '2026-12-16T08:00:00Z' }), // late (16 > 15)
        base({ status: 'replied', rights: ['delete', 'cancel_quickpay'], repliedAt: '2026-12-02T08:00:00Z' }), // 6 days
      ],
      now,
      cal,
      2,
    );
    expect(s).toMatchObject({ open: 3, dueThisWeek: 2, breached: 1, medianWorkingDays: 6, since: '2026-11-01' });
    expect(s.onTimeRate).toBeCloseTo(2 / 3);
    expect(s.byRight['delete']).toEqual({ received: 5, replied: 2, onTime: 2 });
    expect(s.byRight['access']).toEqual({ received: 1, replied: 1, onTime: 0 });
    expect(s.byChannel['hotline']).toEqual({ received: 2, replied: 1, onTime: 0 });
    expect(s.byMonth).toEqual([
      { month: '2026-11', received: 5, replied: 3, onTime: 2 },
      { month: '2026-12', received: 1, replied: 0, onTime: 0 },
    ]);
  });

  it('has no rate or median before any reply; the period starts on the first of a month in Shanghai', () => {
    expect(computeStats([], at('2026-12-14T03:00:00Z'), cal, 6)).toMatchObject({
      onTimeRate: null,
      medianWorkingDays: null,
    });
    expect(periodStart(at('2026-12-31T17:00:00Z'), 1)).toBe('2027-01-01');
    expect(periodStart(at('2026-03-10T00:00:00Z'), 6)).toBe('2025-10-01');
  });
});
