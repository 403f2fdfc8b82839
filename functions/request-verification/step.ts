// AwaitIdentityVerification (.waitForTaskToken): sends a one-time code and waits until the person enters it, staff
// verify on the phone, or the verification window ends (timer → Task.Expired → "unable to verify").

import * as z from 'zod';
import { RequestId, requiredVerificationLevel } from '../../domain/request/model.ts';
import { completeWaitingTask, defineStep, moveStatus, mustGetRequest, openWaitingTask } from '../shared/step.ts';
import { isVerified } from './operations.ts';
import { sendCode } from './send-code.ts';
import { verificationDueAt } from './window.ts';

export const step = defineStep({
  name: 'AwaitIdentityVerification',
  input: z.object({ requestId: RequestId, taskToken: z.string().min(1) }),
  async run({ requestId, taskToken }, deps) {
    const r = await mustGetRequest(deps, requestId);
    const now = deps.clock.now();
    const windowDays = deps.policy.settings.verification.windowWorkingDays;
    const dueAt = verificationDueAt(r.receivedAt, deps.policy, deps.calendar);
    const { handedBack } = await openWaitingTask(deps, {
      requestId,
      kind: 'verification',
      taskToken,
      dueAt,
      onDue: 'fail',
      assignee: 'requester',
      context: { required: requiredVerificationLevel(r.rights), windowWorkingDays: windowDays },
    });
    if (handedBack) return { waiting: false };
    await moveStatus(deps, requestId, 'awaiting_verification');
    // Verified meanwhile (e.g. by staff before the task existed): complete at once.
    if (isVerified(r)) {
      await completeWaitingTask(deps, requestId, 'verification', {
        status: 'succeeded',
        result: { verified: true, level: r.verification.level, method: r.verification.method },
      });
      return { waiting: false };
    }
    const current = await deps.store.getVerificationCode(requestId);
    const round = current && current.expiresAt > now.toISOString() ? current.round : (current?.round ?? 0) + 1;
    // A live code from before a re-drive is re-sent only if its mail never went out (sendOnce decides).
    await sendCode(deps, r, round);
    return { waiting: true };
  },
});
