// Keeps what a person sent with a request only as long as needed (PIPL art. 19; policy/request-records.yaml): once a
// request is answered its purge marker (GSI1 `PURGE`, written by the store) falls due stage by stage, and the sweep
// (every 15 minutes in AWS, the timer loop locally) deletes the attachments, then the raw mail and the personal fields (request,
// one-time code, letter texts), then the subject hash. The audit trail is not touched: it holds masked values and
// hashes only, and its hash chain stays verifiable; the request keeps its number, rights, dates and outcome.
import {
  ANSWERED_STATUSES,
  type PurgeStage,
  purgePlan,
  storedObjectsOf,
  withoutPersonalFields,
} from '../../domain/request/retention.ts';
import type { StepDeps } from '../shared/deps.ts';
import { METRIC } from '../shared/metrics.ts';
import { patchRequest } from '../shared/step.ts';
import type { PurgeMarker } from '../shared/store/workflow-store.ts';

export interface PurgeResult {
  /** Requests with at least one stage done in this run. */
  requests: number;
  /** Stored objects (raw mails, attachments) deleted. */
  objects: number;
  /** Markers that could not be processed this time (retried on the next run). */
  failed: number;
}

const DAY_MS = 86_400_000;

/** Runs every purge stage due at `now`. One request's failure never stops the others. */
export async function purgeDueRecords(deps: StepDeps, now: Date = deps.clock.now()): Promise<PurgeResult> {
  const out: PurgeResult = { requests: 0, objects: 0, failed: 0 };
  for (const marker of await deps.store.listDuePurges(now.toISOString())) {
    try {
      await purgeOne(deps, marker, now, out);
    } catch (err) {
      out.failed++;
      deps.logger.error('records purge failed', { requestId: marker.requestId, errorName: (err as Error).name });
    }
  }
  if (out.requests > 0 || out.failed > 0) deps.logger.info('request records purged', { ...out });
  return out;
}

async function purgeOne(deps: StepDeps, marker: PurgeMarker, now: Date, out: PurgeResult): Promise<void> {
  const rules = deps.policy.requestRecords;
  const r = await deps.store.getRequest(marker.requestId);
  if (!r) {
    await deps.store.putPurgeMarker({ requestId: marker.requestId, answeredAt: marker.answeredAt, done: marker.done });
    return;
  }
  // Answered once, then failed or re-driven: nothing goes while it is being handled again; look again tomorrow.
  if (!ANSWERED_STATUSES.has(r.status)) {
    await deps.store.putPurgeMarker({ ...marker, dueAt: new Date(now.getTime() + DAY_MS).toISOString() });
    return;
  }
  const { due, nextDueAt } = purgePlan(marker.answeredAt, marker.done, now, rules);
  if (due.length > 0) {
    const objects = storedObjectsOf(r, await deps.store.listEvents(r.id));
    const deleted: Partial<Record<PurgeStage, number>> = {};
    for (const stage of due) deleted[stage] = await purgeStage(deps, r.id, stage, objects);
    out.requests++;
    out.objects += (deleted.attachments ?? 0) + (deleted.raw_mail ?? 0);
    await deps.store.appendEvent(r.id, {
      type: 'records_purged',
      actor: 'system',
      data: {
        stages: due,
        deleted,
        rule: due.map(
          (s) => `policy/request-records.yaml ${s}: ${rules.records[s].keepDaysAfterAnswer} days after the answer`,
        ),
      },
    });
    deps.metrics.count(METRIC.requestRecordsPurged);
  }
  const { dueAt: _previous, ...rest } = marker;
  await deps.store.putPurgeMarker({
    ...rest,
    done: [...marker.done, ...due],
    ...(nextDueAt ? { dueAt: nextDueAt } : {}),
  });
}

/** Does one stage; returns how many things it deleted (objects, or letters for the personal fields). */
async function purgeStage(
  deps: StepDeps,
  requestId: string,
  stage: PurgeStage,
  objects: { rawMail: string[]; attachments: string[] },
): Promise<number> {
  switch (stage) {
    case 'attachments':
      for (const key of objects.attachments) await deps.blobs.delete(key);
      return objects.attachments.length;
    case 'raw_mail':
      // The attachments are part of the mail: gone by now, deleted again in case a follow-up brought more.
      for (const key of [...objects.attachments, ...objects.rawMail]) await deps.blobs.delete(key);
      return objects.rawMail.length;
    case 'personal_fields': {
      const at = deps.clock.now().toISOString();
      await patchRequest(deps, requestId, (r) => (r.personalDataPurgedAt ? undefined : withoutPersonalFields(r, at)));
      await deps.store.clearVerificationCode(requestId);
      return deps.store.purgeLetters(requestId);
    }
    case 'subject_hash':
      await deps.store.forgetSubjectHash(requestId);
      return 1;
  }
}
