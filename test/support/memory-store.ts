// An in-memory Store (plus the once-only mail log of WorkflowStore) for unit tests: the same atomic lookup-key
// semantics as the DynamoDB store (createRequest claims every key or writes nothing), no persistence.
import { createHash } from 'node:crypto';
import { RightsRequest, TERMINAL_STATUSES } from '../../domain/request/model.ts';
import {
  type AuditEvent,
  type IntakeMailRecord,
  type ListRequestsQuery,
  type NewEvent,
  NotFoundError,
  type PendingTask,
  type Store,
  type TaskKind,
  VersionConflictError,
} from '../../functions/shared/store/store.ts';
import type { MailRecord } from '../../functions/shared/store/workflow-store.ts';

const clone = <T>(v: T): T => structuredClone(v);

export interface MemoryStore extends Store {
  recordMailIntent(record: Omit<MailRecord, 'status' | 'messageId' | 'sentAt'>): Promise<MailRecord>;
  recordMailSent(key: string, messageId: string, sentAt: string): Promise<void>;
  getMailRecord(key: string): Promise<MailRecord | undefined>;
  /** Test view: every request, every claimed key. */
  readonly requests: Map<string, RightsRequest>;
  readonly lookupKeys: Map<string, string>;
}

export function createMemoryStore(now: () => Date = () => new Date()): MemoryStore {
  const requests = new Map<string, RightsRequest>();
  const hashes = new Map<string, string>(); // requestId → subject hash
  const lookupKeys = new Map<string, string>();
  const events = new Map<string, AuditEvent[]>();
  const steps = new Map<string, unknown>();
  const tasks = new Map<string, PendingTask>();
  const mail = new Map<string, MailRecord>();
  const intakeMail = new Map<string, IntakeMailRecord>();

  const append = (requestId: string, e: NewEvent): AuditEvent => {
    const list = events.get(requestId) ?? [];
    const prevHash = list.at(-1)?.hash ?? '';
    const seq = list.length + 1;
    const at = now().toISOString();
    const hash = createHash('sha256')
      .update(JSON.stringify([prevHash, seq, at, e.type, e.actor, e.data ?? null]))
      .digest('hex');
    const event: AuditEvent = { ...clone(e), requestId, seq, at, prevHash, hash };
    list.push(event);
    events.set(requestId, list);
    return clone(event);
  };

  return {
    requests,
    lookupKeys,
    async createRequest(request, options) {
      const parsed = RightsRequest.parse(request);
      for (const key of options.lookupKeys ?? []) {
        const owner = lookupKeys.get(key);
        if (owner) return { created: false, existingId: owner };
      }
      if (requests.has(parsed.id)) return { created: false, existingId: parsed.id };
      for (const key of options.lookupKeys ?? []) lookupKeys.set(key, parsed.id);
      requests.set(parsed.id, clone(parsed));
      if (options.subjectHash) hashes.set(parsed.id, options.subjectHash);
      append(parsed.id, options.event);
      return { created: true, request: clone(parsed) };
    },
    async getRequest(id) {
      const r = requests.get(id);
      return r ? clone(r) : undefined;
    },
    async updateRequest(id, expectedVersion, patch, event) {
      const current = requests.get(id);
      if (!current) throw new NotFoundError(id);
      if (current.version !== expectedVersion) throw new VersionConflictError(id);
      const next = RightsRequest.parse({
        ...current,
        ...patch,
        version: current.version + 1,
        updatedAt: now().toISOString(),
      });
      requests.set(id, next);
      if (event) append(id, event);
      return clone(next);
    },
    async listRequests(query: ListRequestsQuery) {
      const items = [...requests.values()]
        .filter((r) => (query.status ? r.status === query.status : !TERMINAL_STATUSES.has(r.status)))
        .filter((r) => !query.dueBefore || r.deadline.deadlineAt < query.dueBefore)
        .filter((r) => !query.dueAfter || r.deadline.deadlineAt > query.dueAfter)
        .sort((a, b) => a.deadline.deadlineAt.localeCompare(b.deadline.deadlineAt));
      return { items: clone(items.slice(0, query.limit ?? items.length)) };
    },
    async listOpenRequestIds() {
      return [...requests.values()]
        .filter((r) => !TERMINAL_STATUSES.has(r.status) && r.status !== 'triage')
        .map((r) => r.id);
    },
    async findRequestsBySubjectHash(subjectHash, options) {
      return [...requests.values()]
        .filter((r) => hashes.get(r.id) === subjectHash)
        .filter((r) => options?.includeClosed || !TERMINAL_STATUSES.has(r.status))
        .map(clone);
    },
    async findRequestIdByLookupKey(key) {
      return lookupKeys.get(key);
    },
    async claimLookupKey(key, requestId) {
      // Like the DynamoDB store: claiming a key one already owns succeeds again.
      const owner = lookupKeys.get(key);
      if (owner) return owner === requestId;
      lookupKeys.set(key, requestId);
      return true;
    },
    async appendEvent(requestId, event) {
      return append(requestId, event);
    },
    async listEvents(requestId) {
      return clone(events.get(requestId) ?? []);
    },
    async getStepResult<T>(requestId: string, stepKey: string) {
      return clone(steps.get(`${requestId}|${stepKey}`)) as T | undefined;
    },
    async putStepResult(requestId, stepKey, result) {
      const key = `${requestId}|${stepKey}`;
      if (steps.has(key)) return false;
      steps.set(key, clone(result));
      return true;
    },
    async putTask(task) {
      tasks.set(`${task.requestId}|${task.kind}`, clone(task));
    },
    async getTask(requestId: string, kind: TaskKind) {
      const t = tasks.get(`${requestId}|${kind}`);
      return t ? clone(t) : undefined;
    },
    async completeTask(requestId, kind, status, result) {
      const t = tasks.get(`${requestId}|${kind}`);
      if (t?.status !== 'open') return false;
      tasks.set(`${requestId}|${kind}`, { ...t, status, result, completedAt: now().toISOString() });
      return true;
    },
    async listDueTasks(at) {
      return [...tasks.values()].filter((t) => t.status === 'open' && t.dueAt && t.dueAt <= at).map(clone);
    },
    async listOpenTasks(requestId) {
      return [...tasks.values()].filter((t) => t.requestId === requestId && t.status === 'open').map(clone);
    },
    async recordIntakeMail(record) {
      if (intakeMail.has(record.key)) return false;
      intakeMail.set(record.key, clone(record));
      return true;
    },
    async listIntakeMail(kind, options = {}) {
      const all = [...intakeMail.values()]
        .filter((m) => m.kind === kind)
        .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
      const start = options.cursor ? Number(options.cursor) : 0;
      const limit = options.limit ?? 50;
      const items = all.slice(start, start + limit).map(clone);
      return start + limit < all.length ? { items, cursor: String(start + limit) } : { items };
    },
    async getIntakeMail(key) {
      const m = intakeMail.get(key);
      return m ? clone(m) : undefined;
    },
    async settleIntakeMail(key, settled, options) {
      const m = intakeMail.get(key);
      if (!m || (options ? m.settled?.as !== options.from : m.settled)) return false;
      intakeMail.set(key, { ...m, settled: clone(settled) });
      return true;
    },
    async recordMailIntent(record) {
      const existing = mail.get(record.key);
      if (existing) return clone(existing);
      const rec: MailRecord = { ...record, status: 'intent' };
      mail.set(record.key, rec);
      return clone(rec);
    },
    async recordMailSent(key, messageId, sentAt) {
      const rec = mail.get(key);
      if (rec) mail.set(key, { ...rec, status: 'sent', messageId, sentAt });
    },
    async getMailRecord(key) {
      const rec = mail.get(key);
      return rec ? clone(rec) : undefined;
    },
  };
}
