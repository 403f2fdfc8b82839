// The check behind `rightsflow verify-audit` and GET /api/requests/{id}/audit: recompute the request's hash chain
// from the table and compare its head with the one anchored outside it (EvidenceVault).
import type { EvidenceVault } from '../shared/ports.ts';
import { type AuditVerdict, verifyAuditTrail } from '../shared/store/event-chain.ts';
import type { Store } from '../shared/store/store.ts';

export type AuditReport = AuditVerdict & { requestId: string; checkedAt: string };

export async function verifyRequestAudit(
  deps: { store: Pick<Store, 'listEvents'>; evidence: Pick<EvidenceVault, 'latestAnchor'>; clock: { now(): Date } },
  requestId: string,
): Promise<AuditReport> {
  const [events, anchor] = await Promise.all([deps.store.listEvents(requestId), deps.evidence.latestAnchor(requestId)]);
  const verdict = verifyAuditTrail(
    requestId,
    events,
    anchor ? { seq: anchor.seq, hash: anchor.hash, at: anchor.at } : undefined,
  );
  return { requestId, checkedAt: deps.clock.now().toISOString(), ...verdict };
}

/** One line for people: `intact` with the head hash, or the first problem. */
export function describeAudit(r: AuditReport): string {
  if (!r.intact) return `TAMPERED ${r.requestId}: ${r.problem.kind} at event ${r.problem.seq} — ${r.problem.detail}`;
  if (r.length === 0) return `NO EVENTS ${r.requestId}: nothing is recorded for this request`;
  const anchored = r.anchor
    ? `anchored outside the table at event ${r.anchor.seq} (${r.anchor.at})${r.anchor.eventsAfter ? `, ${r.anchor.eventsAfter} event(s) since` : ''}`
    : 'not anchored outside the table yet (the request has not ended: closed or withdrawn)';
  return `intact ${r.requestId}: ${r.length} events, head ${r.head!.hash} (event ${r.head!.seq}); ${anchored}`;
}
