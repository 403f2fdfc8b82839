// AwaitPrivacyOfficerReview (.waitForTaskToken): a task for the privacy officer with the reasons review is needed.
// No timer: the deadline sweep escalates a review that waits too long.
import * as z from 'zod';
import { RequestId } from '../../domain/request/model.ts';
import { CHECKS_KEY, type RecordedChecks } from '../check-exceptions/step.ts';
import { notifyOfficer } from '../shared/mail/task-notice.ts';
import { defineStep, moveStatus, mustGetRequest, openWaitingTask } from '../shared/step.ts';

export const step = defineStep({
  name: 'AwaitPrivacyOfficerReview',
  input: z.object({ requestId: RequestId, taskToken: z.string().min(1) }),
  async run({ requestId, taskToken }, deps) {
    const checks = await deps.store.getStepResult<RecordedChecks>(requestId, CHECKS_KEY);
    const c = checks?.check;
    const { handedBack } = await openWaitingTask(deps, {
      requestId,
      kind: 'review',
      taskToken,
      assignee: 'privacy_officer',
      context: {
        reasons: c?.reviewReasons ?? [],
        suggestedExceptions: c?.suggestedExceptions ?? [],
        ...(c?.refusal ? { proposedRefusal: c.refusal } : {}),
        fees: c?.fees ?? [],
        holds: (c?.autoHolds ?? []).map((h) => ({ category: h.category, until: h.until, rule: h.rule })),
      },
    });
    if (!handedBack)
      await moveStatus(deps, requestId, 'under_review', {
        type: 'review_requested',
        actor: 'workflow:AwaitPrivacyOfficerReview',
        data: { reasons: c?.reviewReasons ?? [] },
      });
    if (!handedBack) {
      // The officer learns of the task by mail, once per request (a retried step does not mail again).
      const request = await mustGetRequest(deps, requestId);
      await notifyOfficer(deps, { kind: 'review', request, reasons: c?.reviewReasons ?? [] });
    }
    return { waiting: !handedBack };
  },
});
