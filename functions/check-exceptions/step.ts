// CheckExceptions: gathers the facts (customer, disputes, retention anchors, repetitions) and runs the domain's
// automatic exception checks (policy §4(4)); records them for fulfilment, review and the reply.
import * as z from 'zod';
import { subjectHash } from '../../domain/identity/index.ts';
import { type DataCategory, RequestId, type Right } from '../../domain/request/model.ts';
import { checkExceptions, type ExceptionCheck } from '../../domain/rules/index.ts';
import type { StepDeps } from '../shared/deps.ts';
import { defineStep, findCustomerFor, moveStatus, mustGetRequest } from '../shared/step.ts';

export interface RecordedChecks {
  needsReview: boolean;
  feeQuote: boolean;
  refuse: boolean;
  customerFound: boolean;
  check: ExceptionCheck;
}

export const CHECKS_KEY = 'checks';

/** Earlier requests of each right by the same subject within the repetition window (GSI2, this one excluded). */
async function priorCounts(deps: StepDeps, requestId: string, hash: string | undefined, since: Date) {
  const counts: Partial<Record<Right, number>> = {};
  if (!hash) return counts;
  for (const other of await deps.store.findRequestsBySubjectHash(hash, { includeClosed: true })) {
    if (other.id === requestId || other.receivedAt < since.toISOString() || other.status === 'withdrawn') continue;
    for (const right of new Set(other.rights)) counts[right] = (counts[right] ?? 0) + 1;
  }
  return counts;
}

export const step = defineStep({
  name: 'CheckExceptions',
  input: z.object({ requestId: RequestId }),
  async run({ requestId }, deps) {
    const recorded = await deps.store.getStepResult<RecordedChecks>(requestId, CHECKS_KEY);
    if (recorded) return { needsReview: recorded.needsReview, feeQuote: recorded.feeQuote, refuse: recorded.refuse };
    const r = await mustGetRequest(deps, requestId);
    await moveStatus(deps, requestId, 'checking');
    const now = deps.clock.now();
    const customerId = await findCustomerFor(deps, r);
    const since = new Date(now);
    since.setUTCMonth(since.getUTCMonth() - deps.policy.settings.repetition.windowMonths);
    const hash = subjectHash(r.subject, deps.config.subjectHashSalt);
    const categoriesHeld: DataCategory[] | undefined = customerId
      ? (await deps.company.describe(customerId)).map((d) => d.category)
      : undefined;
    // Open holds block deletion; an AML investigation also sends the request to the privacy officer.
    const holds = customerId ? await deps.company.legalHolds(customerId) : [];
    const check = checkExceptions(
      {
        rights: r.rights,
        verification: r.verification,
        requesterType: r.requester.type,
        minor: r.minor,
        legalHold: holds.length > 0,
        amlInvestigationOpen: holds.some((h) => h.kind === 'aml_investigation'),
        priorCountInWindow: await priorCounts(deps, requestId, hash, since),
        openDisputes: customerId ? await deps.company.openDisputes(customerId) : 0,
        categoriesHeld,
        retentionAnchors: customerId ? await deps.company.retentionAnchors(customerId) : {},
        now,
      },
      deps.policy,
    );
    const result: RecordedChecks = {
      needsReview: check.needsReview,
      feeQuote: check.fees.length > 0,
      refuse: check.refusal !== undefined,
      customerFound: customerId !== undefined,
      check,
    };
    if (await deps.store.putStepResult(requestId, CHECKS_KEY, result))
      await deps.store.appendEvent(requestId, {
        type: 'exceptions_checked',
        actor: 'workflow:CheckExceptions',
        data: {
          needsReview: check.needsReview,
          reviewReasons: check.reviewReasons,
          holds: check.autoHolds.map((h) => ({ category: h.category, until: h.until, rule: h.rule })),
          priority: check.priority,
          // Kinds only: a case reference is not for the audit trail a requester may later see.
          legalHolds: holds.map((h) => h.kind),
          customerFound: customerId !== undefined,
        },
      });
    const kept = (await deps.store.getStepResult<RecordedChecks>(requestId, CHECKS_KEY)) ?? result;
    return { needsReview: kept.needsReview, feeQuote: kept.feeQuote, refuse: kept.refuse };
  },
});
