// Staff triage: a request the intake could not read (status `triage`) becomes a `received` request with the rights
// and subject staff read from it, is acknowledged once and its workflow started; or it is closed as not a request.
// The receipt time and the deadline stay: the fifteen working days run from receipt, not from triage.
import { Hono } from 'hono';
import { RequestId, type RightsRequest } from '../../../domain/request/model.ts';
import { sendAcknowledgement } from '../../intake/acknowledge.ts';
import { STARTED_STEP } from '../../intake/keys.ts';
import { anchorChainHead } from '../../shared/evidence/anchor.ts';
import { claimSubject, priorityTarget } from '../../shared/requests.ts';
import { VersionConflictError } from '../../shared/store/store.ts';
import { hasRole } from '../auth.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { conflict, forbidden, notFound } from '../errors.ts';
import { presentRequest } from '../present.ts';
import { TriageBody } from '../schemas.ts';
import { jsonBody, parseWith } from './json.ts';

export function triageRoutes(deps: ApiDeps) {
  const { store, clock, policy, starter, logger } = deps;
  const app = new Hono<AppEnv>();

  // Triage done: the triage task closes, and so does a failure task an earlier run left (it failed for want of
  // triage, not for a fault an administrator must fix).
  async function closeStaffTasks(id: string, outcome: 'accepted' | 'not_a_request'): Promise<void> {
    await store.completeTask(id, 'triage', 'succeeded', { outcome });
    await store.completeTask(id, 'failure', 'succeeded', { triaged: outcome });
  }

  // Closed as not a request: its chain head goes outside the table like any closed request's (step.ts moveStatus).
  // The close stands if the vault write fails (logged; verify-audit then shows the chain without an outside head).
  async function anchorClosed(id: string): Promise<void> {
    const { evidence, metrics } = deps;
    if (!evidence || !metrics) return;
    try {
      await anchorChainHead({ store, clock, logger, evidence, metrics }, id, 'closed');
    } catch (err) {
      logger.error('chain head not anchored after triage', { requestId: id, errorName: (err as Error).name });
    }
  }

  app.post('/:id/triage', async (c) => {
    const principal = c.get('principal');
    if (!hasRole(principal, 'agent', 'privacy_officer', 'admin')) throw forbidden();
    const id = c.req.param('id');
    if (!RequestId.safeParse(id).success) throw notFound();
    const body = parseWith(TriageBody, await jsonBody(c));
    const r = await store.getRequest(id);
    if (!r) throw notFound();
    if (r.status !== 'triage') throw conflict('invalid_state', `the request is ${r.status}, not awaiting triage`);
    const actor = `staff:${principal.user}`;

    let updated: RightsRequest;
    try {
      if ('notARequest' in body) {
        updated = await store.updateRequest(
          id,
          r.version,
          { status: 'closed', outcome: 'not_a_request' },
          { type: 'triage.not_a_request', actor, data: { outcome: 'not_a_request' } },
        );
        await closeStaffTasks(id, 'not_a_request');
        await anchorClosed(id);
        return c.json({ request: presentRequest(updated), workflowStarted: false });
      }
      // Claimed-invalid details are kept (flagged), as at intake: verification decides, not triage.
      const { subject, minor } = claimSubject(body.subject, new Date(r.receivedAt), policy.settings.minors.minorAge);
      updated = await store.updateRequest(
        id,
        r.version,
        {
          status: 'received',
          rights: body.rights,
          subject,
          minor: r.minor || minor,
          ...(r.minor || minor
            ? { target: priorityTarget(deps.calendar, policy.settings, r.receivedAt, true, r.deadline) }
            : {}),
          ...(body.language ? { language: body.language } : {}),
        },
        {
          type: 'triage.accepted',
          actor,
          data: { rights: body.rights, minor: r.minor || minor, idNumberValid: subject.idNumberValid ?? null },
        },
      );
    } catch (err) {
      if (err instanceof VersionConflictError) throw conflict('version_conflict', 'the request changed meanwhile');
      throw err;
    }

    await closeStaffTasks(id, 'accepted');
    if (deps.mailer) {
      try {
        await sendAcknowledgement(
          {
            store,
            mailer: deps.mailer,
            clock,
            policy,
            calendar: deps.calendar,
            senderAddress: deps.config.senderAddress,
          },
          updated,
        );
      } catch (err) {
        // The ack is once-only by key: the sweep's start or a later retry does not lose it; log and go on.
        logger.error('triage acknowledgement not sent', { requestId: id, errorName: (err as Error).name });
      }
    }
    let workflowStarted = true;
    try {
      await starter.start(id);
      await store.putStepResult(id, STARTED_STEP, { at: clock.now().toISOString(), by: actor });
    } catch (err) {
      // Still `received`: the hourly sweep starts it (functions/sweep/sweep.ts).
      workflowStarted = false;
      logger.error('workflow did not start after triage', { requestId: id, errorName: (err as Error).name });
    }
    return c.json({ request: presentRequest(updated), workflowStarted });
  });

  return app;
}
