// Writes a request's chain head to the EvidenceVault (outside the table). Done when a request closes and whenever
// evidence is added after that (backup expiry, re-application after a restore), so a chain rewritten in the table
// no longer matches what was anchored.
import type { StepLogger, StepMetrics } from '../deps.ts';
import type { EvidenceVault } from '../ports.ts';
import { verifyAuditTrail } from '../store/event-chain.ts';
import type { Store } from '../store/store.ts';

export async function anchorChainHead(
  deps: {
    store: Pick<Store, 'listEvents'>;
    evidence: EvidenceVault;
    clock: { now(): Date };
    logger: StepLogger;
    metrics: StepMetrics;
  },
  requestId: string,
  reason: string,
): Promise<{ seq: number; hash: string } | undefined> {
  const events = await deps.store.listEvents(requestId);
  const head = events[events.length - 1];
  if (!head) return undefined;
  const anchored = await deps.evidence.latestAnchor(requestId);
  // Never anchor a broken chain: that would vouch for the tampering. Operations are alerted instead.
  const verdict = verifyAuditTrail(requestId, events, anchored);
  if (!verdict.intact) {
    deps.metrics.count('AuditChainBroken');
    deps.logger.error('audit chain broken, not anchored', {
      requestId,
      kind: verdict.problem.kind,
      seq: verdict.problem.seq,
    });
    return undefined;
  }
  // Already anchored at this head (a re-drive): the vault is append-only, do not repeat it.
  if (anchored && anchored.seq === head.seq && anchored.hash === head.hash) return { seq: head.seq, hash: head.hash };
  await deps.evidence.putAnchor({
    requestId,
    seq: head.seq,
    hash: head.hash,
    at: deps.clock.now().toISOString(),
    reason,
  });
  return { seq: head.seq, hash: head.hash };
}
