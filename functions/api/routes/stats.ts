// The dashboard's figures (GET /api/stats): every open request (GSI1 OPEN) and the requests that ended in the
// period (GSI1 DONE#<status>, newest first, read until older than the period) — index queries, no Scan.
import { Hono } from 'hono';
import { computeStats, periodStart } from '../../../domain/request/stats.ts';
import { requestsUpdatedSince } from '../../evidence/period/requests.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { StatsQuery } from '../schemas.ts';
import { parseWith } from './json.ts';

export function statsRoutes(deps: ApiDeps) {
  const { store, clock, calendar } = deps;
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const q = parseWith(StatsQuery, c.req.query());
    const now = clock.now();
    const since = `${periodStart(now, q.months)}T00:00:00+08:00`;
    const all = await requestsUpdatedSince(store, since);
    return c.json(computeStats(all, now, calendar, q.months));
  });

  return app;
}
