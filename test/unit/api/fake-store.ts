// A small in-memory Store for the API's tests: enough behaviour (lookup keys claimed atomically, events, tasks)
// to exercise the router without DynamoDB.
import type { RightsRequest } from '../../../domain/request/model.ts';
import type {
  AuditEvent,
  IntakeMailRecord,
  IntakeMailSettlement,
  ListRequestsQuery,
  NewEvent,
  PendingTask,
  Store,
  TaskKind,
} from '../../../functions/shared/store/store.ts';
import { InvalidCursorError, NotFoundError, VersionConflictError } from '../../../functions/shared/store/store.ts';
import type { DownloadGrant, LetterRecord, RecipientNotice } from '../../../functions/shared/store/workflow-store.ts';

export class FakeStore implements Partial<Store> {
  requests = new Map<string, RightsRequest>();
  keys = new Map<string, string>();
  subjects = new Map<string, string[]>();
  events = new Map<string, AuditEvent[]>();
  tasks = new Map<string, PendingTask>();
  lastListQuery: ListRequestsQuery | undefined;

  async createRequest(
    request: RightsRequest,
    options: { lookupKeys?: string[]; subjectHash?: string; event: NewEvent },
  ): Promise<{ created: true; request: RightsRequest } | { created: false; existingId: string }> {
    for (const k of options.lookupKeys ?? []) {
      const owner = this.keys.get(k);
      if (owner) return { created: false, existingId: owner };
    }
    if (this.requests.has(request.id)) return { created: false, existingId: request.id };
    for (const k of options.lookupKeys ?? []) this.keys.set(k, request.id);
    this.requests.set(request.id, structuredClone(request));
    if (options.subjectHash)
      this.subjects.set(options.subjectHash, [...(this.subjects.get(options.subjectHash) ?? []), request.id]);
    await this.appendEvent(request.id, options.event);
    return { created: true, request: structuredClone(request) };
  }

  async getRequest(id: string) {
    const r = this.requests.get(id);
    return r ? structuredClone(r) : undefined;
  }

  async updateRequest(id: string, expectedVersion: number, patch: Partial<RightsRequest>, event?: NewEvent) {
    const r = this.requests.get(id);
    if (!r) throw new NotFoundError(id);
    if (r.version !== expectedVersion) throw new VersionConflictError(id);
    const next = { ...r, ...patch, version: r.version + 1 } as RightsRequest;
    this.requests.set(id, next);
    if (event) await this.appendEvent(id, event);
    return structuredClone(next);
  }

  async listRequests(query: ListRequestsQuery) {
    this.lastListQuery = query;
    const items = [...this.requests.values()]
      .filter((r) => !query.status || r.status === query.status)
      .filter((r) => query.status || !query.statuses || query.statuses.includes(r.status))
      .filter((r) => !query.right || r.rights.includes(query.right))
      .filter((r) => !query.channel || r.channel === query.channel)
      .filter((r) => query.minor === undefined || r.minor === query.minor)
      .sort((a, b) => a.deadline.deadlineAt.localeCompare(b.deadline.deadlineAt));
    if (query.cursor && !/^\d+$/.test(query.cursor)) throw new InvalidCursorError('bad cursor');
    const start = query.cursor ? Number(query.cursor) : 0;
    const limit = query.limit ?? 50;
    const page = items.slice(start, start + limit);
    return { items: page, ...(start + limit < items.length ? { cursor: String(start + limit) } : {}) };
  }

  notices = new Map<string, RecipientNotice[]>();

  async listNotices(requestId: string) {
    return this.notices.get(requestId) ?? [];
  }

  async findRequestsBySubjectHash(hash: string) {
    return (this.subjects.get(hash) ?? []).map((id) => this.requests.get(id)!).filter(Boolean);
  }

  async findRequestIdByLookupKey(key: string) {
    return this.keys.get(key);
  }

  async appendEvent(requestId: string, event: NewEvent): Promise<AuditEvent> {
    const list = this.events.get(requestId) ?? [];
    const e: AuditEvent = {
      ...event,
      requestId,
      seq: list.length + 1,
      at: new Date(0).toISOString(),
      prevHash: list.at(-1)?.hash ?? '',
      hash: `h${list.length + 1}`,
    };
    list.push(e);
    this.events.set(requestId, list);
    return e;
  }

  async listEvents(requestId: string) {
    return this.events.get(requestId) ?? [];
  }

  steps = new Map<string, unknown>();

  async putStepResult(requestId: string, key: string, result: unknown) {
    if (this.steps.has(`${requestId}/${key}`)) return false;
    this.steps.set(`${requestId}/${key}`, structuredClone(result));
    return true;
  }

  async getStepResult<T>(requestId: string, key: string) {
    return this.steps.get(`${requestId}/${key}`) as T | undefined;
  }

  async putTask(task: PendingTask) {
    this.tasks.set(`${task.requestId}/${task.kind}`, task);
  }

  async getTask(requestId: string, kind: TaskKind) {
    return this.tasks.get(`${requestId}/${kind}`);
  }

  async completeTask(requestId: string, kind: TaskKind, status: 'succeeded' | 'failed', result: unknown) {
    const task = this.tasks.get(`${requestId}/${kind}`);
    if (task?.status !== 'open') return false;
    this.tasks.set(`${requestId}/${kind}`, { ...task, status, result, completedAt: new Date().toISOString() });
    return true;
  }

  async listOpenTasks(requestId: string) {
    return [...this.tasks.values()].filter((t) => t.requestId === requestId && t.status === 'open');
  }

  letters = new Map<string, LetterRecord[]>();

  async listLetters(requestId: string) {
    return this.letters.get(requestId) ?? [];
  }

  downloads = new Map<string, DownloadGrant>();

  async getDownloadGrant(requestId: string, right: DownloadGrant['right']) {
    return this.downloads.get(`${requestId}/${right}`);
  }

  async countDownloadAttempt(requestId: string, right: DownloadGrant['right']) {
    const g = this.downloads.get(`${requestId}/${right}`);
    if (!g || g.attempts >= g.maxAttempts) return undefined;
    g.attempts++;
    return g.attempts;
  }

  intakeMail = new Map<string, IntakeMailRecord>();

  async listIntakeMail(kind: IntakeMailRecord['kind']) {
    return { items: [...this.intakeMail.values()].filter((m) => m.kind === kind) };
  }

  async getIntakeMail(key: string) {
    return this.intakeMail.get(key);
  }

  async settleIntakeMail(key: string, settled: IntakeMailSettlement, options?: { from: IntakeMailSettlement['as'] }) {
    const m = this.intakeMail.get(key);
    if (!m || (options ? m.settled?.as !== options.from : m.settled)) return false;
    this.intakeMail.set(key, { ...m, settled });
    return true;
  }
}
