// What rightsflow keeps of a request once it is answered, and for how long (policy/request-records.yaml; PIPL
// art. 19). Pure: which purge stages are due, which stored objects a request's audit trail names, and the request
// with its personal fields removed.
import type { RequestRecordsFile } from '../policy/schema.ts';
import type { RightsRequest, Status } from './model.ts';

/** Purge stages, in the order they fall due (by default). */
export const PURGE_STAGES = ['attachments', 'raw_mail', 'personal_fields', 'subject_hash'] as const;
export type PurgeStage = (typeof PURGE_STAGES)[number];

/** Statuses in which a request counts as answered: its retention clock runs. */
export const ANSWERED_STATUSES: ReadonlySet<Status> = new Set(['replied', 'closed', 'withdrawn']);

const DAY_MS = 86_400_000;

/** When each stage falls due for a request answered at `answeredAt`. */
export function stageDueAt(answeredAt: string, stage: PurgeStage, rules: RequestRecordsFile): string {
  return new Date(Date.parse(answeredAt) + rules.records[stage].keepDaysAfterAnswer * DAY_MS).toISOString();
}

/** Stages not yet done that are due at `now`, and when the next one falls due (none: everything is done). */
export function purgePlan(
  answeredAt: string,
  done: readonly PurgeStage[],
  now: Date,
  rules: RequestRecordsFile,
): { due: PurgeStage[]; nextDueAt?: string } {
  const open = PURGE_STAGES.filter((s) => !done.includes(s));
  const due = open.filter((s) => stageDueAt(answeredAt, s, rules) <= now.toISOString());
  const later = open
    .filter((s) => !due.includes(s))
    .map((s) => stageDueAt(answeredAt, s, rules))
    .sort();
  return later[0] ? { due, nextDueAt: later[0] } : { due };
}

/**
 * How long items that only serve while a request may still be handled live in the table, from when they are
 * written (DynamoDB TTL): lookup keys (a late reply still finds its request) and the send log (once-only sending)
 * as long as the raw mail and the personal fields, one-time codes as long as a request may stay open.
 */
export function storeExpiryDays(rules: RequestRecordsFile): { lookupKeys: number; mailLog: number; codes: number } {
  return {
    lookupKeys: rules.longestOpenDays + rules.records.raw_mail.keepDaysAfterAnswer,
    mailLog: rules.longestOpenDays + rules.records.personal_fields.keepDaysAfterAnswer,
    codes: rules.longestOpenDays,
  };
}

/**
 * Days from creation after which object storage deletes request mail on its own (S3 lifecycle): the longest a
 * request stays open plus the keeping period. The backstop of the sweep's purge, which deletes on time.
 */
export function storageLifecycleDays(rules: RequestRecordsFile): { rawMail: number; attachments: number } {
  return {
    rawMail: rules.longestOpenDays + rules.records.raw_mail.keepDaysAfterAnswer,
    attachments: rules.longestOpenDays + rules.records.attachments.keepDaysAfterAnswer,
  };
}

/** The stored objects an audit trail names: raw mails (the request's and follow-ups) and attachments. */
export function storedObjectsOf(
  request: Pick<RightsRequest, 'source'>,
  events: readonly { type: string; data?: Record<string, unknown> }[],
): { rawMail: string[]; attachments: string[] } {
  const rawMail = new Set<string>();
  const attachments = new Set<string>();
  if (request.source.rawKey) rawMail.add(request.source.rawKey);
  for (const e of events) {
    const raw = e.data?.['rawKey'];
    if (typeof raw === 'string' && raw) rawMail.add(raw);
    const list = e.data?.['attachments'];
    if (Array.isArray(list))
      for (const a of list) {
        const key = (a as { key?: unknown })?.key;
        if (typeof key === 'string' && key) attachments.add(key);
      }
  }
  return { rawMail: [...rawMail], attachments: [...attachments] };
}

/** The request with its personal fields removed; what it was about and how it went stays. */
export function withoutPersonalFields(r: RightsRequest, at: string): Partial<RightsRequest> {
  const { subjectLine: _subjectLine, ...source } = r.source;
  return {
    subject: {},
    requester: { type: r.requester.type },
    details: undefined,
    correction: undefined,
    source,
    personalDataPurgedAt: at,
  };
}
