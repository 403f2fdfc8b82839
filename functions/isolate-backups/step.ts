// IsolateBackups: a subject whose data was erased goes on the backup isolation list (hash + what was erased and held +
// purge-by), so that a restore re-applies the deletion until the last backup holding the data has expired (policy
// §4(2)). The entry is written to the table and to the EvidenceVault outside it: restoring the table itself from a
// backup must not lose the list that tells what to erase again.
import { createHmac } from 'node:crypto';
import * as z from 'zod';
import { addDays } from '../../domain/calendar/dates.ts';
import { endOfShanghaiDay, shanghaiDate } from '../../domain/calendar/index.ts';
import { subjectHash } from '../../domain/identity/index.ts';
import { type DataCategory, RequestId, type RightsRequest } from '../../domain/request/model.ts';
import { erasedCategories, erasureResults, type FulfilResult } from '../fulfil-right/results.ts';
import { OPEN_ENDED } from '../fulfil-right/rights/erase.ts';
import type { StepDeps } from '../shared/deps.ts';
import { defineStep, mustGetRequest } from '../shared/step.ts';
import type { IsolationEntry } from '../shared/store/workflow-store.ts';

export const ISOLATION_KEY = 'isolation';

/** The erasure per mode, as the company's connector is asked for it (the policy's mode per category). */
export function erasureGroups(
  deps: Pick<StepDeps, 'policy'>,
  categories: readonly DataCategory[],
): NonNullable<IsolationEntry['erase']> {
  const byMode = new Map<'delete' | 'anonymise', DataCategory[]>();
  for (const c of categories) {
    const mode = deps.policy.retention.erasure[c];
    byMode.set(mode, [...(byMode.get(mode) ?? []), c]);
  }
  return [...byMode].map(([mode, cs]) => ({ mode, categories: cs }));
}

/** The subject's hash on the list: from a valid ID or phone, else the internal customer reference hashed the same way. */
export function isolationSubjectHash(deps: Pick<StepDeps, 'config'>, r: RightsRequest, customerId: string): string {
  const salt = deps.config.subjectHashSalt;
  return subjectHash(r.subject, salt) ?? createHmac('sha256', salt).update(`customer:${customerId}`).digest('hex');
}

/** Puts an entry on the list in the table and in the EvidenceVault outside it (a table restore must not lose it). */
export async function recordIsolation(deps: Pick<StepDeps, 'store' | 'evidence'>, entry: IsolationEntry) {
  await deps.store.putIsolation(entry);
  const { categories: _, ...offTable } = entry;
  await deps.evidence.putIsolation({ ...offTable, erase: entry.erase ?? [], held: entry.held ?? [] });
}

/** Held categories with their end (an open-ended legal hold as the connector's far date). */
function heldOf(results: readonly FulfilResult[]): NonNullable<IsolationEntry['held']> {
  return results.flatMap((x) => (x.held ?? []).map((h) => ({ category: h.category, until: h.until ?? OPEN_ENDED })));
}

export const step = defineStep({
  name: 'IsolateBackups',
  input: z.object({ requestId: RequestId }),
  async run({ requestId }, deps) {
    const recorded = await deps.store.getStepResult<{ isolated: boolean }>(requestId, ISOLATION_KEY);
    if (recorded) return recorded;
    const results = await erasureResults(deps.store, requestId);
    let isolated = false;
    if (results.length > 0) {
      const r = await mustGetRequest(deps, requestId);
      const customerId = results.find((x) => x.customerId)?.customerId ?? '';
      const hash = isolationSubjectHash(deps, r, customerId);
      const categories = erasedCategories(results);
      const purgeDay =
        results.map((x) => x.backupPurgeBy).find((d): d is string => typeof d === 'string') ??
        addDays(shanghaiDate(deps.clock.now()), deps.policy.settings.backups.retentionDays);
      const entry: IsolationEntry = {
        subjectHash: hash,
        requestId,
        categories,
        purgeBy: endOfShanghaiDay(purgeDay),
        recordedAt: deps.clock.now().toISOString(),
        erase: erasureGroups(deps, categories),
        held: heldOf(results),
        ...(customerId ? { customerRef: await deps.cipher.seal(customerId) } : {}),
      };
      await recordIsolation(deps, entry);
      await deps.store.appendEvent(requestId, {
        type: 'backups_isolated',
        actor: 'workflow:IsolateBackups',
        data: { categories, purgeBy: purgeDay },
      });
      isolated = true;
    }
    await deps.store.putStepResult(requestId, ISOLATION_KEY, { isolated });
    return { isolated };
  },
});
