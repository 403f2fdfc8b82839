// Completing the workflow's waiting steps from the API: identity verification (code or hotline check) and the
// privacy officer's review.
import { Hono } from 'hono';
import { RequestId } from '../../../domain/request/model.ts';
import type { TaskKind } from '../../shared/store/store.ts';
import { hasRole } from '../auth.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { ApiError, conflict, forbidden, notFound } from '../errors.ts';
import type { ApiOperations } from '../operations.ts';
import { allMatched, FeeAcceptanceBody, ReviewBody, VerificationBody } from '../schemas.ts';
import { jsonBody, parseWith } from './json.ts';

const TASK_LABEL: Partial<Record<TaskKind, string>> = {
  verification: 'no identity verification is pending for this request',
  review: 'no privacy-officer review is pending for this request',
  fee_acceptance: 'no fee quote is awaiting an answer for this request',
};

export function stepRoutes(deps: ApiDeps, operations: () => Promise<ApiOperations>) {
  const { store } = deps;
  const app = new Hono<AppEnv>();

  /** 404 for an unknown request, 409 when the step is not waiting (wrong state or already done). */
  async function pendingTask(id: string, kind: TaskKind) {
    if (!RequestId.safeParse(id).success) throw notFound();
    const request = await store.getRequest(id);
    if (!request) throw notFound();
    const task = await store.getTask(id, kind);
    if (task?.status !== 'open') throw conflict('no_pending_task', TASK_LABEL[kind] ?? 'nothing is pending');
    return request;
  }

  app.post('/:id/verification', async (c) => {
    const id = c.req.param('id');
    const principal = c.get('principal');
    const body = parseWith(VerificationBody, await jsonBody(c));
    await pendingTask(id, 'verification');
    const ops = await operations();
    if ('code' in body) {
      // An agent or officer entering a code is staff hearing it on a call; the person's own console call is theirs.
      const result = await ops.verifyCode(id, body.code, principal.user);
      if (!result.verified) {
        const left = result.attemptsLeft;
        const message = {
          wrong_code: `the code does not match; ${left ?? 0} attempt(s) left / 验证码不正确，还可尝试${left ?? 0}次`,
          expired: 'the code has expired; a new one must be sent / 验证码已过期，请重新获取',
          too_many_attempts:
            'too many wrong codes; the code is no longer valid / 错误次数过多，验证码已失效，请重新获取',
        }[result.reason];
        throw new ApiError(422, result.reason, message, left !== undefined ? { attemptsLeft: left } : undefined);
      }
      return c.json({ requestId: id, verified: true, method: result.method });
    }
    if (!hasRole(principal, 'agent', 'admin')) throw forbidden('hotline verification is recorded by an agent');
    if (!allMatched(body.checks)) {
      await store.appendEvent(id, {
        type: 'hotline_verification_failed',
        actor: `staff:${principal.user}`,
        data: { checks: body.checks },
      });
      throw new ApiError(422, 'checks_not_matched', 'name, ID number, bank card and phone must all match');
    }
    await ops.recordStaffVerification(id, principal.user, body.checks);
    return c.json({ requestId: id, verified: true, method: 'hotline_staff' });
  });

  // The person asks again after the code expired or was used up (agents on the hotline, or the console).
  app.post('/:id/verification/resend', async (c) => {
    const id = c.req.param('id');
    await pendingTask(id, 'verification');
    const res = await (await operations()).resendVerificationCode(id);
    return c.json({ requestId: id, ...res });
  });

  app.post('/:id/fee-acceptance', async (c) => {
    const id = c.req.param('id');
    const principal = c.get('principal');
    const body = parseWith(FeeAcceptanceBody, await jsonBody(c));
    await pendingTask(id, 'fee_acceptance');
    const ops = await operations();
    if (body.paymentReference) await ops.acceptFee(id, body.accepted, principal.user, body.paymentReference);
    else await ops.acceptFee(id, body.accepted, principal.user);
    return c.json({ requestId: id, accepted: body.accepted });
  });

  app.post('/:id/review', async (c) => {
    const id = c.req.param('id');
    const principal = c.get('principal');
    // Exceptions of policy §4(4) are the privacy officer's call (docs/design.md §2), checked before anything else.
    if (!hasRole(principal, 'privacy_officer', 'admin'))
      throw forbidden('only a privacy officer or an admin may decide a review');
    const body = parseWith(ReviewBody, await jsonBody(c));
    await pendingTask(id, 'review');
    await (await operations()).decideReview(id, principal.user, body);
    return c.json({ requestId: id, decision: body.decision });
  });

  return app;
}
