// AwaitPrivacyOfficerReview (.waitForTaskToken): a task for the privacy officer with the reasons review is needed.
// No timer: the deadline sweep escalates a review that waits too long.
import * as z from 'zod';
import { RequestId } from '../../domain/request/model.ts';
import { CONFIDENTIALITY_WARNING } from '../../domain/rules/index.ts';
import { CHECKS_KEY, type RecordedChecks } from '../check-exceptions/step.ts';
import { notifyOfficer } from '../shared/mail/task-notice.ts';
import { defineStep, moveStatus, mustGetRequest, openWaitingTask } from '../shared/step.ts';

export const step = defineStep({
  name: 'AwaitPrivacyOfficerReview',
  input: z.object({ requestId: RequestId, taskToken: z.string().min(1) }),
  async run({ requestId, taskToken }, deps) {
    const checks = await deps.store.getStepResult<RecordedChecks>(requestId, CHECKS_KEY);
    const c = checks?.check;
    const underHold = (checks?.legalHolds?.length ?? 0) > 0;
    const { handedBack } = await openWaitingTask(deps, {
      requestId,
      kind: 'review',
      taskToken,
      assignee: 'privacy_officer',
      context: {
        reasons: c?.reviewReasons ?? [],
        suggestedExceptions: c?.suggestedExceptions ?? [],
        suggestedBases: c?.suggestedBases ?? [],
        // The bases the officer may choose, each with its neutral letter text (editable) and what it is for.
        bases: deps.policy.refusalBases.bases.map((b) => ({
          code: b.code,
          officer: b.officer,
          letter: b.letter,
          confidential: b.confidential,
        })),
        // The real reason stays here, with the warning that it must not reach the person (AML Law arts. 7, 35 ¶2).
        ...(underHold ? { legalHolds: checks?.legalHolds ?? [], confidential: CONFIDENTIALITY_WARNING } : {}),
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
      await notifyOfficer(deps, {
        kind: 'review',
        request,
        reasons: c?.reviewReasons ?? [],
        ...(underHold ? { warnings: [CONFIDENTIALITY_WARNING] } : {}),
      });
    }
    return { waiting: !handedBack };
  },
});
