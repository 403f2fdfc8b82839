// IsolateBackups: a subject whose data was erased goes on the backup isolation list (hash + categories + purge-by),
// so that a restore re-applies the deletion until the last backup holding the data has expired (policy §4(2)).
import { createHmac } from 'node:crypto';
import * as z from 'zod';
import { addDays } from '../../domain/calendar/dates.ts';
import { endOfShanghaiDay, shanghaiDate } from '../../domain/calendar/index.ts';
import { subjectHash } from '../../domain/identity/index.ts';
import { RequestId } from '../../domain/request/model.ts';
import { erasedCategories, erasureResults } from '../fulfil-right/results.ts';
import { defineStep, mustGetRequest } from '../shared/step.ts';

export const ISOLATION_KEY = 'isolation';

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
      const salt = deps.config.subjectHashSalt;
      const customerId = results.find((x) => x.customerId)?.customerId ?? '';
      // Without a valid ID or phone, the internal customer reference (hashed the same way) identifies the subject.
      const hash =
        subjectHash(r.subject, salt) ?? createHmac('sha256', salt).update(`customer:${customerId}`).digest('hex');
      const categories = erasedCategories(results);
      const purgeDay =
        results.map((x) => x.backupPurgeBy).find((d): d is string => typeof d === 'string') ??
        addDays(shanghaiDate(deps.clock.now()), deps.policy.settings.backups.retentionDays);
      await deps.store.putIsolation({
        subjectHash: hash,
        requestId,
        categories,
        purgeBy: endOfShanghaiDay(purgeDay),
        recordedAt: deps.clock.now().toISOString(),
      });
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
