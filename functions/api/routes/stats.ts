// The dashboard's figures (GET /api/stats): every open request (GSI1 OPEN) and the requests that ended in the
// period (GSI1 DONE#<status>, newest first, read until older than the period) — index queries, no Scan.
import { Hono } from 'hono';
import type { RightsRequest, Status } from '../../../domain/request/model.ts';
import { computeStats, periodStart } from '../../../domain/request/stats.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { StatsQuery } from '../schemas.ts';
import { parseWith } from './json.ts';

const ENDED: Status[] = ['closed', 'withdrawn'];
const PAGE = 500;

export function statsRoutes(deps: ApiDeps) {
  const { store, clock, calendar } = deps;
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const q = parseWith(StatsQuery, c.req.query());
    const now = clock.now();
    const since = `${periodStart(now, q.months)}T00:00:00+08:00`;
    const sinceMs = Date.parse(since);
    const all: RightsRequest[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listRequests({ limit: PAGE, ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    for (const status of ENDED) {
      cursor = undefined;
      let older = false;
      do {
        const page = await store.listRequests({ status, limit: PAGE, ...(cursor ? { cursor } : {}) });
        for (const r of page.items) {
          // Ended requests come newest update first; one updated before the period was also received before it.
          if (Date.parse(r.updatedAt) < sinceMs) older = true;
          else all.push(r);
        }
        cursor = page.cursor;
      } while (cursor && !older);
    }
    return c.json(computeStats(all, now, calendar, q.months));
  });

  return app;
}
