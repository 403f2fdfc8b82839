// `npm start` in-process: DynamoDB Local, the table, the sample company, the local adapters, the workflow engine
// over the real ASL, the timer loop, SMTP intake and the HTTP API — and a clean stop. Tests call startRuntime()
// directly (free ports, temp data dir, a clock they can move); cli/commands/start.ts wraps it for people.

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { redactText } from '../../domain/identity/index.ts';
import type { StepDeps } from '../../functions/shared/deps.ts';
import type { Clock } from '../../functions/shared/ports.ts';
import { createTable } from '../../functions/shared/store/table.ts';
import { DEFAULT_TABLE_NAME } from '../../functions/shared/table-schema.ts';
import { currentCalendar } from '../../functions/sweep/calendar.ts';
import { recomputeProvisionalDeadlines } from '../../functions/sweep/recompute.ts';
import { fireDueTimers, runSweep } from '../../functions/sweep/sweep.ts';
import { createFileEvidenceVault, evidenceDir } from './adapters/file-evidence-vault.ts';
import { createFsBlobStore } from './adapters/fs-blob-store.ts';
import { createLocalCipher } from './adapters/local-cipher.ts';
import { loadOrCreateLocalKey } from './adapters/local-key.ts';
import { createLocalPartnerSecrets } from './adapters/local-partner-secrets.ts';
import { createLocalScheduler } from './adapters/local-scheduler.ts';
import { createOutboxMailer, type OutboxMailer } from './adapters/outbox-mailer.ts';
import { ensureConsoleBuilt } from './console-build.ts';
import {
  type Credentials,
  createPasswordVerifier,
  createTokenVerifier,
  credentialsPath,
  loadOrCreateCredentials,
} from './credentials.ts';
import { localDynamoClients } from './dynamo-client.ts';
import { type DynamoDbLocal, freePort, startDynamoDbLocal } from './dynamodb-local.ts';
import type { Engine, EngineLogger, StepLike } from './engine.ts';
import { startHttpListener } from './http.ts';
import { forgetJvm, recordJvm, requireJava17, stopLeftoverJvm } from './java-process.ts';
import { withResolvers } from './polyfill.ts';
import { startSmtpIntake } from './smtp.ts';
import { type LocalSystem, type WireInput, wireSystem } from './system.ts';
import { createTimerLoop, type TimerLoop } from './timer-loop.ts';

export interface RuntimeOptions {
  dataDir?: string;
  /** HTTP port (0 = any free port). Default PORT or 8787. */
  port?: number;
  /** SMTP port (0 = any free port). Default SMTP_PORT or 2525. */
  smtpPort?: number;
  host?: string;
  /** The clock every part reads; tests pass a movable one. */
  clock?: Clock;
  timerIntervalMs?: number;
  /** Enables POST /api/_test/clock (admin only) to move a spawned runtime's clock. */
  testClock?: boolean;
  /** Retry intervals in ms by state name (tests); AWS intervals otherwise. */
  retryIntervalOverrides?: Record<string, number | number[]>;
  sampleCustomers?: number;
  /** Tests only: replace the step of a Task state (fault injection). */
  stepOverrides?: Record<string, StepLike<StepDeps>>;
  /** Tests only: the company as the steps reach it, given the sample company (a connector over HTTP, faults). */
  company?: WireInput['company'];
  /**
   * The engine's bounds: executions moving at once (FIFO admission) and step handlers at once. Defaults 32 and 8
   * (RIGHTSFLOW_MAX_EXECUTIONS, RIGHTSFLOW_MAX_STEPS): on 2 cores more only queues inside the DynamoDB client.
   */
  maxActiveExecutions?: number;
  maxConcurrentSteps?: number;
  /**
   * Benchmarks only: DynamoDB Local keeps its tables in memory, so nothing survives a stop. Filling 100k rows on disk
   * (an fsync per item) takes DynamoDB Local minutes on 2 cores; in memory, seconds.
   */
  dynamoInMemory?: boolean;
  /** Benchmarks: the DynamoDB client (to add counting middleware) and the engine's step observer. */
  instrument?: {
    dynamo?(client: DynamoDBClient): void;
    steps?: WireInput['engineObserver'];
  };
  /** Serve the staff console (built first when its sources changed); `npm start` and the browser tests do. */
  console?: boolean;
  log?: (line: string) => void;
}

export interface RuntimeHandle {
  dataDir: string;
  urls: { http: string; smtp: string };
  ports: { http: number; smtp: number; dynamodb: number };
  pids: { node: number; java?: number };
  credentials: Credentials;
  credentialsCreated: boolean;
  credentialsFile: string;
  clock: Clock;
  engine: Engine;
  outbox: OutboxMailer;
  timers: TimerLoop;
  system: LocalSystem;
  /** Milliseconds from startRuntime() to /health answering 200. */
  startupMs: number;
  /** Ids re-driven on start (requests left open by the previous run). */
  redriven: string[];
  stop(): Promise<void>;
}

/** A clock that tests (or POST /api/_test/clock) can set; it keeps running from where it was set. */
export function createMovableClock(start?: Date): Clock & { set(at: Date): void; advance(ms: number): void } {
  let offset = start ? start.getTime() - Date.now() : 0;
  return {
    now: () => new Date(Date.now() + offset),
    set(at) {
      offset = at.getTime() - Date.now();
    },
    advance(ms) {
      offset += ms;
    },
  };
}

async function subjectHashSalt(dataDir: string): Promise<string> {
  const file = join(dataDir, 'keys', 'subject-hash.salt');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const salt = randomBytes(32).toString('base64url');
    await writeFile(file, salt + '\n', { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    return (await readFile(file, 'utf8')).trim();
  }
}

/**
 * The local stand-in for the SMS gateway's signing secret (`DATA_DIR/keys/sms-gateway.secret`, mode 0600): a
 * program posting signed SMS replies to POST /sms-inbound plays the gateway.
 */
async function smsGatewaySecret(dataDir: string): Promise<string> {
  const file = join(dataDir, 'keys', 'sms-gateway.secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    await writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    return (await readFile(file, 'utf8')).trim();
  }
}

function jvmAlive(pid: number | undefined): boolean {
  if (!pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function envPort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name}=${raw} is not a port number`);
  return n;
}

function envCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}=${raw} is not a positive whole number`);
  return n;
}

export async function startRuntime(options: RuntimeOptions = {}): Promise<RuntimeHandle> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir ?? process.env['DATA_DIR'] ?? '.rightsflow');
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? (options.testClock ? createMovableClock() : { now: () => new Date() });
  const phase = (name: string) => log(`${name} (${Math.round(performance.now() - started)} ms)`);
  // Redacted here too: the engine and the timer loop log error messages, which may quote what a step was given.
  const line = (level: string, m: string, d?: Record<string, unknown>) =>
    log(redactText(`${level}: ${m} ${d ? JSON.stringify(d) : ''}`.trimEnd()));
  const engineLog: EngineLogger = {
    info: (m, d) => line('info', m, d),
    warn: (m, d) => line('warn', m, d),
    error: (m, d) => line('error', m, d),
  };
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  let ready = false;
  let timers: TimerLoop | undefined;

  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
    cleanups.length = 0;
  };

  try {
    // Ports first: a taken port is reported at once, before a JVM is started.
    const http = await startHttpListener({ port: options.port ?? envPort('PORT', 8787), host });
    cleanups.push(() => http.close());
    let deliver: ((raw: Uint8Array) => Promise<void>) | undefined;
    const { promise: readyForMail, resolve: mailReady, reject: mailRefused } = withResolvers<void>();
    readyForMail.catch(() => undefined);
    cleanups.push(async () => mailRefused(new Error('the runtime did not start')));
    const smtp = await startSmtpIntake({
      host,
      port: options.smtpPort ?? envPort('SMTP_PORT', 2525),
      async onMessage(raw) {
        await readyForMail;
        await deliver!(raw);
      },
      onError: (error) => log(`smtp: ${error.name}: ${redactText(error.message)}`),
    });
    cleanups.push(() => smtp.close());

    // The console builds while DynamoDB Local starts (the JVM waits on its own port, not on us).
    const consoleBuild = options.console ? ensureConsoleBuilt(log) : Promise.resolve(undefined);
    consoleBuild.catch(() => undefined);
    cleanups.push(async () => void (await consoleBuild.catch(() => undefined)));
    await requireJava17();
    const leftover = await stopLeftoverJvm(dataDir);
    if (leftover) log(`stopped DynamoDB Local (pid ${leftover}) left behind by a previous run`);
    const db: DynamoDbLocal = await startDynamoDbLocal({
      ...(options.dynamoInMemory ? {} : { dbPath: join(dataDir, 'dynamodb') }),
      port: await freePort(),
    });
    await recordJvm(dataDir, db.pid);
    phase(`DynamoDB Local up on port ${db.port}`);
    cleanups.push(async () => {
      await db.stop();
      await forgetJvm(dataDir);
    });
    const { client, doc } = localDynamoClients(db.endpoint);
    options.instrument?.dynamo?.(client);
    cleanups.push(async () => client.destroy());
    const tableName = DEFAULT_TABLE_NAME;
    await createTable(client, tableName);
    phase('table ready');

    const key = await loadOrCreateLocalKey(dataDir);
    const cipher = createLocalCipher(key);
    const blobs = createFsBlobStore({ dir: join(dataDir, 'blobs'), key });
    const evidence = createFileEvidenceVault(evidenceDir(dataDir));
    const outbox = createOutboxMailer({ client: doc, tableName, cipher, clock });
    const scheduler = createLocalScheduler({ client: doc, tableName });
    const { credentials, created } = await loadOrCreateCredentials(dataDir);
    const verifyToken = createTokenVerifier(credentials);
    const consoleAssets = await consoleBuild;

    const system = await wireSystem({
      doc,
      tableName,
      cipher,
      blobs,
      evidence,
      outbox,
      scheduler,
      clock,
      verifyToken,
      verifyPassword: createPasswordVerifier(credentials),
      ...(consoleAssets ? { consoleAssetsDir: consoleAssets.dir } : {}),
      subjectHashSalt: await subjectHashSalt(dataDir),
      smsGatewaySecret: await smsGatewaySecret(dataDir),
      partnerSecrets: createLocalPartnerSecrets(dataDir),
      partnerAckBaseUrl: `http://${host}:${http.port}/partner-ack/`,
      sampleCustomers: options.sampleCustomers ?? Number(process.env['RIGHTSFLOW_SAMPLE_CUSTOMERS'] ?? 50),
      engineLogger: engineLog,
      ...(options.retryIntervalOverrides ? { retryIntervalOverrides: options.retryIntervalOverrides } : {}),
      ...(options.testClock ? { testClock: clock } : {}),
      ...(options.stepOverrides ? { stepOverrides: options.stepOverrides } : {}),
      ...(options.company ? { company: options.company } : {}),
      concurrency: {
        maxActiveExecutions: options.maxActiveExecutions ?? envCount('RIGHTSFLOW_MAX_EXECUTIONS', 32),
        maxConcurrentSteps: options.maxConcurrentSteps ?? envCount('RIGHTSFLOW_MAX_STEPS', 8),
      },
      ...(options.instrument?.steps ? { engineObserver: options.instrument.steps } : {}),
      onClockMoved: async () => timers?.tick(),
      // Ready, and DynamoDB Local's JVM still runs (a JVM that died makes every request fail).
      health: () => ready && jvmAlive(db.pid),
    });
    const { engine } = system;
    phase('workflow, intake and API wired');
    cleanups.push(() => engine.stop());

    const loop = createTimerLoop({
      clock,
      fireDueTasks: (now) => fireDueTimers(system.deps, now),
      // A schedule operations loaded into policy/holidays.yaml is used from the next sweep on.
      sweep: async () => runSweep(system.deps, { calendar: await currentCalendar(system.deps) }),
      scheduler,
      onSchedule: system.onSchedule,
      intervalMs: options.timerIntervalMs ?? 5_000,
      logger: engineLog,
    });
    timers = loop;
    cleanups.push(() => loop.stop());

    deliver = system.receiveMail;
    mailReady();
    http.setHandler(system.fetch);

    // A schedule loaded while we were stopped fixes provisional deadlines before anything else reads them.
    await recomputeProvisionalDeadlines(system.deps, { calendar: await currentCalendar(system.deps) });

    // Re-drive what the previous run left open: steps skip what is recorded, waits re-register their tokens.
    const redriven = await system.store.listOpenRequestIds();
    for (const id of redriven) await engine.start(id);
    // Ready means the re-driven executions have re-registered their waits (or finished), so a callback sent
    // right after /health is 200 finds the current token.
    const settleBy = performance.now() + 20_000;
    while (redriven.length && !engine.quiescent() && performance.now() < settleBy) {
      await new Promise((r) => setTimeout(r, 20));
    }
    if (redriven.length) phase(`re-drove ${redriven.length} open request(s)`);
    loop.start();
    ready = true;

    const startupMs = Math.round(performance.now() - started);
    const handle: RuntimeHandle = {
      dataDir,
      urls: { http: `http://${host}:${http.port}`, smtp: `smtp://${host}:${smtp.port}` },
      ports: { http: http.port, smtp: smtp.port, dynamodb: db.port },
      pids: { node: process.pid, ...(db.pid ? { java: db.pid } : {}) },
      credentials,
      credentialsCreated: created,
      credentialsFile: credentialsPath(dataDir),
      clock,
      engine,
      outbox,
      timers: loop,
      system,
      startupMs,
      redriven,
      async stop() {
        ready = false;
        // Inputs first (no new mail or calls), then the loops and executions, then Java last.
        await smtp.close().catch(() => undefined);
        await http.close().catch(() => undefined);
        await cleanup();
      },
    };
    return handle;
  } catch (error) {
    await cleanup();
    throw error;
  }
}
