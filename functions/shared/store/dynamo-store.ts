// The Store over one DynamoDB table (AWS and DynamoDB Local alike). Single-table layout (docs/design.md §3):
//   REQ#<id>/META          request; personal fields sealed into `sealed`, masked copies in `masked`, optimistic `version`
//   REQ#<id>/EVT#<seq>     hash-chained audit events
//   REQ#<id>/STEP#<key>    step results (write-once)
//   REQ#<id>/TASK#<kind>   waiting steps; open+timed → GSI1 TIMER
//   REQ#<id>/NOTICE#<p>    recipient notices (queued for a daily list → GSI1 NOTICEQ);  REQ#<id>/OTP  one-time code hash
//   REQ#<id>/LETTER#<key>  letters written (mailed or not); to/subject/text sealed
//   REQ#<id>/DOWNLOAD#<r>  expiring download of an export (hashes of link secret and code, attempts)
//   KEY#<key>/KEY          lookup keys (Message-ID, Idempotency-Key, thread) claimed with the request
//   MAIL#<key>/MAIL        once-only send log
//   SUBJECT#<hash>/ISO#<id> backup isolation list; GSI1 ISOLATION by purge-by date until its expiry is recorded
//   CHECKPOINT#<name>/CHECKPOINT  progress of the deadline sweep (optimistic version)
//   RATE#<bucket>/RATE     rate-limit counters (TTL);  SMSTO#<phone hash>/REQ#<id>  SMS reply routes (TTL)
// GSI1: OPEN (<deadlineAt>#<id>), DONE#<status> (<updatedAt>#<id>), TIMER (<dueAt>#<id>#<kind>), ISOLATION,
//   NOTICEQ (<batch day>#<partner>#<id>).
// GSI2: SUBJ#<hash> (<receivedAt>#<id>). Every read is a Get or a Query: no Scan anywhere.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { redact } from '../../../domain/identity/index.ts';
import { assertTransition, RightsRequest, type Status, TERMINAL_STATUSES } from '../../../domain/request/model.ts';
import { ANSWERED_STATUSES } from '../../../domain/request/retention.ts';
import type { FieldCipher } from '../ports.ts';
import { eventHash, genesisHash } from './event-chain.ts';
import { maskParties } from './mask.ts';
import {
  type AuditEvent,
  type IntakeMailRecord,
  InvalidCursorError,
  type ListRequestsQuery,
  type NewEvent,
  NotFoundError,
  type PendingTask,
  type TaskKind,
  VersionConflictError,
} from './store.ts';
import type {
  DownloadGrant,
  IsolationEntry,
  LetterRecord,
  MailRecord,
  PurgeMarker,
  RecipientNotice,
  VerificationCodeRecord,
  WorkflowStore,
} from './workflow-store.ts';

export interface DynamoStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  cipher: FieldCipher;
  clock: { now(): Date };
  /**
   * DynamoDB TTL (`ttl`, epoch seconds) of items that only serve while a request may still be handled: lookup keys,
   * the send log, one-time codes (days from when they are written; policy/request-records.yaml via
   * storeExpiryDays). Without it nothing expires.
   */
  expiryDays?: StoreExpiryDays;
}

export interface StoreExpiryDays {
  lookupKeys: number;
  mailLog: number;
  codes: number;
}

type Item = Record<string, unknown>;
/** The last event of a request's audit chain: the next event's seq follows it and its prevHash is this hash. */
type ChainHead = { seq: number; hash: string };

const reqPk = (id: string) => `REQ#${id}`;
const evtSk = (seq: number) => `EVT#${String(seq).padStart(8, '0')}`;
const SEALED_VERSION = 1;

/** Drops `undefined` (DynamoDB rejects it) and non-JSON values; results and events are JSON by contract. */
function clean<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

function conditionFailed(err: unknown): boolean {
  return (err as { name?: string })?.name === 'ConditionalCheckFailedException';
}

function cancellationCodes(err: unknown): (string | undefined)[] | undefined {
  if (
    !(err instanceof TransactionCanceledException) &&
    (err as { name?: string })?.name !== 'TransactionCanceledException'
  )
    return undefined;
  return ((err as TransactionCanceledException).CancellationReasons ?? []).map((r) => r.Code);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jitter = (attempt: number) => Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random());

function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}
const CURSOR_KEYS = ['pk', 'sk', 'gsi1pk', 'gsi1sk'];
function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('the cursor is not one this API issued');
  }
  // Only the index keys we encode: anything else would be silently ignored or rejected by DynamoDB.
  const ok =
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.keys(v).length === CURSOR_KEYS.length &&
    CURSOR_KEYS.every((k) => typeof (v as Record<string, unknown>)[k] === 'string');
  if (!ok) throw new InvalidCursorError('the cursor is not one this API issued');
  return v as Record<string, unknown>;
}

/** A request's isolation entry; a later part of it (a deferred deletion) sorts after it under the same subject. */
const isolationSk = (requestId: string, part?: string) => `ISO#${requestId}${part ? `#${part}` : ''}`;
export function createDynamoStore(options: DynamoStoreOptions): WorkflowStore {
  return buildStore(options, new Map(), undefined);
}

/**
 * What one step invocation has read (forInvocation): a step reads its request and the step results it depends on
 * once, not once per helper (issue 14: the request record was read 4–6 times per step, step results probed one by one
 * and again right after being written). Only for the invocation: a later invocation reads afresh. Safe because every
 * write of the request is conditional on its version (a stale cached record fails the write, the entry is dropped and
 * read again) and step results are write-once (a lost putStepResult race marks the key to be read again, so the
 * winner's result is returned).
 */
interface InvocationReads {
  meta: Map<string, { item: Item; request: RightsRequest }>;
  /**
   * Per request, every step result as one Query read them at the invocation's first look (a key not there was not
   * recorded then), updated by this invocation's own writes; `reread`: a key another writer recorded first.
   */
  steps: Map<string, Map<string, { result: unknown } | 'reread'>>;
  /**
   * Per request, its waiting tasks as one Query read them at the invocation's first look; a kind this invocation
   * wrote (put, replaced, completed — or tried to) is read again, so a conditional write that lost to another writer
   * is followed by a fresh read.
   */
  tasks: Map<string, Map<string, PendingTask | 'reread'>>;
}
/** Requests kept per invocation, so that a long one (the sweep over every open request) does not hold them all. */
const INVOCATION_REQUESTS_KEPT = 200;
function keep<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > INVOCATION_REQUESTS_KEPT) map.delete(map.keys().next().value as string);
}

function buildStore(
  options: DynamoStoreOptions,
  heads: Map<string, ChainHead>,
  reads: InvocationReads | undefined,
): WorkflowStore {
  const { client, tableName: TableName, cipher, clock } = options;
  const now = () => clock.now().toISOString();
  /** `{ttl}` for an item of this kind written now, or nothing. */
  const ttl = (kind: keyof StoreExpiryDays): { ttl?: number } =>
    options.expiryDays ? { ttl: Math.ceil(clock.now().getTime() / 1000) + options.expiryDays[kind] * 86_400 } : {};

  // ---- request codec --------------------------------------------------------------------------------------------
  async function toItem(r: RightsRequest, subjectHash: string | undefined): Promise<Item> {
    const { subject, requester, details, correction, source, ...clear } = r;
    const { subjectLine, ...sourceClear } = source;
    const sealed = await cipher.seal(
      JSON.stringify({ v: SEALED_VERSION, subject, requester, details, correction, subjectLine }),
    );
    const item: Item = {
      ...clean(clear),
      source: clean(sourceClear),
      pk: reqPk(r.id),
      sk: 'META',
      type: 'request',
      sealed,
      masked: clean(maskParties(subject, requester)),
    };
    if (TERMINAL_STATUSES.has(r.status)) {
      item['gsi1pk'] = `DONE#${r.status}`;
      item['gsi1sk'] = `${r.updatedAt}#${r.id}`;
    } else {
      item['gsi1pk'] = 'OPEN';
      // Queued by when the reply is due: a child's internal target (policy §5) when it is earlier than the deadline.
      const due = r.target && r.target.at < r.deadline.deadlineAt ? r.target.at : r.deadline.deadlineAt;
      item['gsi1sk'] = `${due}#${r.id}`;
    }
    if (subjectHash) {
      item['subjectHash'] = subjectHash;
      item['gsi2pk'] = `SUBJ#${subjectHash}`;
      item['gsi2sk'] = `${r.receivedAt}#${r.id}`;
    }
    return item;
  }

  async function fromItem(item: Item): Promise<RightsRequest> {
    const { pk, sk, type, sealed, masked, subjectHash, gsi1pk, gsi1sk, gsi2pk, gsi2sk, ...clear } = item;
    const opened = JSON.parse(await cipher.open(String(sealed))) as Record<string, unknown>;
    const source = { ...((clear['source'] as object | undefined) ?? {}), subjectLine: opened['subjectLine'] };
    return RightsRequest.parse({
      ...clear,
      source,
      subject: opened['subject'],
      requester: opened['requester'],
      details: opened['details'],
      correction: opened['correction'],
    });
  }

  async function getMeta(id: string): Promise<Item | undefined> {
    const res = await client.send(
      new GetCommand({ TableName, Key: { pk: reqPk(id), sk: 'META' }, ConsistentRead: true }),
    );
    return res.Item;
  }

  // ---- events -----------------------------------------------------------------------------------------------------
  // The chain head this store last wrote or read, per request, so that an append needs no Query (one Query per event
  // was the largest read cost per request, issue 14). A stale head is safe: an event's key is its seq and its Put
  // requires the key to be new, so when another writer has moved the head the Put fails, the head is forgotten and
  // read again. Events are never deleted, so a remembered head is never ahead of the table. Bounded: oldest out.
  const HEADS_KEPT = 2000;
  function rememberHead(requestId: string, head: ChainHead): void {
    heads.delete(requestId);
    heads.set(requestId, head);
    if (heads.size > HEADS_KEPT) heads.delete(heads.keys().next().value as string);
  }
  const remember = (e: AuditEvent) => rememberHead(e.requestId, { seq: e.seq, hash: e.hash });

  async function chainHead(requestId: string): Promise<ChainHead> {
    const known = heads.get(requestId);
    if (known) return known;
    const head = await readChainHead(requestId);
    rememberHead(requestId, head);
    return head;
  }

  async function readChainHead(requestId: string): Promise<ChainHead> {
    const res = await client.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
        ExpressionAttributeValues: { ':pk': reqPk(requestId), ':evt': 'EVT#' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const last = res.Items?.[0];
    return last ? { seq: Number(last['seq']), hash: String(last['hash']) } : { seq: 0, hash: genesisHash(requestId) };
  }

  function buildEvent(requestId: string, head: ChainHead, e: NewEvent): AuditEvent {
    const base: Omit<AuditEvent, 'hash'> = {
      requestId,
      seq: head.seq + 1,
      at: now(),
      type: e.type,
      actor: e.actor,
      prevHash: head.hash,
      // Masked before hashing: the audit trail never holds personal data in clear and the chain covers what is kept.
      ...(e.data !== undefined ? { data: clean(redact(e.data) as NonNullable<NewEvent['data']>) } : {}),
    };
    return { ...base, hash: eventHash(base) };
  }

  // `type` names the item kind; the event's own type is stored as `eventType`.
  const eventItem = (e: AuditEvent): Item => {
    const { type, ...rest } = e;
    return { pk: reqPk(e.requestId), sk: evtSk(e.seq), type: 'event', eventType: type, ...rest };
  };
  const eventPut = (e: AuditEvent) => ({
    Put: { TableName, Item: eventItem(e), ConditionExpression: 'attribute_not_exists(pk)' },
  });

  function eventFromItem(item: Item): AuditEvent {
    const e: AuditEvent = {
      requestId: String(item['requestId']),
      seq: Number(item['seq']),
      at: String(item['at']),
      type: String(item['eventType'] ?? ''),
      actor: String(item['actor']),
      prevHash: String(item['prevHash']),
      hash: String(item['hash']),
    };
    if (item['data'] !== undefined) e.data = item['data'] as Record<string, unknown>;
    return e;
  }

  async function appendEvent(requestId: string, e: NewEvent): Promise<AuditEvent> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const ev = buildEvent(requestId, await chainHead(requestId), e);
      try {
        await client.send(new PutCommand(eventPut(ev).Put));
        remember(ev);
        return ev;
      } catch (err) {
        heads.delete(requestId);
        if (!conditionFailed(err)) throw err;
        // The seq was taken: by a concurrent append, or the remembered head was stale. Read it again.
        if (attempt > 0) await sleep(jitter(attempt));
      }
    }
    throw new Error(`could not append an event to ${requestId}: too much contention`);
  }

  // ---- queries ------------------------------------------------------------------------------------------------------
  async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const out: Item[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const res = await client.send(new QueryCommand({ ...input, TableName, ExclusiveStartKey }));
      out.push(...(res.Items ?? []));
      ExclusiveStartKey = res.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  }

  /** The purge marker of an answered request: in GSI1 `PURGE` at its next due time, out of it once done. */
  function purgeItem(m: PurgeMarker): Item {
    const item: Item = { pk: reqPk(m.requestId), sk: 'PURGE', type: 'purge', ...clean(m) };
    if (m.dueAt) {
      item['gsi1pk'] = 'PURGE';
      item['gsi1sk'] = `${m.dueAt}#${m.requestId}`;
    }
    return item;
  }

  const taskSk = (kind: TaskKind) => `TASK#${kind}`;
  function taskItem(t: PendingTask): Item {
    const item: Item = { pk: reqPk(t.requestId), sk: taskSk(t.kind), type: 'task', ...clean(t) };
    if (t.status === 'open' && t.dueAt) {
      item['gsi1pk'] = 'TIMER';
      item['gsi1sk'] = `${t.dueAt}#${t.requestId}#${t.kind}`;
    }
    return item;
  }
  function taskFromItem(item: Item): PendingTask {
    const { pk, sk, type, gsi1pk, gsi1sk, ...t } = item;
    return t as unknown as PendingTask;
  }
  function stripKeys<T>(item: Item): T {
    const { pk, sk, type, gsi1pk, gsi1sk, gsi2pk, gsi2sk, ...rest } = item;
    return rest as T;
  }

  /**
   * The request's items under one sort-key prefix, read with one Query at the invocation's first look and kept for
   * the rest of it (a step probes several keys: its own result, then the rights' results it depends on; the tasks it
   * waits on). Only with forInvocation.
   */
  async function readOnce<V>(
    kept: Map<string, Map<string, V | 'reread'>>,
    requestId: string,
    prefix: string,
    entry: (item: Item) => [string, V],
  ): Promise<Map<string, V | 'reread'>> {
    const known = kept.get(requestId);
    if (known) return known;
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': reqPk(requestId), ':prefix': prefix },
      ConsistentRead: true,
    });
    const found = new Map<string, V | 'reread'>(items.map(entry));
    keep(kept, requestId, found);
    return found;
  }
  /** Every step result of the request, by step key. */
  const stepResultsOf = (requestId: string) =>
    readOnce(reads!.steps, requestId, 'STEP#', (i): [string, { result: unknown }] => [
      String(i['sk']).slice('STEP#'.length),
      { result: i['result'] },
    ]);
  /** The request's waiting tasks, by kind. */
  const tasksOf = (requestId: string) =>
    readOnce(reads!.tasks, requestId, 'TASK#', (i): [string, PendingTask] => [String(i['kind']), taskFromItem(i)]);
  /** This invocation wrote (or tried to write) the task: its next read goes to the table. */
  const rereadTask = (requestId: string, kind: string) => reads?.tasks.get(requestId)?.set(kind, 'reread');

  /** One update of the request record (the store's updateRequest): its new item and record. */
  async function updateRequestOnce(
    id: string,
    expectedVersion: number,
    patch: Parameters<WorkflowStore['updateRequest']>[2],
    event: NewEvent | undefined,
    updateOptions: { subjectHash?: string } | undefined,
  ): Promise<{ item: Item; request: RightsRequest }> {
    for (let attempt = 0; attempt < 50; attempt++) {
      // The record this invocation read, when it is the version being updated: the Put's condition on the version
      // still refuses it if another writer moved on since.
      const cached = attempt === 0 ? reads?.meta.get(id) : undefined;
      const item = cached && cached.request.version === expectedVersion ? cached.item : await getMeta(id);
      if (!item) throw new NotFoundError(`request ${id} not found`);
      const current = cached && item === cached.item ? structuredClone(cached.request) : await fromItem(item);
      if (current.version !== expectedVersion)
        throw new VersionConflictError(`request ${id} is at version ${current.version}, not ${expectedVersion}`);
      if (patch.status) assertTransition(current.status, patch.status);
      const at = now();
      // First answered: the retention clock of the request's records starts (its purge marker, GSI1 PURGE).
      const answered = !current.answeredAt && ANSWERED_STATUSES.has(patch.status ?? current.status);
      const next = RightsRequest.parse({
        ...current,
        ...patch,
        ...(answered ? { answeredAt: at } : {}),
        id,
        createdAt: current.createdAt,
        updatedAt: at,
        version: expectedVersion + 1,
      });
      const nextItem = await toItem(next, updateOptions?.subjectHash ?? (item['subjectHash'] as string | undefined));
      const metaPut = {
        TableName,
        Item: nextItem,
        ConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': expectedVersion },
      };
      const marker = answered
        ? [{ Put: { TableName, Item: purgeItem({ requestId: id, answeredAt: at, done: [], dueAt: at }) } }]
        : [];
      try {
        if (!event && !answered) {
          await client.send(new PutCommand(metaPut));
          return { item: nextItem, request: next };
        }
        const built = event ? buildEvent(id, await chainHead(id), event) : undefined;
        const ev = built ? [eventPut(built)] : [];
        await client.send(new TransactWriteCommand({ TransactItems: [{ Put: metaPut }, ...ev, ...marker] }));
        if (built) remember(built);
        return { item: nextItem, request: next };
      } catch (err) {
        heads.delete(id);
        if (conditionFailed(err))
          throw new VersionConflictError(`request ${id} changed since version ${expectedVersion}`);
        const codes = cancellationCodes(err);
        if (!codes) throw err;
        if (codes[0] === 'ConditionalCheckFailed')
          throw new VersionConflictError(`request ${id} changed since version ${expectedVersion}`);
        // The event's seq was taken by a concurrent append, or a transaction conflict: retry.
        await sleep(jitter(attempt));
      }
    }
    throw new Error(`could not update request ${id}: too much contention`);
  }

  const store: WorkflowStore = {
    async createRequest(request, { lookupKeys = [], subjectHash, event }) {
      const r = RightsRequest.parse(request);
      const keys = [...new Set(lookupKeys)];
      const item = await toItem(r, subjectHash);
      for (let attempt = 0; attempt < 30; attempt++) {
        const first = buildEvent(r.id, { seq: 0, hash: genesisHash(r.id) }, event);
        try {
          await client.send(
            new TransactWriteCommand({
              TransactItems: [
                { Put: { TableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
                ...keys.map((key) => ({
                  Put: {
                    TableName,
                    Item: {
                      pk: `KEY#${key}`,
                      sk: 'KEY',
                      type: 'key',
                      key,
                      requestId: r.id,
                      claimedAt: now(),
                      ...ttl('lookupKeys'),
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                })),
                eventPut(first),
              ],
            }),
          );
          remember(first);
          return { created: true, request: r };
        } catch (err) {
          const codes = cancellationCodes(err);
          if (!codes) throw err;
          if (codes[0] === 'ConditionalCheckFailed') return { created: false, existingId: r.id };
          for (let i = 0; i < keys.length; i++) {
            if (codes[i + 1] !== 'ConditionalCheckFailed') continue;
            const owner = await store.findRequestIdByLookupKey(keys[i]!);
            if (owner) return { created: false, existingId: owner };
          }
          // TransactionConflict: another writer holds one of the items right now; try again shortly.
          await sleep(jitter(attempt));
        }
      }
      throw new Error(`could not create request ${r.id}: too much contention`);
    },

    async getRequest(id) {
      const cached = reads?.meta.get(id);
      if (cached) return structuredClone(cached.request);
      const item = await getMeta(id);
      if (!item) return undefined;
      const request = await fromItem(item);
      if (reads) keep(reads.meta, id, { item, request: structuredClone(request) });
      return request;
    },

    async updateRequest(id, expectedVersion, patch, event, options) {
      try {
        const next = await updateRequestOnce(id, expectedVersion, patch, event, options);
        if (reads) keep(reads.meta, id, { item: next.item, request: structuredClone(next.request) });
        return next.request;
      } catch (err) {
        reads?.meta.delete(id);
        throw err;
      }
    },

    async listRequests(query: ListRequestsQuery) {
      const limit = Math.max(1, Math.min(query.limit ?? 50, 500));
      const terminal = query.status !== undefined && TERMINAL_STATUSES.has(query.status);
      const input: QueryCommandInput = {
        TableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': terminal ? `DONE#${query.status}` : 'OPEN' },
        ScanIndexForward: !terminal,
      };
      if (query.dueBefore && query.dueAfter && !terminal) {
        // sk = <deadlineAt>#<id>: '\uffff' sorts after every id, so the bounds are "after dueAfter, not after dueBefore".
        input.KeyConditionExpression += ' AND gsi1sk BETWEEN :after AND :due';
        input.ExpressionAttributeValues![':after'] = `${query.dueAfter}#\uffff`;
        input.ExpressionAttributeValues![':due'] = query.dueBefore;
      } else if (query.dueBefore && !terminal) {
        input.KeyConditionExpression += ' AND gsi1sk < :due';
        input.ExpressionAttributeValues![':due'] = query.dueBefore;
      }
      // Filters narrow the index's pages (FilterExpression), never a Scan.
      const filters: string[] = [];
      const names: Record<string, string> = {};
      const values = input.ExpressionAttributeValues!;
      if (query.status && !terminal) {
        filters.push('#s = :s');
        names['#s'] = 'status';
        values[':s'] = query.status satisfies Status;
      } else if (query.statuses?.length && !terminal) {
        filters.push(`#s IN (${query.statuses.map((_, i) => `:s${i}`).join(', ')})`);
        names['#s'] = 'status';
        query.statuses.forEach((st, i) => {
          values[`:s${i}`] = st;
        });
      }
      if (query.right) {
        filters.push('contains(#rights, :right)');
        names['#rights'] = 'rights';
        values[':right'] = query.right;
      }
      if (query.channel) {
        filters.push('#channel = :channel');
        names['#channel'] = 'channel';
        values[':channel'] = query.channel;
      }
      if (query.minor !== undefined) {
        filters.push('#minor = :minor');
        names['#minor'] = 'minor';
        values[':minor'] = query.minor;
      }
      if (filters.length) {
        input.FilterExpression = filters.join(' AND ');
        input.ExpressionAttributeNames = names;
      }
      // Read a page, not the partition: without Limit every call read up to 1 MB of the index (all open requests)
      // to show 50, and the sweep's pages re-read it each time. One extra row tells whether there is more; with
      // filters (applied after the read) a few pages of twice the size are read until the page is full.
      input.Limit = filters.length ? Math.max(100, 2 * (limit + 1)) : limit + 1;
      const found: Item[] = [];
      let ExclusiveStartKey = decodeCursor(query.cursor);
      let more = false;
      do {
        const res = await client.send(new QueryCommand({ ...input, ExclusiveStartKey }));
        found.push(...(res.Items ?? []));
        ExclusiveStartKey = res.LastEvaluatedKey;
      } while (ExclusiveStartKey && found.length < limit);
      more = found.length > limit || ExclusiveStartKey !== undefined;
      const page = found.slice(0, limit);
      const last = page[page.length - 1];
      const cursor =
        more && last
          ? encodeCursor({ pk: last['pk'], sk: last['sk'], gsi1pk: last['gsi1pk'], gsi1sk: last['gsi1sk'] })
          : undefined;
      const items = await Promise.all(page.map(fromItem));
      return cursor ? { items, cursor } : { items };
    },

    async listOpenRequestIds() {
      const items = await queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'OPEN' },
        ProjectionExpression: 'id, #s',
        ExpressionAttributeNames: { '#s': 'status' },
      });
      return items.filter((i) => i['status'] !== 'triage').map((i) => String(i['id']));
    },

    async findRequestsBySubjectHash(subjectHash, opts?: { includeClosed?: boolean }) {
      const items = await queryAll({
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': `SUBJ#${subjectHash}` },
      });
      const wanted = opts?.includeClosed ? items : items.filter((i) => i['gsi1pk'] === 'OPEN');
      return Promise.all(wanted.map(fromItem));
    },

    async findRequestIdByLookupKey(key) {
      const res = await client.send(
        new GetCommand({ TableName, Key: { pk: `KEY#${key}`, sk: 'KEY' }, ConsistentRead: true }),
      );
      return res.Item ? String(res.Item['requestId']) : undefined;
    },

    async claimLookupKey(key, requestId) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: { pk: `KEY#${key}`, sk: 'KEY', type: 'key', key, requestId, claimedAt: now(), ...ttl('lookupKeys') },
            ConditionExpression: 'attribute_not_exists(pk) OR requestId = :id',
            ExpressionAttributeValues: { ':id': requestId },
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    appendEvent,

    async listEvents(requestId) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
        ExpressionAttributeValues: { ':pk': reqPk(requestId), ':evt': 'EVT#' },
        ConsistentRead: true,
      });
      return items.map(eventFromItem);
    },

    async getStepResult<T = unknown>(requestId: string, stepKey: string) {
      if (reads) {
        const known = (await stepResultsOf(requestId)).get(stepKey);
        if (known !== 'reread') return known === undefined ? undefined : (structuredClone(known.result) as T);
      }
      const res = await client.send(
        new GetCommand({ TableName, Key: { pk: reqPk(requestId), sk: `STEP#${stepKey}` }, ConsistentRead: true }),
      );
      const result = res.Item ? (res.Item['result'] as T) : undefined;
      if (reads && result !== undefined)
        (await stepResultsOf(requestId)).set(stepKey, { result: structuredClone(result) });
      return result;
    },

    async putStepResult(requestId, stepKey, result) {
      const stored = clean(result) ?? null;
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: { pk: reqPk(requestId), sk: `STEP#${stepKey}`, type: 'step', stepKey, result: stored, at: now() },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        // As a read would return it (JSON by contract, `clean` made it so).
        reads?.steps.get(requestId)?.set(stepKey, { result: structuredClone(stored) });
        return true;
      } catch (err) {
        reads?.steps.get(requestId)?.set(stepKey, 'reread');
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    async putTask(task) {
      rereadTask(task.requestId, task.kind);
      await client.send(new PutCommand({ TableName, Item: taskItem(task) }));
    },

    async replaceTask(task, expected) {
      rereadTask(task.requestId, task.kind);
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: taskItem(task),
            ...(expected === 'absent'
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: '#s = :expected',
                  ExpressionAttributeNames: { '#s': 'status' },
                  ExpressionAttributeValues: { ':expected': expected },
                }),
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    async getTask(requestId, kind) {
      if (reads) {
        const known = (await tasksOf(requestId)).get(kind);
        if (known !== 'reread') return known === undefined ? undefined : structuredClone(known);
      }
      const res = await client.send(
        new GetCommand({ TableName, Key: { pk: reqPk(requestId), sk: taskSk(kind) }, ConsistentRead: true }),
      );
      return res.Item ? taskFromItem(res.Item) : undefined;
    },

    async completeTask(requestId, kind, status, result) {
      rereadTask(requestId, kind);
      try {
        const res = await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: reqPk(requestId), sk: taskSk(kind) },
            UpdateExpression: 'SET #s = :s, #r = :r, completedAt = :at REMOVE gsi1pk, gsi1sk',
            ConditionExpression: 'attribute_exists(pk) AND #s = :open',
            ExpressionAttributeNames: { '#s': 'status', '#r': 'result' },
            ExpressionAttributeValues: { ':s': status, ':r': clean(result) ?? null, ':at': now(), ':open': 'open' },
            // The task as this write left it (same WCU): the invocation's next look at it (completeWaitingTask reads
            // the token to hand back) needs no read. Outside an invocation it is not kept.
            ReturnValues: 'ALL_NEW',
          }),
        );
        if (res.Attributes) reads?.tasks.get(requestId)?.set(kind, taskFromItem(res.Attributes));
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    async listDueTasks(at) {
      const items = await queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :u',
        ExpressionAttributeValues: { ':p': 'TIMER', ':u': `${at}#~` },
      });
      return items.map(taskFromItem).filter((t) => t.status === 'open' && t.dueAt !== undefined && t.dueAt <= at);
    },

    async listOpenTasks(requestId) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :t)',
        ExpressionAttributeValues: { ':pk': reqPk(requestId), ':t': 'TASK#' },
        ConsistentRead: true,
      });
      return items.map(taskFromItem).filter((t) => t.status === 'open');
    },

    // ---- mail that is not a request ----------------------------------------------------------------------------
    async recordIntakeMail(record) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: {
              pk: `INTAKE#${record.key}`,
              sk: 'MAIL',
              type: 'intake_mail',
              ...clean(record),
              gsi1pk: `INTAKE#${record.kind}`,
              gsi1sk: `${record.receivedAt}#${record.key}`,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    async listIntakeMail(kind, options = {}) {
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
      const res = await client.send(
        new QueryCommand({
          TableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': `INTAKE#${kind}` },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: decodeCursor(options.cursor),
        }),
      );
      const items = (res.Items ?? []).map((i) => {
        const { pk, sk, type, gsi1pk, gsi1sk, ...record } = i;
        return record as IntakeMailRecord;
      });
      const last = res.Items?.at(-1);
      const cursor =
        res.LastEvaluatedKey && last
          ? encodeCursor({ pk: last['pk'], sk: last['sk'], gsi1pk: last['gsi1pk'], gsi1sk: last['gsi1sk'] })
          : undefined;
      return cursor ? { items, cursor } : { items };
    },

    async getIntakeMail(key) {
      const res = await client.send(
        new GetCommand({ TableName, Key: { pk: `INTAKE#${key}`, sk: 'MAIL' }, ConsistentRead: true }),
      );
      if (!res.Item) return undefined;
      const { pk, sk, type, gsi1pk, gsi1sk, ...record } = res.Item;
      return record as IntakeMailRecord;
    },

    async settleIntakeMail(key, settled, options) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: `INTAKE#${key}`, sk: 'MAIL' },
            UpdateExpression: 'SET settled = :s',
            ...(options
              ? {
                  // AS is a DynamoDB reserved word.
                  ConditionExpression: 'attribute_exists(pk) AND settled.#as = :from',
                  ExpressionAttributeNames: { '#as': 'as' },
                  ExpressionAttributeValues: { ':s': clean(settled), ':from': options.from },
                }
              : {
                  ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(settled)',
                  ExpressionAttributeValues: { ':s': clean(settled) },
                }),
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    // ---- notices ----------------------------------------------------------------------------------------------
    async putNotice(notice) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: {
              pk: reqPk(notice.requestId),
              sk: `NOTICE#${notice.partnerId}`,
              type: 'notice',
              ...clean(notice),
              ...(notice.status === 'queued' && notice.batchDay
                ? { gsi1pk: 'NOTICEQ', gsi1sk: `${notice.batchDay}#${notice.partnerId}#${notice.requestId}` }
                : {}),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    async getNotice(requestId, partnerId) {
      const res = await client.send(
        new GetCommand({ TableName, Key: { pk: reqPk(requestId), sk: `NOTICE#${partnerId}` }, ConsistentRead: true }),
      );
      return res.Item ? stripKeys<RecipientNotice>(res.Item) : undefined;
    },

    async listNotices(requestId) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
        ExpressionAttributeValues: { ':pk': reqPk(requestId), ':n': 'NOTICE#' },
        ConsistentRead: true,
      });
      return items.map((i) => stripKeys<RecipientNotice>(i));
    },

    async listQueuedNotices(throughDay) {
      const items = await queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :d',
        ExpressionAttributeValues: { ':p': 'NOTICEQ', ':d': `${throughDay}#\uffff` },
      });
      return items.map((i) => stripKeys<RecipientNotice>(i));
    },

    async markNoticeSent(requestId, partnerId, sent) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: reqPk(requestId), sk: `NOTICE#${partnerId}` },
            UpdateExpression: `SET #s = :sent, sentAt = :at${sent.messageId ? ', messageId = :m' : ''} REMOVE gsi1pk, gsi1sk`,
            ConditionExpression: '#s = :queued',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':sent': 'sent',
              ':queued': 'queued',
              ':at': sent.sentAt,
              ...(sent.messageId ? { ':m': sent.messageId } : {}),
            },
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    async updateNotice(requestId, partnerId, patch) {
      const entries = Object.entries(clean(patch)).filter(([k]) => k !== 'requestId' && k !== 'partnerId');
      if (entries.length === 0) {
        const n = await store.getNotice(requestId, partnerId);
        if (!n) throw new NotFoundError(`notice ${partnerId} of ${requestId} not found`);
        return n;
      }
      try {
        const res = await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: reqPk(requestId), sk: `NOTICE#${partnerId}` },
            UpdateExpression: `SET ${entries.map((_, i) => `#k${i} = :v${i}`).join(', ')}`,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
            ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
            ReturnValues: 'ALL_NEW',
          }),
        );
        return stripKeys<RecipientNotice>(res.Attributes ?? {});
      } catch (err) {
        if (conditionFailed(err)) throw new NotFoundError(`notice ${partnerId} of ${requestId} not found`);
        throw err;
      }
    },

    // ---- backup isolation list ----------------------------------------------------------------------------------
    async putIsolation(entry) {
      await client.send(
        new PutCommand({
          TableName,
          Item: {
            pk: `SUBJECT#${entry.subjectHash}`,
            sk: isolationSk(entry.requestId, entry.part),
            type: 'isolation',
            ...clean(entry),
            gsi1pk: 'ISOLATION',
            gsi1sk: `${entry.purgeBy}#${entry.subjectHash}#${entry.requestId}${entry.part ? `#${entry.part}` : ''}`,
          },
        }),
      );
    },

    async getIsolation(subjectHash) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :i)',
        ExpressionAttributeValues: { ':pk': `SUBJECT#${subjectHash}`, ':i': 'ISO#' },
        ConsistentRead: true,
      });
      return items.map((i) => stripKeys<IsolationEntry>(i));
    },

    async listIsolation(liveAt) {
      const items = await queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: liveAt ? 'gsi1pk = :p AND gsi1sk >= :at' : 'gsi1pk = :p',
        ExpressionAttributeValues: liveAt ? { ':p': 'ISOLATION', ':at': liveAt } : { ':p': 'ISOLATION' },
      });
      return items.map((i) => stripKeys<IsolationEntry>(i));
    },

    async listIsolationDue(at) {
      const items = await queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk < :at',
        ExpressionAttributeValues: { ':p': 'ISOLATION', ':at': at },
      });
      return items.map((i) => stripKeys<IsolationEntry>(i));
    },

    async markIsolationExpired(subjectHash, requestId, at, part) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: `SUBJECT#${subjectHash}`, sk: isolationSk(requestId, part) },
            UpdateExpression: 'SET expiredAt = :at REMOVE gsi1pk, gsi1sk',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(expiredAt)',
            ExpressionAttributeValues: { ':at': at },
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    // ---- once-only mail log -------------------------------------------------------------------------------------
    async getMailRecord(key) {
      const res = await client.send(
        new GetCommand({ TableName, Key: { pk: `MAIL#${key}`, sk: 'MAIL' }, ConsistentRead: true }),
      );
      return res.Item ? stripKeys<MailRecord>(res.Item) : undefined;
    },

    async recordMailIntent(record) {
      const rec: MailRecord = { ...clean(record), status: 'intent' };
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: { pk: `MAIL#${record.key}`, sk: 'MAIL', type: 'mail', ...rec, ...ttl('mailLog') },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return rec;
      } catch (err) {
        if (!conditionFailed(err)) throw err;
        const existing = await store.getMailRecord(record.key);
        if (!existing) throw err;
        return existing;
      }
    },

    async recordMailSent(key, messageId, sentAt) {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: { pk: `MAIL#${key}`, sk: 'MAIL' },
          UpdateExpression: 'SET #s = :s, messageId = :m, sentAt = :at',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': 'sent', ':m': messageId, ':at': sentAt },
        }),
      );
    },

    // ---- checkpoints (the sweep's progress) -------------------------------------------------------------------------
    async getCheckpoint<T>(name: string) {
      const res = await client.send(
        new GetCommand({ TableName, Key: { pk: `CHECKPOINT#${name}`, sk: 'CHECKPOINT' }, ConsistentRead: true }),
      );
      return res.Item ? { value: res.Item['value'] as T, version: Number(res.Item['version']) } : undefined;
    },

    async putCheckpoint(name, value, expectedVersion) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: {
              pk: `CHECKPOINT#${name}`,
              sk: 'CHECKPOINT',
              type: 'checkpoint',
              value: clean(value),
              version: expectedVersion === 'absent' ? 1 : expectedVersion + 1,
              at: now(),
            },
            ...(expectedVersion === 'absent'
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    // ---- letters ----------------------------------------------------------------------------------------------
    async putLetter(letter) {
      const { to, subject, text, ...clear } = letter;
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: {
              pk: reqPk(letter.requestId),
              sk: `LETTER#${letter.key}`,
              type: 'letter',
              ...clean(clear),
              sealed: await cipher.seal(JSON.stringify({ to, subject, text })),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    async listLetters(requestId) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :l)',
        ExpressionAttributeValues: { ':pk': reqPk(requestId), ':l': 'LETTER#' },
        ConsistentRead: true,
      });
      const letters = await Promise.all(
        items.map(async (item) => {
          const { sealed, ...rest } = stripKeys<Item>(item);
          const opened = JSON.parse(await cipher.open(String(sealed))) as Pick<LetterRecord, 'to' | 'subject' | 'text'>;
          return { ...(rest as Omit<LetterRecord, 'to' | 'subject' | 'text'>), ...opened };
        }),
      );
      return letters.sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
    },

    async markLetterDelivered(requestId, key, delivered) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: reqPk(requestId), sk: `LETTER#${key}` },
            UpdateExpression: 'SET delivered = :d',
            ConditionExpression: 'attribute_exists(pk) AND mailed = :f AND attribute_not_exists(delivered)',
            ExpressionAttributeValues: { ':d': clean(delivered), ':f': false },
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    // ---- downloads ----------------------------------------------------------------------------------------------
    async putDownloadGrant(grant: DownloadGrant) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: { pk: reqPk(grant.requestId), sk: `DOWNLOAD#${grant.right}`, type: 'download', ...clean(grant) },
            ConditionExpression: 'attribute_not_exists(pk) OR #round < :round',
            ExpressionAttributeNames: { '#round': 'round' },
            ExpressionAttributeValues: { ':round': grant.round },
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    async getDownloadGrant(requestId, right) {
      const res = await client.send(
        new GetCommand({ TableName, Key: { pk: reqPk(requestId), sk: `DOWNLOAD#${right}` }, ConsistentRead: true }),
      );
      return res.Item ? stripKeys<DownloadGrant>(res.Item) : undefined;
    },

    async countDownloadAttempt(requestId, right) {
      try {
        const res = await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: reqPk(requestId), sk: `DOWNLOAD#${right}` },
            UpdateExpression: 'ADD attempts :one',
            ConditionExpression: 'attribute_exists(pk) AND attempts < maxAttempts',
            ExpressionAttributeValues: { ':one': 1 },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return Number(res.Attributes?.['attempts']);
      } catch (err) {
        if (conditionFailed(err)) return undefined;
        throw err;
      }
    },

    // ---- one-time codes -----------------------------------------------------------------------------------------
    async putVerificationCode(record: VerificationCodeRecord) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: { pk: reqPk(record.requestId), sk: 'OTP', type: 'otp', ...clean(record), ...ttl('codes') },
            ConditionExpression: 'attribute_not_exists(pk) OR #round < :round',
            ExpressionAttributeNames: { '#round': 'round' },
            ExpressionAttributeValues: { ':round': record.round },
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    async getVerificationCode(requestId) {
      const res = await client.send(
        new GetCommand({ TableName, Key: { pk: reqPk(requestId), sk: 'OTP' }, ConsistentRead: true }),
      );
      return res.Item ? stripKeys<VerificationCodeRecord>(res.Item) : undefined;
    },

    async countVerificationAttempt(requestId) {
      try {
        const res = await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: reqPk(requestId), sk: 'OTP' },
            UpdateExpression: 'ADD attempts :one',
            ConditionExpression: 'attribute_exists(pk) AND attempts < maxAttempts',
            ExpressionAttributeValues: { ':one': 1 },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return Number(res.Attributes?.['attempts']);
      } catch (err) {
        if (conditionFailed(err)) return undefined;
        throw err;
      }
    },

    async takeRateToken(bucket, limit, expiresAt) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: `RATE#${bucket}`, sk: 'RATE' },
            UpdateExpression: 'ADD taken :one SET #ttl = if_not_exists(#ttl, :ttl)',
            ConditionExpression: 'attribute_not_exists(taken) OR taken < :limit',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':ttl': Math.ceil(expiresAt.getTime() / 1000) },
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailed(err)) return false;
        throw err;
      }
    },

    async putSmsRoute(phoneHash, requestId, expiresAt) {
      await client.send(
        new PutCommand({
          TableName,
          Item: {
            pk: `SMSTO#${phoneHash}`,
            sk: reqPk(requestId),
            requestId,
            expiresAt: expiresAt.toISOString(),
            sentAt: now(),
            ttl: Math.ceil(expiresAt.getTime() / 1000),
          },
        }),
      );
    },

    async listSmsRoutes(phoneHash, at) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `SMSTO#${phoneHash}` },
        ConsistentRead: true,
      });
      // TTL deletes late (up to days): expiry is checked here.
      return items
        .filter((i) => String(i['expiresAt']) > at.toISOString())
        .sort((a, b) => String(b['sentAt']).localeCompare(String(a['sentAt'])))
        .map((i) => String(i['requestId']));
    },

    // ---- retention of answered requests (policy/request-records.yaml) ------------------------------------------
    async listDuePurges(at) {
      const items = await queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :u',
        ExpressionAttributeValues: { ':p': 'PURGE', ':u': `${at}#~` },
      });
      return items.map((i) => stripKeys<PurgeMarker>(i)).filter((m) => m.dueAt !== undefined && m.dueAt <= at);
    },

    async putPurgeMarker(marker) {
      await client.send(new PutCommand({ TableName, Item: purgeItem(marker) }));
    },

    async clearVerificationCode(requestId) {
      // The hash and the masked destination go; DynamoDB's TTL drops the rest (locally it stays, empty).
      await client
        .send(
          new UpdateCommand({
            TableName,
            Key: { pk: reqPk(requestId), sk: 'OTP' },
            UpdateExpression: 'REMOVE codeHash, sentTo SET #ttl = :ttl',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':ttl': Math.floor(clock.now().getTime() / 1000) },
          }),
        )
        .catch((err: unknown) => {
          if (!conditionFailed(err)) throw err;
        });
    },

    async purgeLetters(requestId) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :l)',
        ExpressionAttributeValues: { ':pk': reqPk(requestId), ':l': 'LETTER#' },
        ConsistentRead: true,
      });
      const empty = await cipher.seal(JSON.stringify({ to: [], subject: '', text: '' }));
      for (const i of items.filter((x) => x['purgedAt'] === undefined))
        await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: i['pk'], sk: i['sk'] },
            UpdateExpression: 'SET sealed = :s, purgedAt = :at',
            ExpressionAttributeValues: { ':s': empty, ':at': now() },
          }),
        );
      return items.length;
    },

    async forgetSubjectHash(requestId) {
      reads?.meta.delete(requestId);
      await client.send(
        new UpdateCommand({
          TableName,
          Key: { pk: reqPk(requestId), sk: 'META' },
          UpdateExpression: 'REMOVE subjectHash, gsi2pk, gsi2sk',
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    },

    forInvocation() {
      return buildStore(options, heads, { meta: new Map(), steps: new Map(), tasks: new Map() });
    },
  };
  return store;
}
