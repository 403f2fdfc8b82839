// The period report's figures (PIPL art. 54 compliance audit) on the real 2026 calendar: range by date received,
// on-time by the deadline day, median and nearest-rank p95 working days, breaches with where they stood, refusals by
// basis, recipients' acknowledgement times, children; and its CSV.
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../../domain/calendar/files.ts';
import { computeDeadline } from '../../../domain/calendar/index.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import {
  computePeriodReport,
  type PeriodFacts,
  type PeriodRequest,
  percentile,
} from '../../../domain/request/period.ts';
import { basisLabel, renderPeriodCsv, renderPeriodHtml } from '../../../functions/evidence/period/render.ts';

const cal = calendarFor();
const NOW = new Date('2026-12-31T04:00:00Z');

let n = 0;
function req(receivedAt: string, over: Partial<PeriodRequest> = {}): PeriodRequest {
  const received = new Date(receivedAt);
  return {
    id: `RF-20261101-${String(++n).padStart(6, '0').replace(/0/g, 'A')}`,
    status: 'closed',
    rights: ['delete'],
    channel: 'email',
    receivedAt,
    deadline: computeDeadline({ receivedAt: received, workingDays: 15, clockStart: 'receipt' }, cal),
    minor: false,
    requester: { type: 'self' },
    outcome: 'completed',
    ...over,
  };
}

describe('percentile', () => {
  it('is nearest-rank: an observed value', () => {
    expect(percentile([], 95)).toBeNull();
    expect(percentile([7], 95)).toBe(7);
    const xs = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(xs, 95)).toBe(19);
    expect(percentile(xs, 50)).toBe(10);
    expect(percentile([...xs, 21], 95)).toBe(20);
  });
});

describe('computePeriodReport', () => {
  // Tue 2026-11-03 (Beijing): deadline 15 working days later is 2026-11-24.
  const onTime = req('2026-11-03T02:00:00Z', { repliedAt: '2026-11-10T02:00:00Z' });
  const late = req('2026-11-03T02:00:00Z', {
    repliedAt: '2026-11-26T02:00:00Z',
    rights: ['access', 'copy'],
    channel: 'hotline',
  });
  const openLate = req('2026-11-16T02:00:00Z', { status: 'under_review', outcome: undefined });
  const child = req('2026-11-20T02:00:00Z', {
    minor: true,
    requester: { type: 'guardian' },
    repliedAt: '2026-11-23T02:00:00Z',
  });
  const refused = req('2026-11-05T02:00:00Z', { outcome: 'refused', repliedAt: '2026-11-12T02:00:00Z' });
  const before = req('2026-10-31T15:59:00Z', { repliedAt: '2026-11-02T02:00:00Z' }); // 23:59 Beijing, 31 Oct
  const after = req('2026-12-01T16:00:00Z', { repliedAt: '2026-12-03T02:00:00Z' }); // 00:00 Beijing, 2 Dec
  const triaged = req('2026-11-09T02:00:00Z', { outcome: 'not_a_request' });
  const facts = new Map<string, PeriodFacts>([
    [late.id, { refusalBases: [], atDeadline: 'fulfilling', notices: [] }],
    [openLate.id, { refusalBases: [], atDeadline: 'under_review', notices: [] }],
    [refused.id, { refusalBases: ['exception:abuse', 'reason:unverified', 'exception:abuse'], notices: [] }],
    [
      onTime.id,
      {
        refusalBases: [],
        notices: [
          {
            partnerId: 'unionpay',
            sentAt: '2026-11-10T02:00:00Z',
            ackedAt: '2026-11-12T02:00:00Z',
            answer: 'completed',
          },
          { partnerId: 'nucc', sentAt: '2026-11-10T02:00:00Z' },
          {
            partnerId: 'issuing_bank:ICBC',
            sentAt: '2026-11-10T02:00:00Z',
            ackedAt: '2026-11-17T02:00:00Z',
            answer: 'not_found',
          },
        ],
      },
    ],
  ]);
  const report = computePeriodReport(
    {
      from: '2026-11-01',
      to: '2026-12-01',
      requests: [onTime, late, openLate, child, refused, before, after, triaged],
      facts,
      now: NOW,
    },
    cal,
  );

  it('counts what was received in the range (Beijing days, both ends included), triage apart', () => {
    expect(report.totals).toEqual({
      received: 5,
      replied: 4,
      onTime: 3,
      onTimeRate: 0.75,
      open: 1,
      breaches: 2,
      notRequests: 1,
    });
    expect(report.byRight['delete']).toEqual({ received: 4, replied: 3, onTime: 3 });
    expect(report.byRight['access']).toEqual({ received: 1, replied: 1, onTime: 0 });
    expect(report.byChannel['hotline']).toEqual({ received: 1, replied: 1, onTime: 0 });
    expect(report.byOutcome).toEqual({ completed: 3, refused: 1, open: 1 });
  });

  it('working days to reply: median and nearest-rank p95 of the replies', () => {
    // 5, 17, 1, 5 working days (2026-11-03→10, →26, 11-20→23, 11-05→12).
    expect(report.workingDaysToReply).toEqual({ count: 4, median: 5, p95: 17, max: 17 });
  });

  it('each breach says how late and where it stood at its deadline', () => {
    expect(report.breaches).toEqual([
      expect.objectContaining({
        requestId: late.id,
        kind: 'replied_late',
        workingDaysToReply: 17,
        workingDaysLate: 2,
        atDeadline: 'fulfilling',
      }),
      expect.objectContaining({ requestId: openLate.id, kind: 'open_past_deadline', atDeadline: 'under_review' }),
    ]);
  });

  it('refusals by basis (once per request), recipients by partner, children apart', () => {
    expect(report.refusalsByBasis).toEqual({ 'exception:abuse': 1, 'reason:unverified': 1 });
    expect(report.acknowledgements).toMatchObject({
      notices: 3,
      acknowledged: 2,
      unanswered: 1,
      workingDays: { count: 2, median: 3.5, p95: 5, max: 5 },
      byAnswer: { completed: 1, not_found: 1 },
    });
    expect(report.acknowledgements.byPartner['issuing_bank']).toMatchObject({ notices: 1, acknowledged: 1 });
    expect(report.children).toEqual({
      received: 1,
      replied: 1,
      onTime: 1,
      byRequester: { guardian: 1 },
      byRight: { delete: 1 },
      breaches: 0,
    });
  });

  it('renders: the policy case in words, CSV one figure per row, quoted where needed', () => {
    const policy = loadPolicy();
    expect(basisLabel('exception:abuse', policy).zh).toContain('第5种情形');
    const csv = renderPeriodCsv(report);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,group,metric,value');
    expect(lines).toContain('totals,,onTimeRate,0.75');
    expect(lines).toContain(`breach,${late.id},at_deadline,fulfilling`);
    expect(lines).toContain('refusals_by_basis,exception:abuse,requests,1');
    const html = renderPeriodHtml(report, policy);
    expect(html).toContain('75.0%');
    expect(html).toContain(late.id);
    expect(html).toContain('等待隐私官审核');
  });
});
