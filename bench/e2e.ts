// End-to-end throughput on the local runtime, in this process: a mixed batch of requests through the HTTP API
// (hotline calls verified on the call, some for the privacy officer to review) and through SMTP (mail verified by the
// SMS code sent to the phone on file), counted as they run: DynamoDB calls by an SDK middleware on the runtime's
// client, state transitions from the interpreter's event log, handler time from the engine's step observer.
// The bench's own look-ups (finding a request id, reading the results) run marked and are not counted.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import nodemailer from 'nodemailer';
import { DEMO_HELD } from '../infra/local/company/demo-customers.ts';
import { makeResidentId, prng } from '../infra/local/company/fake-identifiers.ts';
import { answeredAlone, generateSampleCompany } from '../infra/local/company/generate.ts';
import { startRuntime } from '../infra/local/runtime.ts';

const benchOwn = new AsyncLocalStorage<true>();
const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);

export interface DynamoCounts {
  reads: number;
  writes: number;
  /** Write request units at on-demand pricing: 1 per KB per item, 2 per KB in a transaction. */
  writeUnits: number;
  /** Read request units: strongly consistent 1 per 4 KB (one per call as an estimate; Query pages counted once). */
  readUnits: number;
  byCommand: Record<string, number>;
  scans: number;
  /**
   * Calls of the sample company (infra/local/company: the stand-in for the company's own systems, items `CUST…`),
   * which shares DynamoDB Local here. In AWS they are the connector's HTTP calls to the company, not rightsflow's
   * table: counted apart, left out of reads/writes and of the cost.
   */
  company: { reads: number; writes: number };
}

export const emptyCounts = (): DynamoCounts => ({
  reads: 0,
  writes: 0,
  writeUnits: 0,
  readUnits: 0,
  byCommand: {},
  scans: 0,
  company: { reads: 0, writes: 0 },
});

function itemUnits(item: unknown): number {
  return Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(item ?? {})) / 1024));
}

/** The partition keys a call touches (marshalled or not: the middleware sits before the document client's marshalling). */
function partitionKeys(input: Record<string, unknown>): unknown[] {
  const pkOf = (x: unknown) => (x as { pk?: unknown } | undefined)?.pk;
  const keys: unknown[] = [];
  for (const k of ['Key', 'Item']) if (input[k]) keys.push(pkOf(input[k]));
  const values = input['ExpressionAttributeValues'] as Record<string, unknown> | undefined;
  if (input['KeyConditionExpression']) keys.push(values?.[':pk']);
  for (const t of (input['TransactItems'] as Record<string, { Item?: unknown; Key?: unknown }>[]) ?? []) {
    const op = Object.values(t)[0];
    keys.push(pkOf(op?.Item ?? op?.Key));
  }
  for (const reqs of Object.values((input['RequestItems'] as Record<string, unknown>) ?? {})) {
    if (Array.isArray(reqs))
      for (const r of reqs as { PutRequest?: { Item?: unknown }; DeleteRequest?: { Key?: unknown } }[])
        keys.push(pkOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key));
    else for (const key of (reqs as { Keys?: unknown[] }).Keys ?? []) keys.push(pkOf(key));
  }
  // A marshalled attribute value ({S: "…"}) or a plain string.
  return keys.map((k) => (k && typeof k === 'object' && 'S' in k ? (k as { S: unknown }).S : k));
}
const isCompanyCall = (input: Record<string, unknown>) => {
  const pks = partitionKeys(input);
  return pks.length > 0 && pks.every((pk) => typeof pk === 'string' && pk.startsWith('CUST'));
};

/** Counts every DynamoDB call made outside the bench's own look-ups. */
export function countDynamo(client: DynamoDBClient, counts: DynamoCounts, on: () => boolean = () => true): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (on() && !benchOwn.getStore()) {
        const name = String((context as { commandName?: string }).commandName ?? 'unknown');
        counts.byCommand[name] = (counts.byCommand[name] ?? 0) + 1;
        const input = args.input as Record<string, unknown>;
        if (name === 'ScanCommand') counts.scans++;
        if (isCompanyCall(input)) {
          if (READS.has(name)) counts.company.reads++;
          else counts.company.writes++;
        } else if (READS.has(name)) {
          counts.reads++;
          counts.readUnits++;
        } else {
          counts.writes++;
          if (name === 'TransactWriteItemsCommand') {
            for (const t of (input['TransactItems'] as Record<string, { Item?: unknown; Key?: unknown }>[]) ?? []) {
              const op = Object.values(t)[0];
              counts.writeUnits += 2 * itemUnits(op?.Item ?? op?.Key);
            }
          } else if (name === 'BatchWriteItemCommand') {
            for (const reqs of Object.values((input['RequestItems'] as Record<string, unknown[]>) ?? {}))
              counts.writeUnits += reqs.length;
          } else counts.writeUnits += itemUnits(input['Item'] ?? input['Key']);
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'rightsflowBenchCounter' },
  );
}

export interface E2eOptions {
  requests: number;
  /** Concurrent clients (hotline agents, mail senders). */
  clients: number;
}

export interface E2eResult {
  requestsProcessed: number;
  byPath: Record<string, number>;
  outcomes: Record<string, number>;
  e2eRequestsPerSecond: number;
  e2eSeconds: number;
  e2eP50Seconds: number;
  e2eP95Seconds: number;
  apiCreatePerSecond: number;
  apiCreateP50Ms: number;
  apiCreateP95Ms: number;
  stateTransitionsPerRequest: number;
  lambdaInvocationsPerRequest: number;
  dynamoReadsPerRequest: number;
  dynamoWritesPerRequest: number;
  dynamo: DynamoCounts;
  /** Milliseconds inside workflow step handlers per request, and their count (Lambda GB-seconds). */
  handlerMsPerRequest: number;
  stepsPerRequest: Record<string, number>;
  apiCallsPerRequest: number;
  emailsInPerRequest: number;
  mailsOutPerRequest: number;
  smsOutPerRequest: number;
  notFinished: string[];
  duplicateSends: number;
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) : 0;
const round = (n: number, d = 2) => Number(n.toFixed(d));

type Job = { path: 'hotline_unknown' | 'hotline_customer' | 'email_code' | 'officer_review'; i: number };

export async function runE2e(options: E2eOptions): Promise<E2eResult> {
  const N = options.requests;
  const rand = prng(20261128);
  const jobs: Job[] = [];
  for (let i = 0; i < N; i++) {
    const r = rand();
    const path: Job['path'] =
      r < 0.55 ? 'hotline_unknown' : r < 0.75 ? 'hotline_customer' : r < 0.97 ? 'email_code' : 'officer_review';
    jobs.push({ path, i });
  }
  const customersNeeded = jobs.filter((j) => j.path === 'hotline_customer' || j.path === 'email_code').length;
  // Customers the workflow answers alone: the AML-held demo customer would wait for a review no job decides (the
  // officer_review jobs are hers, and decided).
  const customers = generateSampleCompany({ customers: customersNeeded, seed: 20261125 }).filter(
    (c) => answeredAlone(c) && c.contact.phone,
  );

  const counts = emptyCounts();
  const stepMs: number[] = [];
  const stepsByState: Record<string, number> = {};
  const dataDir = await mkdtemp(join(tmpdir(), 'rf-bench-e2e-'));
  let counting = false;
  const rt = await startRuntime({
    dataDir,
    port: 0,
    smtpPort: 0,
    sampleCustomers: customersNeeded,
    timerIntervalMs: 1_000,
    instrument: {
      // Start-up (table, seeding the sample company) is not the requests' work.
      dynamo: (client) => countDynamo(client, counts, () => counting),
      steps: {
        stepRan(state, ms) {
          stepMs.push(ms);
          stepsByState[state] = (stepsByState[state] ?? 0) + 1;
        },
      },
    },
  });
  try {
    // Taps on the outbox (the local mail and SMS ports): which request an address's acknowledgement names, and the
    // code texted for a request. The person reads these; the bench reads them here instead of polling the outbox.
    const waiting = new Map<string, (v: string) => void>();
    const early = new Map<string, string>();
    const await_ = (key: string) =>
      new Promise<string>((resolve) => {
        const v = early.get(key);
        if (v !== undefined) resolve(v);
        else waiting.set(key, resolve);
      });
    const settle = (key: string, value: string) => {
      const w = waiting.get(key);
      if (w) {
        waiting.delete(key);
        w(value);
      } else early.set(key, value);
    };
    const sentKeys = new Map<string, number>();
    let mailsOut = 0;
    let smsOut = 0;
    const mailSend = rt.outbox.send.bind(rt.outbox);
    rt.outbox.send = async (mail) => {
      const res = await mailSend(mail);
      mailsOut++;
      sentKeys.set(mail.key, (sentKeys.get(mail.key) ?? 0) + 1);
      if (mail.kind === 'ack' && mail.requestId) for (const to of mail.to) settle(`ack:${to}`, mail.requestId);
      return res;
    };
    const smsSend = rt.outbox.sms.send.bind(rt.outbox.sms);
    rt.outbox.sms.send = async (sms) => {
      const res = await smsSend(sms);
      smsOut++;
      sentKeys.set(`sms:${sms.key}`, (sentKeys.get(`sms:${sms.key}`) ?? 0) + 1);
      const code = /\b(\d{6})\b/.exec(sms.text)?.[1];
      if (sms.kind === 'verification_code' && sms.requestId && code) settle(`code:${sms.requestId}`, code);
      return res;
    };

    const tokens = rt.credentials;
    let apiCalls = 0;
    async function api(role: 'agent' | 'privacy_officer', method: string, path: string, body?: unknown) {
      apiCalls++;
      const res = await fetch(`${rt.urls.http}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens[role].token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
      return json;
    }
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: rt.ports.smtp,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 4,
    });

    const createMs: number[] = [];
    let firstCreate = Number.POSITIVE_INFINITY;
    let lastCreate = 0;
    const ids: { id: string; path: Job['path'] }[] = [];
    let nextCustomer = 0;
    const HOTLINE_RIGHTS = [['access'], ['explain'], ['withdraw_consent'], ['delete'], ['access', 'delete']];
    const checks = { name: true, idNumber: true, bankCard: true, phone: true };

    async function create(body: unknown): Promise<string> {
      const t0 = performance.now();
      firstCreate = Math.min(firstCreate, t0);
      const json = await api('agent', 'POST', '/api/requests', body);
      const t1 = performance.now();
      createMs.push(t1 - t0);
      lastCreate = Math.max(lastCreate, t1);
      return String((json['request'] as { id: string }).id);
    }

    async function run(job: Job): Promise<void> {
      const rights = HOTLINE_RIGHTS[job.i % HOTLINE_RIGHTS.length]!;
      if (job.path === 'hotline_unknown') {
        const idNumber = makeResidentId(
          '440305',
          `19${60 + (job.i % 40)}0${1 + (job.i % 9)}1${job.i % 10}`,
          job.i % 1000,
        );
        const phone = `137${String(10_000_000 + job.i).padStart(8, '0')}`;
        const id = await create({
          channel: 'hotline',
          rights,
          subject: { name: '测试', idNumber, phone },
          verifiedAtHotline: { checks },
        });
        ids.push({ id, path: job.path });
      } else if (job.path === 'hotline_customer') {
        const c = customers[nextCustomer++ % customers.length]!;
        const id = await create({
          channel: 'hotline',
          rights: job.i % 2 ? ['delete'] : ['access'],
          subject: { name: c.profile.name, idNumber: c.profile.idNumber, phone: c.contact.phone },
          verifiedAtHotline: { checks },
        });
        ids.push({ id, path: job.path });
      } else if (job.path === 'email_code') {
        const c = customers[nextCustomer++ % customers.length]!;
        const email = c.contact.email;
        const acked = await_(`ack:${email}`);
        await transport.sendMail({
          from: email,
          to: 'privacy@lianlianpay.com',
          subject: job.i % 2 ? '申请删除个人信息' : '查阅我的个人信息',
          text: `您好，我是${c.profile.name}，身份证号${c.profile.idNumber}，手机号${c.contact.phone}。${
            job.i % 2 ? '请删除我在贵公司的全部个人信息。' : '请告诉我贵公司持有我的哪些个人信息。'
          }`,
          messageId: `<bench-${job.i}@example.com>`,
        });
        const id = await acked;
        ids.push({ id, path: job.path });
        const code = await await_(`code:${id}`);
        await api('agent', 'POST', `/api/requests/${id}/verification`, { code });
      } else {
        const id = await create({
          channel: 'hotline',
          rights: ['delete'],
          subject: { name: DEMO_HELD.name, idNumber: DEMO_HELD.idNumber, phone: DEMO_HELD.phone },
          verifiedAtHotline: { checks },
        });
        ids.push({ id, path: job.path });
        // The officer decides once the request waits for review (the bench reads the status, uncounted).
        for (let n = 0; n < 600; n++) {
          const task = await benchOwn.run(true, () => rt.system.store.getTask(id, 'review'));
          if (task?.status === 'open') {
            await api('privacy_officer', 'POST', `/api/requests/${id}/review`, {
              decision: 'proceed',
              reasons: '已核实：依照法律、行政法规规定须继续保存的信息继续保存，其余按请求删除。',
            });
            return;
          }
          const r = await benchOwn.run(true, () => rt.system.store.getRequest(id));
          if (r && ['replied', 'closed', 'withdrawn', 'failed'].includes(r.status)) return;
          await new Promise((res) => setTimeout(res, 200));
        }
      }
    }

    counting = true;
    const started = performance.now();
    let cursor = 0;
    await Promise.all(
      Array.from({ length: options.clients }, async () => {
        while (cursor < jobs.length) await run(jobs[cursor++]!);
      }),
    );
    // Everything submitted: wait until no execution moves by itself any more (all replied, or parked on partners).
    const settleBy = performance.now() + 240_000;
    while (!rt.engine.quiescent() && performance.now() < settleBy) await new Promise((r) => setTimeout(r, 100));
    const wall = (performance.now() - started) / 1000;

    const requests = await benchOwn.run(true, () =>
      Promise.all(ids.map(async ({ id, path }) => ({ path, r: await rt.system.store.getRequest(id) }))),
    );
    const outcomes: Record<string, number> = {};
    const byPath: Record<string, number> = {};
    const automatic: number[] = [];
    let lastReply = 0;
    let firstReceived = Number.POSITIVE_INFINITY;
    const notFinished: string[] = [];
    for (const { path, r } of requests) {
      byPath[path] = (byPath[path] ?? 0) + 1;
      if (!r) continue;
      const key = `${r.status}${r.outcome ? `:${r.outcome}` : ''}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      firstReceived = Math.min(firstReceived, Date.parse(r.receivedAt));
      if (!r.repliedAt) notFinished.push(r.id);
      else {
        lastReply = Math.max(lastReply, Date.parse(r.repliedAt));
        if (path === 'hotline_unknown' || path === 'hotline_customer')
          automatic.push((Date.parse(r.repliedAt) - Date.parse(r.receivedAt)) / 1000);
      }
    }
    automatic.sort((a, b) => a - b);
    createMs.sort((a, b) => a - b);
    let transitions = 0;
    for (const { id } of ids)
      for (const ex of rt.engine.history(id))
        transitions += ex.events.filter((e) => e.type === 'StateEntered' || e.type === 'StateRetried').length;
    counting = false;
    const emailsIn = jobs.filter((j) => j.path === 'email_code').length;
    const stepsTotal = stepMs.length;
    transport.close();
    await rt.stop();
    await rm(dataDir, { recursive: true, force: true });

    const n = ids.length;
    const e2eSeconds = Math.max(0.001, (lastReply - firstReceived) / 1000) || wall;
    return {
      requestsProcessed: n - notFinished.length,
      byPath,
      outcomes,
      e2eRequestsPerSecond: round((n - notFinished.length) / e2eSeconds),
      e2eSeconds: round(e2eSeconds),
      e2eP50Seconds: round(pct(automatic, 0.5)),
      e2eP95Seconds: round(pct(automatic, 0.95)),
      apiCreatePerSecond: round(createMs.length / ((lastCreate - firstCreate) / 1000)),
      apiCreateP50Ms: round(pct(createMs, 0.5), 1),
      apiCreateP95Ms: round(pct(createMs, 0.95), 1),
      stateTransitionsPerRequest: round(transitions / n),
      // Every Task state runs a Lambda; so does every API call (the API function) and every mail in (intake).
      lambdaInvocationsPerRequest: round((stepsTotal + apiCalls + emailsIn) / n),
      dynamoReadsPerRequest: round(counts.reads / n),
      dynamoWritesPerRequest: round(counts.writes / n),
      dynamo: counts,
      handlerMsPerRequest: round(stepMs.reduce((a, b) => a + b, 0) / n),
      stepsPerRequest: Object.fromEntries(Object.entries(stepsByState).map(([k, v]) => [k, round(v / n)])),
      apiCallsPerRequest: round(apiCalls / n),
      emailsInPerRequest: round(emailsIn / n),
      mailsOutPerRequest: round(mailsOut / n),
      smsOutPerRequest: round(smsOut / n),
      notFinished,
      duplicateSends: [...sentKeys.values()].filter((v) => v > 1).length,
    };
  } catch (error) {
    // A failed run must not leave its DynamoDB Local JVM behind (it is not a child of this process's tree).
    await rt.stop().catch(() => undefined);
    throw error;
  }
}

/** Engine overhead: requests one at a time (no queueing), execution wall time over time inside the handlers. */
export async function runEngineOverhead(requests = 20): Promise<{ engineOverheadRatio: number; samples: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rf-bench-overhead-'));
  const inside = new Map<string, number>();
  const rt = await startRuntime({
    dataDir,
    port: 0,
    smtpPort: 0,
    sampleCustomers: 0,
    instrument: {
      steps: {
        stepRan(_state, ms, requestId) {
          if (requestId) inside.set(requestId, (inside.get(requestId) ?? 0) + ms);
        },
      },
    },
  });
  const ratios: number[] = [];
  try {
    for (let i = 0; i < requests + 3; i++) {
      const res = await fetch(`${rt.urls.http}/api/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${rt.credentials.agent.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          channel: 'hotline',
          rights: ['access'],
          subject: {
            name: '测试',
            idNumber: makeResidentId('310101', '19800101', 100 + i),
            phone: `1360000${1000 + i}`,
          },
          verifiedAtHotline: { checks: { name: true, idNumber: true, bankCard: true, phone: true } },
        }),
      });
      const id = ((await res.json()) as { request: { id: string } }).request.id;
      const ex = await rt.engine.settled(id);
      // The first three warm the JIT and DynamoDB Local; they are not counted.
      if (i < 3 || !ex?.endedAt) continue;
      const wall = Date.parse(ex.endedAt) - Date.parse(ex.startedAt);
      const ms = inside.get(id) ?? 0;
      if (ms > 0) ratios.push(wall / ms);
    }
  } finally {
    await rt.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  ratios.sort((a, b) => a - b);
  return { engineOverheadRatio: round(pct(ratios, 0.5)), samples: ratios.length };
}
