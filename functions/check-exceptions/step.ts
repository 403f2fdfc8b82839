// CheckExceptions: gathers the facts (customer, disputes, retention anchors, repetitions) and runs the domain's
// automatic exception checks (policy §4(4)); records them for fulfilment, review and the reply.
import * as z from 'zod';
import { subjectHash } from '../../domain/identity/index.ts';
import { type DataCategory, RequestId, type Right } from '../../domain/request/model.ts';
import { checkExceptions, type ExceptionCheck } from '../../domain/rules/index.ts';
import type { StepDeps } from '../shared/deps.ts';
import { holdsNow } from '../shared/erasure.ts';
import { defineStep, findCustomerFor, moveStatus, mustGetRequest } from '../shared/step.ts';

export interface RecordedChecks {
  needsReview: boolean;
  feeQuote: boolean;
  refuse: boolean;
  customerFound: boolean;
  check: ExceptionCheck;
  /** Kinds of the legal holds open when checked (never their references): letters must not hint at them. */
  legalHolds?: string[];
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
    const categoriesHeld: DataCategory[] = customerId
      ? (await deps.company.describe(customerId)).map((d) => d.category)
      : [];
    // Every hold in force (retention, legal holds, dispute evidence, the person's restrictions): shown to the officer;
    // the erasure guard reads them again when it erases. An AML investigation also sends the request to review.
    const found = customerId ? await holdsNow(deps, customerId, categoriesHeld, now) : undefined;
    const legalHoldKinds = found?.legalHoldKinds ?? [];
    const check = checkExceptions(
      {
        rights: r.rights,
        verification: r.verification,
        requesterType: r.requester.type,
        minor: r.minor,
        legalHold: legalHoldKinds.length > 0,
        amlInvestigationOpen: legalHoldKinds.includes('aml_investigation'),
        priorCountInWindow: await priorCounts(deps, requestId, hash, since),
        openDisputes: found?.openDisputes ?? 0,
        holds: found?.holds ?? [],
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
      legalHolds: legalHoldKinds,
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
          legalHolds: legalHoldKinds,
          customerFound: customerId !== undefined,
        },
      });
    const kept = (await deps.store.getStepResult<RecordedChecks>(requestId, CHECKS_KEY)) ?? result;
    return { needsReview: kept.needsReview, feeQuote: kept.feeQuote, refuse: kept.refuse };
  },
});
