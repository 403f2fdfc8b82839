// Evidence for staff and regulators: the audit chain check of a request (the same as `rightsflow verify-audit`).
import { Hono } from 'hono';
import { RequestId } from '../../../domain/request/model.ts';
import { describeAudit, verifyRequestAudit } from '../../evidence/verify-audit.ts';
import { hasRole } from '../auth.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { ApiError, forbidden, notFound } from '../errors.ts';

export function evidenceRoutes(deps: ApiDeps) {
  const app = new Hono<AppEnv>();

  /** Recomputes the chain and checks its anchored head: 200 with `intact` true or false (and the first problem). */
  app.get('/:id/audit', async (c) => {
    if (!hasRole(c.get('principal'), 'agent', 'privacy_officer', 'admin')) throw forbidden();
    const id = c.req.param('id');
    if (!RequestId.safeParse(id).success) throw notFound();
    if (!deps.evidence) throw new ApiError(501, 'not_configured', 'this deployment has no evidence vault');
    const report = await verifyRequestAudit({ store: deps.store, evidence: deps.evidence, clock: deps.clock }, id);
    if (report.length === 0) throw notFound();
    return c.json({ ...report, summary: describeAudit(report) });
  });

  return app;
}
