// The local workflow engine: aws-local-stepfunctions runs the ASL rendered from workflows/ with every Task state
// mapped (by state name, also inside Map/Parallel) to the same step the Lambda runs. `.waitForTaskToken` is
// emulated: a getter on the context's Task mints a token per evaluation of `$$.Task.Token`, the step registers it
// durably, and the Task's promise waits until TaskCallbacks settles that token.
import { randomBytes } from 'node:crypto';
import './polyfill.ts';
import { StateMachine } from 'aws-local-stepfunctions';
import type { TaskCallbacks, WorkflowStarter } from '../../functions/shared/ports.ts';
import { withResolvers } from './polyfill.ts';

/** What the engine needs of a step (functions/<fn>/step.ts `step`). */
export interface StepLike<D> {
  input: { parse(value: unknown): unknown };
  // biome-ignore lint/suspicious/noExplicitAny: each step narrows its own input type
  run(input: any, deps: D): Promise<unknown>;
}

export interface EngineLogger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface ExecutionEvent {
  type: string;
  state?: string;
  index?: number;
  error?: string;
}

export interface ExecutionRecord {
  requestId: string;
  startedAt: string;
  endedAt?: string;
  status: 'running' | 'succeeded' | 'failed' | 'aborted';
  output?: unknown;
  error?: { name: string; message: string };
  events: ExecutionEvent[];
}

export interface Engine {
  callbacks: TaskCallbacks;
  starter: WorkflowStarter;
  /** Starts an execution unless one is already running for this request (one per request id at a time). */
  start(requestId: string): Promise<void>;
  isRunning(requestId: string): boolean;
  /** Resolves when the request's current execution ends (at once if none runs). */
  settled(requestId: string): Promise<ExecutionRecord | undefined>;
  /** Every execution so far for a request, oldest first (events for transition counts). */
  history(requestId: string): ExecutionRecord[];
  running(): string[];
  /** Tokens whose Task is waiting for a callback. */
  waitingTokens(): number;
  /** True when no step is running and every running execution waits for a callback (nothing moves by itself). */
  quiescent(): boolean;
  /** Aborts every running execution (process shutdown; a restart re-drives them). */
  stop(): Promise<void>;
}

export interface EngineOptions<D> {
  asl: object;
  /** Steps keyed by Task state name. */
  steps: Record<string, StepLike<D>>;
  /** The step deps; a function because deps hold this engine's callbacks and starter. */
  deps: () => D;
  logger?: EngineLogger;
  /** Milliseconds per Retry state name (tests); AWS intervals apply otherwise. */
  retryIntervalOverrides?: Record<string, number | number[]>;
  /**
   * At most this many executions move at once (admitted in the order they were started; one that parks on a
   * callback gives its place up). The rest wait before their first state, where no Task timer runs yet.
   */
  maxActiveExecutions?: number;
  /** At most this many step handlers run at once (first come, first served). */
  maxConcurrentSteps?: number;
  /** Told of every step handler run: state name and milliseconds inside the handler (benchmarks). */
  observer?: { stepRan(state: string, ms: number, requestId: string | undefined): void };
}

/** A first-come-first-served counting semaphore. */
function fifoSemaphore(limit: number) {
  let held = 0;
  const queue: (() => void)[] = [];
  return {
    async acquire(): Promise<void> {
      if (held < limit) {
        held++;
        return;
      }
      await new Promise<void>((resolve) => queue.push(resolve));
    },
    release(): void {
      const next = queue.shift();
      if (next)
        next(); // the place passes on: `held` stays
      else if (held > 0) held--;
    },
    /** Lets every waiter through (shutdown): they see the stop and end. */
    drain(): void {
      for (const next of queue.splice(0)) next();
    },
    queued: () => queue.length,
  };
}

type Waiter = {
  promise: Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  requestId: string;
  /** Its Task's step has run and the Task now waits for the callback. */
  awaited?: boolean;
};

const WAIT_SUFFIX = '.waitForTaskToken';
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

function errorWithName(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Every Task state (nested in Map/Parallel too), name → Resource. */
export function taskResources(asl: object): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (states: Record<string, Record<string, unknown>> | undefined) => {
    for (const [name, state] of Object.entries(states ?? {})) {
      if (state['Type'] === 'Task') out.set(name, String(state['Resource']));
      const nested = (state['ItemProcessor'] ?? state['Iterator']) as { States?: Record<string, never> } | undefined;
      if (nested) walk(nested.States);
      for (const branch of (state['Branches'] ?? []) as { States?: Record<string, never> }[]) walk(branch.States);
    }
  };
  walk((asl as { States?: Record<string, Record<string, unknown>> }).States);
  return out;
}

export function createEngine<D>(options: EngineOptions<D>): Engine {
  const log = options.logger;
  const machine = new StateMachine(options.asl as ConstructorParameters<typeof StateMachine>[0], {
    validationOptions: { checkArn: false, checkPaths: false },
  });
  const waiters = new Map<string, Waiter>();
  let stopped = false;
  let activeSteps = 0;
  // Why bounded: unbounded, a burst starts every execution at once (116 seen in the profile), each Task's DynamoDB
  // calls queue behind the others', API calls wait behind 60–125 workflow calls, and Task timers (120 s) start
  // running while a step only waits its turn. Admission first (no timer runs before the first state), then steps.
  const admission = fifoSemaphore(options.maxActiveExecutions ?? Number.POSITIVE_INFINITY);
  const stepSlots = fifoSemaphore(options.maxConcurrentSteps ?? Number.POSITIVE_INFINITY);
  const admitted = new Set<string>();
  const giveUpPlace = (requestId: string) => {
    if (admitted.delete(requestId)) admission.release();
  };
  const runningExecutions = new Map<string, { abort(): void; done: Promise<ExecutionRecord> }>();
  const histories = new Map<string, ExecutionRecord[]>();
  const resources = taskResources(options.asl);

  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [stateName, resource] of resources) {
    const step = options.steps[stateName];
    if (!step) continue; // a Task without a local handler would call real AWS: refuse below instead
    const waits = resource.endsWith(WAIT_SUFFIX);
    const viaInvoke = resource.startsWith(LAMBDA_INVOKE);
    handlers[stateName] = async (parameters: unknown) => {
      const payload = viaInvoke ? (parameters as { Payload?: unknown })?.Payload : parameters;
      const input = step.input.parse(payload);
      const requestId = (payload as { requestId?: string } | undefined)?.requestId;
      if (!waits) {
        const result = await runStep(step, input, stateName, requestId);
        // `lambda:invoke` answers with an envelope the ASL reads `$.Payload` from.
        return viaInvoke ? { Payload: result ?? null, StatusCode: 200, ExecutedVersion: '$LATEST' } : result;
      }
      const token = (payload as { taskToken?: unknown })?.taskToken;
      const waiter = typeof token === 'string' ? waiters.get(token) : undefined;
      if (!waiter) throw errorWithName('States.Runtime', `${stateName}: the payload carries no task token`);
      // The waiter exists from the token's minting: a callback during the step (a re-drive of a finished task) is kept.
      try {
        await runStep(step, input, stateName, requestId);
      } catch (error) {
        waiters.delete(token as string);
        throw error;
      }
      waiter.awaited = true;
      // Parked on a callback (a person, a partner, a timer): its place goes to the next execution in line.
      giveUpPlace(waiter.requestId);
      return waiter.promise;
    };
  }
  const missing = [...resources.keys()].filter((name) => !handlers[name]);
  if (missing.length) throw new Error(`no local step for Task state(s): ${missing.join(', ')}`);

  async function runStep(step: StepLike<D>, input: unknown, state: string, requestId?: string): Promise<unknown> {
    if (stopped) throw errorWithName('Engine.Stopped', 'the runtime stopped');
    activeSteps++;
    await stepSlots.acquire();
    const t0 = performance.now();
    try {
      if (stopped) throw errorWithName('Engine.Stopped', 'the runtime stopped');
      return await step.run(input, options.deps());
    } catch (error) {
      // Retry/Catch match on `name`; anything that is not an Error becomes a plain task failure.
      if (error instanceof Error) throw error;
      throw errorWithName('Error', String(error));
    } finally {
      options.observer?.stepRan(state, performance.now() - t0, requestId);
      stepSlots.release();
      activeSteps--;
    }
  }

  function contextFor(requestId: string) {
    // Spread shallowly by the interpreter: the getter on the nested Task object survives and runs at each
    // evaluation of `$$.Task.Token`, so every task, retry, Map item and branch gets its own token.
    const task = {};
    Object.defineProperty(task, 'Token', {
      enumerable: true,
      get() {
        const token = `rf-local-${randomBytes(18).toString('base64url')}`;
        const entry = withResolvers<unknown>();
        // Never an unhandled rejection when a callback fails a token whose Task already timed out.
        entry.promise.catch(() => undefined);
        waiters.set(token, { ...entry, requestId });
        return token;
      },
    });
    return { Task: task, Execution: { Name: requestId } };
  }

  function settle(token: string, outcome: { ok: true; value: unknown } | { ok: false; error: Error }): void {
    const waiter = waiters.get(token);
    if (!waiter) {
      // Unknown or stale (issued before a restart): the durable task record holds the result and the re-drive
      // hands it back, so there is nothing to do here.
      log?.info('callback for an unknown task token ignored');
      return;
    }
    waiters.delete(token);
    if (outcome.ok) waiter.resolve(outcome.value);
    else waiter.reject(outcome.error);
  }

  const callbacks: TaskCallbacks = {
    async succeed(taskToken, output) {
      settle(taskToken, { ok: true, value: JSON.parse(JSON.stringify(output ?? null)) });
    },
    async fail(taskToken, error, cause) {
      settle(taskToken, { ok: false, error: errorWithName(error, cause) });
    },
  };

  async function start(requestId: string): Promise<void> {
    if (stopped || runningExecutions.has(requestId)) return;
    const record: ExecutionRecord = {
      requestId,
      startedAt: new Date().toISOString(),
      status: 'running',
      events: [],
    };
    const list = histories.get(requestId) ?? [];
    list.push(record);
    histories.set(requestId, list);
    let abort: () => void = () => undefined;
    const done = (async () => {
      // In line before the first state: older executions move first, and no Task timer runs while this one waits.
      await admission.acquire();
      admitted.add(requestId);
      if (stopped) {
        giveUpPlace(requestId);
        record.status = 'aborted';
        record.endedAt = new Date().toISOString();
        runningExecutions.delete(requestId);
        return record;
      }
      const execution = machine.run(
        { requestId },
        {
          context: contextFor(requestId),
          overrides: {
            taskResourceLocalHandlers: handlers as never,
            ...(options.retryIntervalOverrides ? { retryIntervalOverrides: options.retryIntervalOverrides } : {}),
          },
        },
      );
      abort = execution.abort;
      try {
        record.output = await execution.result;
        record.status = 'succeeded';
      } catch (error) {
        const e = error as Error & { cause?: unknown };
        const inner = (e.cause instanceof Error ? e.cause : e) as Error;
        record.status = e.name === 'ExecutionAbortedError' ? 'aborted' : 'failed';
        record.error = { name: inner.name, message: inner.message };
        if (record.status === 'failed') log?.error('execution failed', { requestId, error: inner.name });
      }
      giveUpPlace(requestId);
      record.endedAt = new Date().toISOString();
      for await (const event of execution.eventLogs) {
        const e = event as { type: string; state?: { name?: string }; index?: number; Error?: string };
        record.events.push({
          type: e.type,
          ...(e.state?.name ? { state: e.state.name } : {}),
          ...(typeof e.index === 'number' ? { index: e.index } : {}),
        });
      }
      for (const [token, waiter] of waiters) if (waiter.requestId === requestId) waiters.delete(token);
      runningExecutions.delete(requestId);
      return record;
    })();
    runningExecutions.set(requestId, { abort: () => abort(), done });
  }

  return {
    callbacks,
    starter: { start },
    start,
    isRunning: (id) => runningExecutions.has(id),
    async settled(id) {
      const running = runningExecutions.get(id);
      if (running) return running.done;
      return histories.get(id)?.at(-1);
    },
    history: (id) => [...(histories.get(id) ?? [])],
    running: () => [...runningExecutions.keys()],
    waitingTokens: () => waiters.size,
    quiescent() {
      if (activeSteps > 0 || admission.queued() > 0) return false;
      const waiting = new Set([...waiters.values()].filter((w) => w.awaited).map((w) => w.requestId));
      return [...runningExecutions.keys()].every((id) => waiting.has(id));
    },
    async stop() {
      stopped = true;
      const all = [...runningExecutions.values()];
      for (const execution of all) execution.abort();
      admission.drain();
      stepSlots.drain();
      // Settle the waits after the abort (the interpreter no longer moves on): their Task timers are cleared
      // and nothing keeps the process alive for the wait's TimeoutSeconds.
      for (const waiter of waiters.values()) waiter.reject(errorWithName('Engine.Stopped', 'the runtime stopped'));
      waiters.clear();
      await Promise.allSettled(all.map((e) => e.done));
    },
  };
}
