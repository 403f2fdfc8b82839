// Evidence for staff and regulators: the audit chain check of a request (the same as `rightsflow verify-audit`), its
// evidence report (the same as `rightsflow evidence-report`) and the period report for a compliance audit (the same
// as `rightsflow report`).
import { Hono } from 'hono';
import { shanghaiDate } from '../../../domain/calendar/dates.ts';
import { RequestId } from '../../../domain/request/model.ts';
import { periodReport } from '../../evidence/period/collect.ts';
import { renderPeriodCsv, renderPeriodHtml } from '../../evidence/period/render.ts';
import { evidenceReport } from '../../evidence/report/collect.ts';
import { renderEvidenceHtml } from '../../evidence/report/html.ts';
import { describeAudit, verifyRequestAudit } from '../../evidence/verify-audit.ts';
import { noMetrics } from '../../shared/deps.ts';
import { hasRole } from '../auth.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { ApiError, badRequest, forbidden, notFound } from '../errors.ts';
import { EvidenceReportQuery, PeriodReportQuery } from '../schemas.ts';
import { parseWith } from './json.ts';

/** The longest period one report covers: a year and a day (an annual audit across a leap day). */
const MAX_PERIOD_DAYS = 367;

export function evidenceRoutes(deps: ApiDeps) {
  const app = new Hono<AppEnv>();

  async function knownRequest(id: string) {
    if (!RequestId.safeParse(id).success || !(await deps.store.getRequest(id))) throw notFound();
    if (!deps.evidence) throw new ApiError(501, 'not_configured', 'this deployment has no evidence vault');
    return deps.evidence;
  }

  /** Recomputes the chain and checks its anchored head: 200 with `intact` true or false (and the first problem). */
  app.get('/:id/audit', async (c) => {
    if (!hasRole(c.get('principal'), 'agent', 'privacy_officer', 'admin')) throw forbidden();
    const id = c.req.param('id');
    const evidence = await knownRequest(id);
    const report = await verifyRequestAudit({ store: deps.store, evidence, clock: deps.clock }, id);
    return c.json({ ...report, summary: describeAudit(report) });
  });

  /** The evidence report: HTML (default) or JSON; `reveal=1` (officer/admin) is recorded in the chain first. */
  app.get('/:id/evidence-report', async (c) => {
    const principal = c.get('principal');
    const q = parseWith(EvidenceReportQuery, c.req.query());
    const full = q.reveal !== undefined;
    if (full && !hasRole(principal, 'privacy_officer', 'admin'))
      throw forbidden('only a privacy officer or an admin may reveal personal data');
    const id = c.req.param('id');
    const evidence = await knownRequest(id);
    const report = await evidenceReport(
      {
        store: deps.store,
        evidence,
        clock: deps.clock,
        policy: deps.policy,
        calendar: deps.calendar,
        logger: deps.logger,
        metrics: deps.metrics ?? noMetrics,
      },
      id,
      { by: `staff:${principal.user}`, ...(full ? { full: true } : {}) },
    );
    if (!report) throw notFound();
    c.header('cache-control', 'no-store');
    return q.format === 'json' ? c.json(report) : c.html(renderEvidenceHtml(report));
  });

  return app;
}

/** GET /api/reports/period: the compliance audit's figures for a date range (HTML, CSV or JSON). */
export function reportRoutes(deps: ApiDeps) {
  const app = new Hono<AppEnv>();
  app.get('/period', async (c) => {
    if (!hasRole(c.get('principal'), 'privacy_officer', 'admin')) throw forbidden();
    const q = parseWith(PeriodReportQuery, c.req.query());
    const today = shanghaiDate(deps.clock.now());
    const to = q.to ?? today;
    const from = q.from ?? `${to.slice(0, 7)}-01`;
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days < 0) throw badRequest('invalid_query', '`to` is before `from`');
    if (days >= MAX_PERIOD_DAYS) throw badRequest('invalid_query', `a report covers at most ${MAX_PERIOD_DAYS} days`);
    const report = await periodReport(deps, from, to);
    c.header('cache-control', 'no-store');
    if (q.format === 'csv') {
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="rightsflow-report-${from}-${to}.csv"`);
      return c.body(`\uFEFF${renderPeriodCsv(report)}`);
    }
    return q.format === 'html' ? c.html(renderPeriodHtml(report, deps.policy)) : c.json(report);
  });
  return app;
}
