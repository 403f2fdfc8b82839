// Provisional deadlines (docs/design.md §2): a deadline computed while a year's official schedule was missing is flagged
// `provisional`; once operations load the schedule (policy/holidays.yaml, or a newer chinese-days), every open
// request's provisional deadline is recomputed on the new calendar. The hourly sweep runs this, and the local
// runtime may run it on start. Only open requests are read (GSI1 OPEN), never a Scan.
import { recomputeDeadline, type WorkingCalendar } from '../../domain/calendar/index.ts';
import type { Deadline, RightsRequest } from '../../domain/request/model.ts';
import type { StepDeps } from '../shared/deps.ts';
import { METRIC } from '../shared/metrics.ts';
import { VersionConflictError } from '../shared/store/store.ts';

export type RecomputeDeps = Pick<StepDeps, 'store' | 'calendar' | 'logger' | 'metrics'>;

export interface RecomputeResult {
  /** Open requests whose deadline was provisional when read. */
  provisional: number;
  /** Deadlines that changed (date, or the flag alone). */
  recomputed: number;
  /** Still provisional after recomputing: the schedule they depend on is still missing. */
  stillProvisional: number;
}

const sameDeadline = (a: Deadline, b: Deadline) =>
  a.receivedOn === b.receivedOn &&
  a.deadline === b.deadline &&
  a.deadlineAt === b.deadlineAt &&
  a.workingDays === b.workingDays &&
  a.provisional === b.provisional &&
  a.clockStart === b.clockStart;

const MAX_ATTEMPTS = 5;

/**
 * Recomputes one request's provisional deadline on `calendar`; when it changed, stores it (optimistic lock, re-read
 * and retried on a version conflict) with a `deadline.recomputed` audit event. The store moves GSI1 OPEN's sort key
 * with the new deadlineAt. Returns the request as it now stands (unchanged when nothing was to do).
 */
export async function recomputeRequestDeadline(
  deps: Pick<RecomputeDeps, 'store' | 'metrics'> & Partial<Pick<RecomputeDeps, 'logger'>>,
  request: RightsRequest,
  calendar: WorkingCalendar,
): Promise<{ request: RightsRequest; changed: boolean }> {
  let r = request;
  for (let attempt = 1; ; attempt++) {
    if (!r.deadline.provisional) return { request: r, changed: false };
    const next = recomputeDeadline(r.deadline, calendar);
    if (sameDeadline(next, r.deadline)) return { request: r, changed: false };
    // The acknowledgement promised "only the same or later": a notice outside the rule space (a 个别特殊情形 of
    // 放假办法 art. 7) could break that. Say so loudly: the reply is now due earlier than the person was told.
    const earlier = next.deadline < r.deadline.deadline;
    try {
      const updated = await deps.store.updateRequest(
        r.id,
        r.version,
        { deadline: next },
        {
          type: 'deadline.recomputed',
          actor: 'system',
          data: { from: r.deadline.deadline, to: next.deadline, provisional: next.provisional, earlier },
        },
      );
      deps.metrics.count(METRIC.deadlineRecomputed);
      if (earlier) {
        deps.metrics.count(METRIC.provisionalDeadlineEarlier);
        deps.logger?.error('a loaded schedule made a provisional deadline earlier than promised', {
          requestId: r.id,
          from: r.deadline.deadline,
          to: next.deadline,
        });
      }
      return { request: updated, changed: true };
    } catch (err) {
      if (!(err instanceof VersionConflictError) || attempt >= MAX_ATTEMPTS) throw err;
      // A step moved the request meanwhile: take its version and decide again.
      const fresh = await deps.store.getRequest(r.id);
      if (!fresh) return { request: r, changed: false };
      r = fresh;
    }
  }
}

/** Every open request with a provisional deadline, recomputed on `calendar` (default: deps.calendar). */
export async function recomputeProvisionalDeadlines(
  deps: RecomputeDeps,
  options: { calendar?: WorkingCalendar } = {},
): Promise<RecomputeResult> {
  const calendar = options.calendar ?? deps.calendar;
  // Collected first: updating a deadline moves the item within GSI1 OPEN, which would disturb a running page cursor.
  const provisional: RightsRequest[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listRequests({ limit: 200, ...(cursor ? { cursor } : {}) });
    provisional.push(...page.items.filter((r) => r.deadline.provisional));
    cursor = page.cursor;
  } while (cursor);
  const out: RecomputeResult = { provisional: provisional.length, recomputed: 0, stillProvisional: 0 };
  for (const r of provisional) {
    try {
      const { request, changed } = await recomputeRequestDeadline(deps, r, calendar);
      if (changed) out.recomputed++;
      if (request.deadline.provisional) out.stillProvisional++;
    } catch (err) {
      // One request must not stop the others; the next run tries it again.
      out.stillProvisional++;
      deps.logger.error('deadline recompute failed', { requestId: r.id, errorName: (err as Error).name });
    }
  }
  if (out.provisional > 0) deps.logger.info('provisional deadlines recomputed', { ...out });
  return out;
}
