// Wires rightsflow's own parts over the local adapters: the store, the sample company, the step deps, the
// workflow engine over the rendered ASL (never a copy), the intake service and the API router.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { calendarFor } from '../../domain/calendar/files.ts';
import { loadPolicy } from '../../domain/policy/load.ts';
import { storeExpiryDays } from '../../domain/request/retention.ts';
import { createApiApp } from '../../functions/api/app.ts';
import { bearerAuthenticator, type Principal } from '../../functions/api/auth.ts';
import { step as deferredDeletion } from '../../functions/deferred-deletion/step.ts';
import { step as fireTimer } from '../../functions/fire-timer/step.ts';
import { createIntakeService } from '../../functions/intake/service.ts';
import { noMetrics, type StepDeps, type StepLogger } from '../../functions/shared/deps.ts';
import { redactingLogger } from '../../functions/shared/logger.ts';
import type {
  BlobStore,
  Clock,
  CompanyDataSource,
  EvidenceVault,
  FieldCipher,
  PartnerSecrets,
} from '../../functions/shared/ports.ts';
import { runStep, type Step } from '../../functions/shared/step.ts';
import { createDynamoStore } from '../../functions/shared/store/dynamo-store.ts';
import type { WorkflowStore } from '../../functions/shared/store/workflow-store.ts';
import { renderAsl } from '../../workflows/render.ts';
import { WORKFLOW_STEPS } from '../../workflows/steps.ts';
import type { DueSchedule, LocalScheduler } from './adapters/local-scheduler.ts';
import type { OutboxMailer } from './adapters/outbox-mailer.ts';
import { SampleCompany } from './company/sample-company.ts';
import { seedSampleCompany } from './company/seed.ts';
import { createEngine, type Engine, type EngineLogger, type EngineOptions, type StepLike } from './engine.ts';
import type { FetchHandler } from './http.ts';

export interface LocalSystem {
  store: WorkflowStore;
  engine: Engine;
  deps: StepDeps;
  fetch: FetchHandler;
  receiveMail(raw: Uint8Array): Promise<void>;
  onSchedule(due: DueSchedule): Promise<void>;
}

export interface WireInput {
  doc: DynamoDBDocumentClient;
  tableName: string;
  cipher: FieldCipher;
  blobs: BlobStore;
  /** Append-only evidence outside the table (DATA_DIR/evidence). */
  evidence: EvidenceVault;
  outbox: OutboxMailer;
  scheduler: LocalScheduler;
  clock: Clock;
  verifyToken(token: string | undefined): Principal | undefined;
  /** Console sign-in with the local users' passwords (POST /api/session). */
  verifyPassword?(user: string, password: string): Principal | undefined;
  /** The built console (web/dist); absent = the API serves a "not built" page at /. */
  consoleAssetsDir?: string;
  subjectHashSalt: string;
  /** The secrets agreed with each partner (local: generated under DATA_DIR/keys). */
  partnerSecrets?: PartnerSecrets;
  /** Signs SMS replies posted to POST /sms-inbound (the local stand-in for the company's SMS gateway). */
  smsGatewaySecret?: string;
  partnerAckBaseUrl: string;
  sampleCustomers: number;
  engineLogger: EngineLogger;
  retryIntervalOverrides?: Record<string, number | number[]>;
  /** When set, POST /api/_test/clock (admin) moves this clock: spawned-process tests only. */
  testClock?: Clock;
  /** Called after the test clock moved (fires what became due). */
  onClockMoved?(): Promise<unknown>;
  health(): boolean;
  /** Tests only: replace the step of a Task state (fault injection). */
  stepOverrides?: Record<string, StepLike<StepDeps>>;
  /** Tests only: the company as the steps reach it, given the sample company (a connector over HTTP, faults). */
  company?(sample: CompanyDataSource): CompanyDataSource;
  /** The engine's bounds (infra/local/engine.ts); absent = unbounded. */
  concurrency?: { maxActiveExecutions?: number; maxConcurrentSteps?: number };
  /** Benchmarks: told of every step handler run. */
  engineObserver?: EngineOptions<StepDeps>['observer'];
}

/** The step of every Task state, loaded from functions/<fn>/step.ts as the Lambda entry does. */
export async function loadSteps(
  overrides: Record<string, StepLike<StepDeps>> = {},
): Promise<Record<string, StepLike<StepDeps>>> {
  const steps: Record<string, StepLike<StepDeps>> = { ...overrides };
  for (const [state, { fn }] of Object.entries(WORKFLOW_STEPS)) {
    if (steps[state]) continue;
    const { step } = (await import(`../../functions/${fn}/step.ts`)) as { step: Step };
    // runStep parses, logs (redacted) and keeps the error's name, exactly as the Lambda entry does.
    steps[state] = { input: { parse: (payload) => payload }, run: (payload, deps) => runStep(step, payload, deps) };
  }
  return steps;
}

/** The local log: info (one line per workflow step and HTTP request), warnings and errors; debug is dropped. */
function consoleLogger(log: EngineLogger): StepLogger {
  const fmt = (attrs: unknown[]) => (attrs.length ? (attrs as Record<string, unknown>[]) : [])[0];
  return redactingLogger({
    debug: () => undefined,
    info: (m, ...a) => log.info(m, fmt(a) as Record<string, unknown> | undefined),
    warn: (m, ...a) => log.warn(m, fmt(a)),
    error: (m, ...a) => log.error(m, fmt(a) as Record<string, unknown> | undefined),
  });
}

export async function wireSystem(input: WireInput): Promise<LocalSystem> {
  const { doc, tableName, clock } = input;
  const policy = loadPolicy();
  // DynamoDB Local keeps `ttl` but deletes nothing: the sweep's purge (functions/retention) empties what matters.
  const store = createDynamoStore({
    client: doc,
    tableName,
    cipher: input.cipher,
    clock,
    expiryDays: storeExpiryDays(policy.requestRecords),
  });
  await seedSampleCompany(doc, tableName, { customers: input.sampleCustomers, seed: 20261125 });
  const sample = new SampleCompany({ client: doc, tableName, clock });
  const company = input.company ? input.company(sample) : sample;
  const calendar = calendarFor();
  const logger = consoleLogger(input.engineLogger);
  const contacts = policy.contacts as { privacyEmail?: string };
  const sender = contacts.privacyEmail ?? 'privacy@lianlianpay.com';

  let engine: Engine | undefined;
  const deps: StepDeps = {
    store,
    mailer: input.outbox,
    sms: input.outbox.sms,
    ...(input.partnerSecrets ? { partnerSecrets: input.partnerSecrets } : {}),
    blobs: input.blobs,
    cipher: input.cipher,
    clock,
    scheduler: input.scheduler,
    callbacks: {
      succeed: (token, output) => engine!.callbacks.succeed(token, output),
      fail: (token, error, cause) => engine!.callbacks.fail(token, error, cause),
    },
    starter: { start: (id) => engine!.start(id) },
    company,
    evidence: input.evidence,
    policy,
    calendar,
    logger,
    metrics: noMetrics,
    config: {
      senderAddress: sender,
      privacyOfficerEmail: sender,
      partnerAckBaseUrl: input.partnerAckBaseUrl,
      subjectHashSalt: input.subjectHashSalt,
    },
  };
  engine = createEngine<StepDeps>({
    asl: renderAsl(),
    steps: await loadSteps(input.stepOverrides),
    deps: () => deps,
    logger: input.engineLogger,
    ...(input.retryIntervalOverrides ? { retryIntervalOverrides: input.retryIntervalOverrides } : {}),
    ...input.concurrency,
    ...(input.engineObserver ? { observer: input.engineObserver } : {}),
  });

  const intake = createIntakeService({
    store,
    blobs: input.blobs,
    cipher: input.cipher,
    mailer: input.outbox,
    clock,
    policy,
    calendar,
    logger,
    senderAddress: sender,
    subjectHashSalt: input.subjectHashSalt,
    officer: {
      privacyOfficerEmail: deps.config.privacyOfficerEmail,
      consoleUrl: deps.config.consoleUrl,
    },
    startWorkflow: (id: string) => engine!.start(id),
    // A code the person mailed back in reply to our verification mail counts as typing it in.
    onVerificationCode: async (id, code) => {
      const { verifyCode } = await import('../../functions/request-verification/operations.ts');
      await verifyCode(deps, id, code);
    },
  });

  const api = createApiApp({
    ...deps,
    authenticate: bearerAuthenticator(input.verifyToken),
    ...(input.verifyPassword ? { passwordSignIn: input.verifyPassword } : {}),
    ...(input.consoleAssetsDir ? { consoleAssetsDir: input.consoleAssetsDir } : {}),
    health: () => input.health(),
    outbox: { list: (query) => input.outbox.listOutbox(query) },
    ...(input.smsGatewaySecret ? { smsGatewaySecret: input.smsGatewaySecret } : {}),
  });

  const fetch: FetchHandler = async (request) => {
    const url = new URL(request.url);
    if (input.testClock && url.pathname === '/api/_test/clock') return testClockRoute(request, input);
    return api.fetch(request);
  };

  return {
    store,
    engine,
    deps,
    fetch,
    async receiveMail(raw) {
      // Read before any await: the deadline runs from when the mail arrived.
      await intake.receiveRawEmail(raw, { source: 'smtp', receivedAt: deps.clock.now() });
    },
    async onSchedule(due) {
      // A hold has ended (ScheduleDeferredDeletions): the same step EventBridge Scheduler invokes in AWS re-checks
      // retention, erases what is free and re-schedules what a newer transaction still holds.
      const p = due.payload as { requestId?: string; kind?: string };
      // A waiting step's timer (functions/shared/timers.ts): the step EventBridge Scheduler invokes in AWS.
      if (p.kind === 'timer') {
        await runStep(fireTimer, due.payload, deps);
        return;
      }
      if (p.kind === 'deferred_deletion') {
        await runStep(deferredDeletion, due.payload, deps);
        return;
      }
      if (p.requestId)
        await store.appendEvent(p.requestId, {
          type: 'schedule_fired',
          actor: 'system',
          data: { schedule: due.name, at: due.at },
        });
    },
  };
}

/** GET → the runtime's time; POST {at} or {advanceMs} (admin) → moves it. Only with RIGHTSFLOW_TEST_CLOCK=1. */
export async function testClockRoute(
  request: Request,
  input: Pick<WireInput, 'verifyToken' | 'testClock' | 'onClockMoved'>,
): Promise<Response> {
  const auth = request.headers.get('authorization') ?? '';
  const principal = input.verifyToken(/^Bearer\s+(\S+)$/i.exec(auth)?.[1]);
  if (!principal)
    return Response.json(
      { error: { code: 'unauthorized', message: 'a valid bearer token is required' } },
      { status: 401 },
    );
  if (!principal.roles.includes('admin'))
    return Response.json({ error: { code: 'forbidden', message: 'admin only' } }, { status: 403 });
  const clock = input.testClock as Clock & { set?(at: Date): void; advance?(ms: number): void };
  if (request.method === 'POST') {
    const body = (await request.json().catch(() => ({}))) as { at?: string; advanceMs?: number };
    if (body.at && clock.set) clock.set(new Date(body.at));
    else if (typeof body.advanceMs === 'number' && clock.advance) clock.advance(body.advanceMs);
    else return Response.json({ error: { code: 'bad_request', message: 'give {at} or {advanceMs}' } }, { status: 400 });
    await input.onClockMoved?.();
  }
  return Response.json({ now: clock.now().toISOString() });
}
