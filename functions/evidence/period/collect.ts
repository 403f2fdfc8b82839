// Reads what the period report covers: every request received in the range — the open ones (GSI1 OPEN) and those
// that ended since the range began (GSI1 DONE#<status>, newest update first, read until older than the range) —
// then, per request, only what the figures need: its partner notices, its refusal bases (refused or partly done
// requests), and where a late one stood at its deadline. Index queries and Gets only, no Scan.
import type { WorkingCalendar } from '../../../domain/calendar/calendar.ts';
import type { RightsRequest } from '../../../domain/request/model.ts';
import type { PeriodFacts, PeriodReport } from '../../../domain/request/period.ts';
import { computePeriodReport } from '../../../domain/request/period.ts';
import type { FulfilResult } from '../../fulfil-right/results.ts';
import { fulfilKey } from '../../shared/step.ts';
import type { WorkflowStore } from '../../shared/store/workflow-store.ts';
import { requestsUpdatedSince } from './requests.ts';

const WITH_REFUSALS = new Set(['refused', 'partially_completed', 'unable_to_verify']);
/** Bounded parallelism for the per-request reads (DynamoDB, or DynamoDB Local on two cores). */
const PARALLEL = 8;

export interface PeriodDeps {
  store: WorkflowStore;
  clock: { now(): Date };
  calendar: WorkingCalendar;
}

async function factsOf(store: WorkflowStore, r: RightsRequest, now: Date): Promise<PeriodFacts> {
  const refusalBases: string[] = [];
  if (r.outcome && WITH_REFUSALS.has(r.outcome)) {
    const [events, results] = await Promise.all([
      store.listEvents(r.id),
      Promise.all(r.rights.map((right) => store.getStepResult<FulfilResult>(r.id, fulfilKey(right)))),
    ]);
    for (const e of events)
      if (e.type === 'review_decided' && Array.isArray(e.data?.['exceptionCodes']))
        refusalBases.push(...(e.data['exceptionCodes'] as string[]).map((c) => `exception:${c}`));
    for (const res of results)
      if (res?.status === 'refused' && res.reason) refusalBases.push(`reason:${res.reason.code}`);
    if (refusalBases.length === 0 && r.outcome === 'unable_to_verify') refusalBases.push('reason:unverified');
  }
  const late = r.repliedAt
    ? Date.parse(r.repliedAt) > Date.parse(r.deadline.deadlineAt)
    : Date.parse(r.deadline.deadlineAt) < now.getTime();
  const breach = late ? await store.getStepResult<{ status?: string }>(r.id, 'breach') : undefined;
  const notices = await store.listNotices(r.id);
  return {
    refusalBases,
    ...(late ? { atDeadline: breach?.status ?? r.status } : {}),
    notices: notices.map((n) => ({
      partnerId: n.partnerId,
      sentAt: n.sentAt,
      ...(n.ackedAt ? { ackedAt: n.ackedAt } : {}),
      ...(n.answer ? { answer: n.answer } : {}),
    })),
  };
}

/** `from`/`to`: days (YYYY-MM-DD, Asia/Shanghai), both included. */
export async function periodReport(deps: PeriodDeps, from: string, to: string): Promise<PeriodReport> {
  const now = deps.clock.now();
  const since = `${from}T00:00:00+08:00`;
  const until = Date.parse(`${to}T23:59:59.999+08:00`);
  const requests = (await requestsUpdatedSince(deps.store, since)).filter((r) => {
    const at = Date.parse(r.receivedAt);
    return at >= Date.parse(since) && at <= until;
  });
  const facts = new Map<string, PeriodFacts>();
  for (let i = 0; i < requests.length; i += PARALLEL) {
    const batch = requests.slice(i, i + PARALLEL);
    const got = await Promise.all(batch.map((r) => factsOf(deps.store, r, now)));
    for (const [j, r] of batch.entries()) facts.set(r.id, got[j]!);
  }
  return computePeriodReport({ from, to, requests, facts, now }, deps.calendar);
}
