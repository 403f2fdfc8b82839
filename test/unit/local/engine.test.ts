// The local engine's semantics on a tiny ASL shaped like the one aws-cdk-lib renders (lambda:invoke envelope,
// `.waitForTaskToken` with `$$.Task.Token`, Retry/Catch, Map): tokens, callbacks, retries and catches.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createEngine, type Engine, type StepLike } from '../../../infra/local/engine.ts';

const invoke = (fn: string, payload: Record<string, string>) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: `arn:aws:lambda:us-east-1:123456789012:function:${fn}`, Payload: payload },
  TimeoutSeconds: 30,
  Retry: [{ ErrorEquals: ['VersionConflict'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 3 }],
  Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' }],
});
const waitFor = (fn: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: {
    FunctionName: `arn:aws:lambda:us-east-1:123456789012:function:${fn}`,
    Payload: { 'requestId.$': '$.requestId', 'taskToken.$': '$$.Task.Token' },
  },
  TimeoutSeconds: 1_000_000,
});

const ASL = {
  StartAt: 'Load',
  States: {
    Load: {
      ...invoke('load', { 'requestId.$': '$.requestId' }),
      ResultSelector: { 'n.$': '$.Payload.n' },
      ResultPath: '$.load',
      Next: 'Wait',
    },
    Wait: {
      ...waitFor('wait'),
      ResultPath: '$.verification',
      Catch: [
        { ErrorEquals: ['Task.Expired'], ResultPath: '$.error', Next: 'Expired' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' },
      ],
      Next: 'Items',
    },
    Expired: { Type: 'Pass', Result: 'expired', ResultPath: '$.outcome', Next: 'Done' },
    Items: {
      Type: 'Map',
      ItemsPath: '$.load.n',
      MaxConcurrency: 2,
      ItemSelector: { 'requestId.$': '$.requestId', 'i.$': '$$.Map.Item.Value' },
      ItemProcessor: { StartAt: 'PerItem', States: { PerItem: { ...waitFor('item'), End: true } } },
      ResultPath: '$.items',
      Next: 'Flaky',
    },
    Flaky: { ...invoke('flaky', { 'requestId.$': '$.requestId' }), ResultPath: null, Next: 'Done' },
    RecordFailure: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'fail', Payload: { 'requestId.$': '$.requestId' } },
      TimeoutSeconds: 30,
      ResultPath: null,
      Next: 'Failed',
    },
    Done: { Type: 'Succeed' },
    Failed: { Type: 'Fail', Error: 'RequestFailed' },
  },
};

const Input = z.object({ requestId: z.string(), taskToken: z.string().optional() });

function harness(
  opts: {
    flakyFailures?: number;
    flakyError?: string;
    items?: number;
    bounds?: { maxActiveExecutions: number; maxConcurrentSteps: number };
  } = {},
) {
  const tokens: { state: string; token: string }[] = [];
  const calls: string[] = [];
  let flaky = opts.flakyFailures ?? 0;
  const step = (name: string, run: (input: z.infer<typeof Input>) => Promise<unknown>): StepLike<object> => ({
    input: Input,
    run: async (input: z.infer<typeof Input>) => {
      calls.push(name);
      if (input.taskToken) tokens.push({ state: name, token: input.taskToken });
      return run(input);
    },
  });
  const engine = createEngine<object>({
    asl: ASL,
    deps: () => ({}),
    retryIntervalOverrides: { Flaky: 1 },
    ...opts.bounds,
    steps: {
      Load: step('Load', async () => ({ n: Array.from({ length: opts.items ?? 2 }, (_, i) => i) })),
      Wait: step('Wait', async () => undefined),
      PerItem: step('PerItem', async () => undefined),
      Flaky: step('Flaky', async () => {
        if (flaky-- > 0) {
          const e = new Error('conflict');
          e.name = opts.flakyError ?? 'VersionConflict';
          throw e;
        }
        return { ok: true };
      }),
      RecordFailure: step('RecordFailure', async () => ({ recorded: true })),
    },
  });
  return { engine, tokens, calls };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error('condition never met');
}

describe('local engine', () => {
  it('waits for the callback, gives each Map item its own token, retries by error name', async () => {
    const { engine, tokens, calls } = harness({ flakyFailures: 2, items: 3 });
    await engine.start('RF-1');
    await until(() => tokens.length === 1);
    expect(engine.isRunning('RF-1')).toBe(true);
    await until(() => engine.quiescent());
    await engine.callbacks.succeed(tokens[0]!.token, { verified: true });
    // MaxConcurrency 2: the third item's token appears once one of the first two is done.
    for (let done = 0; done < 3; done++) {
      await until(() => tokens.length >= 2 + done);
      const t = tokens[1 + done]!;
      expect(t.state).toBe('PerItem');
      await engine.callbacks.succeed(t.token, { item: done });
    }
    expect(new Set(tokens.slice(1).map((t) => t.token)).size).toBe(3);
    const record = await engine.settled('RF-1');
    expect(record?.status).toBe('succeeded');
    expect(record?.output).toMatchObject({
      verification: { verified: true },
      items: expect.arrayContaining([{ item: 0 }, { item: 1 }, { item: 2 }]),
    });
    expect(calls.filter((c) => c === 'Flaky')).toHaveLength(3);
    expect(record?.events.filter((e) => e.type === 'StateRetried' && e.state === 'Flaky')).toHaveLength(2);
    expect(engine.waitingTokens()).toBe(0);
    expect(engine.quiescent()).toBe(true);
  });

  it('a failed callback with Task.Expired is caught like in AWS', async () => {
    const { engine, tokens } = harness();
    await engine.start('RF-2');
    await until(() => tokens.length === 1);
    await engine.callbacks.fail(tokens[0]!.token, 'Task.Expired', 'verification window passed');
    const record = await engine.settled('RF-2');
    expect(record?.status).toBe('succeeded');
    expect(record?.output).toMatchObject({ outcome: 'expired', error: { Error: 'Task.Expired' } });
  });

  it('an error outside Retry goes to the States.ALL catch; stale tokens are ignored', async () => {
    const { engine, tokens, calls } = harness({ flakyFailures: 1, flakyError: 'Boom', items: 0 });
    await engine.start('RF-3');
    await engine.start('RF-3'); // one execution per request
    await until(() => tokens.length === 1);
    await engine.callbacks.succeed('rf-local-unknown', {});
    await engine.callbacks.succeed(tokens[0]!.token, { verified: true });
    await engine.callbacks.succeed(tokens[0]!.token, { again: true }); // second completion: no-op
    const record = await engine.settled('RF-3');
    expect(calls.filter((c) => c === 'Load')).toHaveLength(1);
    expect(calls).toContain('RecordFailure');
    expect(record?.status).toBe('failed');
    expect(record?.error?.name).toBe('RequestFailed');
  });

  it('a callback that arrives during the step (re-drive of a finished task) completes the Task', async () => {
    const engine: Engine = createEngine<object>({
      asl: { StartAt: 'W', States: { W: { ...waitFor('w'), End: true } } },
      deps: () => ({}),
      steps: {
        W: {
          input: Input,
          run: async (input: z.infer<typeof Input>): Promise<void> =>
            engine.callbacks.succeed(input.taskToken!, { replay: true }),
        },
      },
    });
    await engine.start('RF-4');
    expect((await engine.settled('RF-4'))?.output).toEqual({ replay: true });
  });

  it('refuses an ASL with a Task it has no step for (it would call real AWS)', () => {
    expect(() => createEngine({ asl: ASL, deps: () => ({}), steps: {} })).toThrow(/no local step/);
  });
});

describe('local engine stop', () => {
  it('aborts running executions without running their Catch, and starts nothing afterwards', async () => {
    const { engine, tokens, calls } = harness();
    await engine.start('RF-5');
    await until(() => tokens.length === 1);
    await engine.stop();
    const record = await engine.settled('RF-5');
    expect(record?.status).toBe('aborted');
    expect(calls).not.toContain('RecordFailure');
    expect(engine.waitingTokens()).toBe(0);
    await engine.start('RF-6');
    expect(engine.isRunning('RF-6')).toBe(false);
  });
});

describe('bounded concurrency', () => {
  const TWO_STEPS = {
    StartAt: 'A',
    States: {
      A: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:a',
        TimeoutSeconds: 30,
        ResultPath: null,
        Next: 'B',
      },
      B: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:b', TimeoutSeconds: 30, End: true },
    },
  };

  it('admits executions in start order and never runs more steps at once than allowed', async () => {
    let running = 0;
    let peak = 0;
    const order: string[] = [];
    const gates: (() => void)[] = [];
    const step = (name: string): StepLike<object> => ({
      input: Input,
      run: async ({ requestId }: { requestId: string }) => {
        running++;
        peak = Math.max(peak, running);
        order.push(`${name}:${requestId}`);
        // Each step waits until the test lets it go: the engine, not timing, decides who runs.
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
        return {};
      },
    });
    const engine = createEngine<object>({
      asl: TWO_STEPS,
      steps: { A: step('A'), B: step('B') },
      deps: () => ({}),
      maxActiveExecutions: 2,
      maxConcurrentSteps: 1,
    });
    for (const id of ['r1', 'r2', 'r3', 'r4']) await engine.start(id);
    expect(engine.running()).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(engine.quiescent()).toBe(false);
    for (let i = 0; i < 2_000 && (order.length < 8 || gates.length > 0); i++) {
      await new Promise((r) => setTimeout(r, 1));
      gates.shift()?.();
    }
    await Promise.all(['r1', 'r2', 'r3', 'r4'].map((id) => engine.settled(id)));
    expect(peak).toBe(1);
    // r3 and r4 start only after r1 and r2 have finished: older executions first.
    expect(order.indexOf('A:r3')).toBeGreaterThan(Math.min(order.indexOf('B:r1'), order.indexOf('B:r2')));
    expect(order.indexOf('A:r1')).toBe(0);
    expect(engine.history('r4').at(-1)?.status).toBe('succeeded');
  });

  it('an execution parked on a callback gives its place to the next one', async () => {
    const h = harness({ items: 0, bounds: { maxActiveExecutions: 1, maxConcurrentSteps: 1 } });
    await h.engine.start('p1');
    await h.engine.start('p2');
    // Both reach the wait although only one may move at a time.
    await until(() => h.tokens.filter((t) => t.state === 'Wait').length === 2);
    await until(() => h.engine.quiescent());
    await h.engine.stop();
  });
});
