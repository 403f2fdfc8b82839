// Gathers what the evidence report of one request is built from, and records the full version's reveal first: an
// officer who asks for personal data in clear leaves an event in the request's own chain (and, once the request is
// closed, a new anchor outside the table), before anything is shown.
import type { WorkingCalendar } from '../../../domain/calendar/calendar.ts';
import type { Policy } from '../../../domain/policy/schema.ts';
import { TERMINAL_STATUSES } from '../../../domain/request/model.ts';
import type { FulfilResult } from '../../fulfil-right/results.ts';
import type { StepLogger, StepMetrics } from '../../shared/deps.ts';
import { anchorChainHead } from '../../shared/evidence/anchor.ts';
import type { EvidenceVault } from '../../shared/ports.ts';
import { fulfilKey } from '../../shared/step.ts';
import type { WorkflowStore } from '../../shared/store/workflow-store.ts';
import { verifyRequestAudit } from '../verify-audit.ts';
import { buildEvidenceReport, type EvidenceReport } from './build.ts';

export interface EvidenceReportDeps {
  store: WorkflowStore;
  evidence: EvidenceVault;
  clock: { now(): Date };
  policy: Policy;
  calendar: WorkingCalendar;
  logger: StepLogger;
  metrics: StepMetrics;
}

export interface EvidenceReportOptions {
  /** Who asks: `staff:<user>` (API) or `cli:<name>`. */
  by: string;
  /** Personal data in clear: only for a privacy officer or admin (the caller checks the role). */
  full?: boolean;
}

/** The report, or undefined when there is no such request. */
export async function evidenceReport(
  deps: EvidenceReportDeps,
  requestId: string,
  options: EvidenceReportOptions,
): Promise<EvidenceReport | undefined> {
  const request = await deps.store.getRequest(requestId);
  if (!request) return undefined;
  let full: { revealedInEvent: number } | undefined;
  if (options.full) {
    const e = await deps.store.appendEvent(requestId, {
      type: 'personal_data_revealed',
      actor: options.by,
      data: { via: 'evidence_report', fields: ['subject', 'requester', 'letters'] },
    });
    full = { revealedInEvent: e.seq };
    // A closed request's chain was anchored; the reveal is evidence too, so the anchor follows it.
    if (TERMINAL_STATUSES.has(request.status)) await anchorChainHead(deps, requestId, 'personal_data_revealed');
  }
  const [events, notices, letters, audit, fulfilled] = await Promise.all([
    deps.store.listEvents(requestId),
    deps.store.listNotices(requestId),
    deps.store.listLetters(requestId),
    verifyRequestAudit(deps, requestId),
    Promise.all(request.rights.map((r) => deps.store.getStepResult<FulfilResult>(requestId, fulfilKey(r)))),
  ]);
  return buildEvidenceReport({
    request,
    events,
    notices,
    letters,
    fulfilled: fulfilled.filter((f): f is FulfilResult => f !== undefined),
    audit,
    policy: deps.policy,
    calendar: deps.calendar,
    generatedAt: deps.clock.now(),
    generatedBy: options.by,
    ...(full ? { full } : {}),
  });
}
