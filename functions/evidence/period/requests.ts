// Every request that may have been received since `since`: all open ones (GSI1 OPEN) and the ended ones updated
// since then (GSI1 DONE#<status>, newest update first: one updated before `since` was also received before it).
// Shared by the dashboard's figures (GET /api/stats) and the period report.
import type { RightsRequest, Status } from '../../../domain/request/model.ts';
import type { Store } from '../../shared/store/store.ts';

const ENDED: Status[] = ['closed', 'withdrawn'];
const PAGE = 500;

export async function requestsUpdatedSince(
  store: Pick<Store, 'listRequests'>,
  since: string,
): Promise<RightsRequest[]> {
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
        if (Date.parse(r.updatedAt) < sinceMs) older = true;
        else all.push(r);
      }
      cursor = page.cursor;
    } while (cursor && !older);
  }
  return all;
}
