// The restore guard (policy §4(2): deleted data that lingers in backups is isolated "直到备份可以清除或实现匿名"): after
// the company's systems or the rightsflow table were restored from a backup (DynamoDB PITR, AWS Backup), every
// isolation entry still inside its purge-by date is applied again — what the request erased is erased or anonymised
// again, what it held is restricted again — and each request whose data had come back gets one event
// `reapplied_after_restore`. The list is read from the table AND from the EvidenceVault outside it, so a restore of
// the table to a point before the deletion still knows what to erase. Idempotent: erasing what is gone erases 0.
import type { DataCategory } from '../../domain/request/model.ts';
import { erasureResults } from '../fulfil-right/results.ts';
import { OPEN_ENDED } from '../fulfil-right/rights/erase.ts';
import { erasureGroups } from '../isolate-backups/step.ts';
import type { StepDeps } from '../shared/deps.ts';
import { reapplyErasure } from '../shared/erasure.ts';
import { anchorChainHead } from '../shared/evidence/anchor.ts';
import type { OffTableIsolation } from '../shared/ports.ts';
import type { IsolationEntry } from '../shared/store/workflow-store.ts';

export type RestoreGuardDeps = Pick<
  StepDeps,
  'store' | 'company' | 'cipher' | 'evidence' | 'clock' | 'policy' | 'logger' | 'metrics'
>;

export interface RestoreGuardOptions {
  /** The restore point: entries recorded before it are already reflected in the backup and are skipped. */
  since?: string;
}

export interface ReappliedRequest {
  requestId: string;
  purgeBy: string;
  /** Records erased or anonymised again, per category (all zero: nothing had come back). */
  counts: Partial<Record<DataCategory, number>>;
  restricted: DataCategory[];
  /** Found in the off-table list only: the table no longer had the entry (it was restored to before it). */
  offTableOnly: boolean;
  /** An open legal hold now covers the customer: restricted instead of erased, for the privacy officer to decide. */
  legalHold: boolean;
}

export interface RestoreGuardResult {
  at: string;
  since: string | null;
  /** Live entries considered. */
  entries: number;
  reapplied: ReappliedRequest[];
  /** Entries that came back to nothing: the restored data did not hold them. */
  unchanged: number;
  /** Entries without a customer reference the connector can act on (request ids only). */
  unresolved: string[];
}

type Entry = OffTableIsolation & { offTableOnly: boolean };

/** The union of both lists, one entry per request, subject and part; the table's copy is preferred when both have it. */
async function liveEntries(deps: RestoreGuardDeps, liveAt: string): Promise<Entry[]> {
  const [inTable, offTable] = await Promise.all([
    deps.store.listIsolation(liveAt),
    deps.evidence.listIsolation(liveAt),
  ]);
  const out = new Map<string, Entry>();
  const key = (e: { requestId: string; subjectHash: string; part?: string }) =>
    `${e.requestId}#${e.subjectHash}#${e.part ?? ''}`;
  for (const e of offTable) out.set(key(e), { ...e, offTableOnly: true });
  for (const e of inTable) out.set(key(e), { ...fromTable(deps, e), offTableOnly: false });
  return [...out.values()].sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : 1));
}

/** Entries written before the erase/held fields existed get them from the categories and the policy. */
function fromTable(deps: RestoreGuardDeps, e: IsolationEntry): OffTableIsolation {
  return {
    subjectHash: e.subjectHash,
    requestId: e.requestId,
    ...(e.part ? { part: e.part } : {}),
    purgeBy: e.purgeBy,
    recordedAt: e.recordedAt,
    erase: e.erase ?? erasureGroups(deps, e.categories),
    held: e.held ?? [],
    ...(e.customerRef ? { customerRef: e.customerRef } : {}),
  };
}

async function customerOf(deps: RestoreGuardDeps, e: Entry): Promise<string | undefined> {
  if (e.customerRef) return deps.cipher.open(e.customerRef);
  return (await erasureResults(deps.store, e.requestId)).find((x) => x.customerId)?.customerId;
}

export async function runRestoreGuard(
  deps: RestoreGuardDeps,
  options: RestoreGuardOptions = {},
): Promise<RestoreGuardResult> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const today = at.slice(0, 10);
  const entries = (await liveEntries(deps, at)).filter((e) => !options.since || e.recordedAt >= options.since);
  const result: RestoreGuardResult = {
    at,
    since: options.since ?? null,
    entries: entries.length,
    reapplied: [],
    unchanged: 0,
    unresolved: [],
  };
  for (const e of entries) {
    const customerId = await customerOf(deps, e);
    if (!customerId) {
      result.unresolved.push(e.requestId);
      continue;
    }
    const legalHold = (await deps.company.legalHolds(customerId)).length > 0;
    const counts: Partial<Record<DataCategory, number>> = {};
    const restricted: DataCategory[] = [];
    if (legalHold) {
      // Holds win: data a hold now covers is preserved (storage only) and the officer decides; never destroyed here.
      const cats = e.erase.flatMap((g) => g.categories);
      // Already restricted by an earlier run: nothing new came back.
      const present = (await deps.company.describe(customerId)).filter(
        (d) => cats.includes(d.category) && (d as { heldUntil?: string }).heldUntil !== OPEN_ENDED,
      );
      for (const d of present) counts[d.category] = d.records;
      if (present.length > 0) {
        await deps.company.restrict(
          customerId,
          present.map((d) => d.category),
          OPEN_ENDED,
        );
        restricted.push(...present.map((d) => d.category));
      }
    } else {
      // The same erasure again, through the one guarded path (holds opened since still win).
      const again = await reapplyErasure(deps, customerId, e.erase, now);
      Object.assign(counts, again.counts);
      restricted.push(...again.heldNow);
    }
    const byUntil = new Map<string, DataCategory[]>();
    for (const h of e.held) if (h.until >= today) byUntil.set(h.until, [...(byUntil.get(h.until) ?? []), h.category]);
    for (const [until, cs] of byUntil) await deps.company.restrict(customerId, cs, until);
    const cameBack = Object.values(counts).some((n) => (n ?? 0) > 0);
    if (!cameBack) {
      result.unchanged++;
      continue;
    }
    restricted.push(...[...byUntil.values()].flat());
    const done: ReappliedRequest = {
      requestId: e.requestId,
      purgeBy: e.purgeBy,
      counts,
      restricted,
      offTableOnly: e.offTableOnly,
      legalHold,
    };
    result.reapplied.push(done);
    deps.metrics.count('RestoreReapplied');
    await deps.store.appendEvent(e.requestId, {
      type: legalHold ? 'restore_held_for_review' : 'reapplied_after_restore',
      actor: 'system:RestoreGuard',
      data: {
        counts,
        restricted,
        purgeBy: e.purgeBy,
        since: options.since ?? null,
        offTableOnly: e.offTableOnly,
        legalHold,
        ...(e.part ? { part: e.part } : {}),
      },
    });
    await anchorChainHead(deps, e.requestId, 'restore_reapplied');
  }
  deps.logger.info('restore guard done', {
    entries: result.entries,
    reapplied: result.reapplied.length,
    unchanged: result.unchanged,
    unresolved: result.unresolved.length,
  });
  return result;
}
