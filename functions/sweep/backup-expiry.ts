// Backup expiry evidence (policy §4(2)): once an isolation entry's purge-by date has passed, the last backup that
// could hold the erased data has expired (the longest plan in policy/settings.yaml backups.plans). The sweep records
// that in the request's evidence — once, guarded by a step result — anchors the chain head again, and takes the entry
// off the live list, so the restore guard no longer acts on it and the next sweep does not read it again.
import { TERMINAL_STATUSES } from '../../domain/request/model.ts';
import type { StepDeps } from '../shared/deps.ts';
import { anchorChainHead } from '../shared/evidence/anchor.ts';

export const backupExpiredKey = (subjectHash: string, part?: string) =>
  `backup_expired:${subjectHash}${part ? `:${part}` : ''}`;

export async function recordBackupExpiries(deps: StepDeps, now: Date = deps.clock.now()): Promise<number> {
  const at = now.toISOString();
  let recorded = 0;
  for (const e of await deps.store.listIsolationDue(at)) {
    const plans = deps.policy.settings.backups.plans.map((p) => ({
      id: p.id,
      kind: p.kind,
      retentionDays: p.retentionDays,
    }));
    if (
      await deps.store.putStepResult(e.requestId, backupExpiredKey(e.subjectHash, e.part), { at, purgeBy: e.purgeBy })
    ) {
      await deps.store.appendEvent(e.requestId, {
        type: 'backup_expired',
        actor: 'system',
        data: {
          purgeBy: e.purgeBy,
          categories: e.categories,
          erasedAt: e.recordedAt,
          plans,
          ...(e.part ? { part: e.part } : {}),
        },
      });
      deps.metrics.count('BackupExpiryRecorded');
      recorded++;
    }
    await deps.store.markIsolationExpired(e.subjectHash, e.requestId, at, e.part);
    // The request has normally ended by now: its evidence grew, so anchor the new head.
    const status = (await deps.store.getRequest(e.requestId))?.status;
    if (status && TERMINAL_STATUSES.has(status)) await anchorChainHead(deps, e.requestId, 'backup_expired');
  }
  return recorded;
}
