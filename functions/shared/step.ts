// How a workflow step is written (defineStep), run (runStep: parse, log, run), exposed to Lambda (lambdaHandler)
// and the building blocks every step shares: once-only mail, forward-only status moves, waiting tasks.

import type * as z from 'zod';
import {
  canTransition,
  type RightsRequest,
  STATUSES,
  type Status,
  TERMINAL_STATUSES,
} from '../../domain/request/model.ts';
import type { StepDeps } from './deps.ts';
import { anchorChainHead } from './evidence/anchor.ts';
import { type NewEvent, NotFoundError, type PendingTask, type TaskKind, VersionConflictError } from './store/store.ts';
import { scheduleTimer } from './timers.ts';
import { asRetryable } from './transient-errors.ts';

export interface Step<S extends z.ZodType = z.ZodType, O = unknown> {
  name: string;
  input: S;
  run(input: z.output<S>, deps: StepDeps): Promise<O>;
}

export function defineStep<S extends z.ZodType, O>(step: Step<S, O>): Step<S, O> {
  return step;
}

/** An error whose `name` is the workflow's error code (Retry/Catch match on it). */
export function stepError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** Parses the event with the step's schema and runs it; logs the step's name and outcome, never the payload. */
export async function runStep<S extends z.ZodType, O>(
  step: Step<S, O>,
  event: unknown,
  sharedDeps: StepDeps,
): Promise<O> {
  // The request and step results this invocation reads are read once (store.forInvocation), however many helpers ask.
  const deps = sharedDeps.store?.forInvocation
    ? { ...sharedDeps, store: sharedDeps.store.forInvocation() }
    : sharedDeps;
  // The workflow state's name (e.g. FulfilRight), not a person's: kept in its own variable for log calls.
  const stepName = step.name;
  const parsed = step.input.safeParse(event);
  if (!parsed.success) {
    deps.logger.error('step input rejected', { stepName, issues: parsed.error.issues.length });
    throw stepError('InvalidInput', `${step.name}: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  }
  const requestId = (parsed.data as { requestId?: unknown })?.requestId;
  try {
    const out = await step.run(parsed.data, deps);
    deps.logger.info('step done', { stepName, requestId });
    return out;
  } catch (err) {
    // A transient fault (throttling, 5xx, timeout) leaves under its retryable name: the workflow retries it.
    const e = asRetryable(err) as Error;
    const errorName = e.name;
    deps.logger.error('step failed', { stepName, requestId, errorName, error: e });
    throw e;
  }
}

/**
 * The AWS Lambda entry of a step: dependencies built once per container from the environment (awsDeps), a
 * redacting Powertools logger and metrics flushed after each invocation.
 */
export function lambdaHandler<S extends z.ZodType, O>(step: Step<S, O>) {
  let ready: Promise<{ deps: StepDeps; flush(): void; setContext(ctx: unknown): void }> | undefined;
  return async (event: unknown, context?: unknown): Promise<O> => {
    // Imported lazily: the local runtime imports steps without pulling in the AWS adapters.
    ready ??= import('./aws/aws-deps.ts').then((m) => m.awsLambdaDeps());
    const { deps, flush, setContext } = await ready;
    setContext(context);
    try {
      return await runStep(step, event, deps);
    } finally {
      flush();
    }
  };
}

// ---- once-only mail -----------------------------------------------------------------------------------------------

// Sends `mail` at most once per `mail.key` across retries and re-drives (intent, send, mark sent): see mail/send-once.ts.
export { sendOnce, sendSmsOnce } from './mail/send-once.ts';

// ---- requests -----------------------------------------------------------------------------------------------------

export async function mustGetRequest(deps: StepDeps, requestId: string): Promise<RightsRequest> {
  const r = await deps.store.getRequest(requestId);
  if (!r) throw new NotFoundError(`request ${requestId} not found`);
  return r;
}

// The path a request moves along; failed and withdrawn are side exits, not steps forward.
const FORWARD_ORDER: readonly Status[] = STATUSES.filter((s) => s !== 'failed' && s !== 'withdrawn');

/**
 * Moves the request forward to `to` (with an event); a no-op when it is already there or further on, so a re-drive
 * from the top never moves a request back. Retries lost races on the version.
 */
export async function moveStatus(
  deps: StepDeps,
  requestId: string,
  to: Status,
  event?: NewEvent,
  patch: Partial<Omit<RightsRequest, 'id' | 'version' | 'createdAt' | 'status'>> = {},
): Promise<RightsRequest> {
  for (let attempt = 0; ; attempt++) {
    const r = await mustGetRequest(deps, requestId);
    const forward =
      r.status === 'failed' ||
      to === 'failed' ||
      to === 'withdrawn' || // terminal: from wherever the transitions allow it
      FORWARD_ORDER.indexOf(to) > FORWARD_ORDER.indexOf(r.status);
    if (r.status === to || TERMINAL_STATUSES.has(r.status) || !forward || !canTransition(r.status, to))
      return TERMINAL_STATUSES.has(to) ? anchorIfEnded(deps, r) : r;
    try {
      const moved = await deps.store.updateRequest(requestId, r.version, { ...patch, status: to }, event);
      return TERMINAL_STATUSES.has(to) ? await anchorIfEnded(deps, moved) : moved;
    } catch (err) {
      if (!(err instanceof VersionConflictError) || attempt >= 5) throw err;
    }
  }
}

/**
 * An ended request's chain head (`closed`, or `withdrawn`: a fee quote that lapsed or was declined) goes outside the
 * table (EvidenceVault). Checked on every move to an end, also when the request had ended already, so a step retried
 * after a failed anchor write anchors it then; a head already anchored is not repeated.
 */
async function anchorIfEnded(deps: StepDeps, r: RightsRequest): Promise<RightsRequest> {
  if (TERMINAL_STATUSES.has(r.status)) await anchorChainHead(deps, r.id, r.status);
  return r;
}

/** Patches the request (no status change), retrying lost version races. */
export async function patchRequest(
  deps: StepDeps,
  requestId: string,
  patch: (r: RightsRequest) => Partial<Omit<RightsRequest, 'id' | 'version' | 'createdAt'>> | undefined,
  event?: NewEvent,
): Promise<RightsRequest> {
  for (let attempt = 0; ; attempt++) {
    const r = await mustGetRequest(deps, requestId);
    const p = patch(r);
    if (!p) return r;
    try {
      return await deps.store.updateRequest(requestId, r.version, p, event);
    } catch (err) {
      if (!(err instanceof VersionConflictError) || attempt >= 5) throw err;
    }
  }
}

// ---- waiting tasks (.waitForTaskToken) ----------------------------------------------------------------------------

export type TaskOutcome = { status: 'succeeded'; result: unknown } | { status: 'failed'; error: string; cause: string };

/** Hands a completed task's recorded outcome to the waiting execution through the callback port. */
async function handBack(deps: StepDeps, token: string, task: PendingTask): Promise<void> {
  if (task.status === 'succeeded') return deps.callbacks.succeed(token, task.result ?? {});
  const r = (task.result ?? {}) as { error?: string; cause?: string };
  return deps.callbacks.fail(token, r.error ?? 'Task.Failed', r.cause ?? '');
}

/**
 * Opens (or re-arms with a new token) the waiting task of a `.waitForTaskToken` step. A re-drive keeps the first
 * timer and context; if the task is already completed its recorded result goes straight back (`handedBack: true`).
 * `reopen` decides whether a completed task belongs to an earlier round (acknowledgement rounds) and opens anew.
 */
export async function openWaitingTask(
  deps: StepDeps,
  task: Omit<PendingTask, 'status' | 'createdAt' | 'completedAt' | 'result'>,
  options: { reopen?: (existing: PendingTask) => boolean } = {},
): Promise<{ handedBack: boolean; task: PendingTask }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await deps.store.getTask(task.requestId, task.kind);
    if (existing && existing.status !== 'open' && !options.reopen?.(existing)) {
      await handBack(deps, task.taskToken, existing);
      return { handedBack: true, task: existing };
    }
    const keep = existing?.status === 'open';
    const next: PendingTask = {
      ...task,
      status: 'open',
      createdAt: keep ? existing.createdAt : deps.clock.now().toISOString(),
      ...(keep && existing.dueAt ? { dueAt: existing.dueAt } : {}),
      ...(keep && existing.context ? { context: existing.context } : {}),
    };
    if (await deps.store.replaceTask(next, existing?.status ?? 'absent')) {
      // The timer fires on its own schedule (timers.ts); the same name again is harmless.
      await scheduleTimer(deps, next);
      return { handedBack: false, task: next };
    }
    // Completed or re-armed meanwhile: look again.
  }
  throw stepError('VersionConflict', `task ${task.kind} of ${task.requestId} keeps changing`);
}

/**
 * Completes a waiting task once and resumes the execution through the callback port. Completing first and reading
 * the token after means a concurrent re-arm cannot leave the execution waiting on a stale token. False if the task
 * was not open.
 */
export async function completeWaitingTask(
  deps: StepDeps,
  requestId: string,
  kind: TaskKind,
  outcome: TaskOutcome,
): Promise<boolean> {
  const result = outcome.status === 'succeeded' ? outcome.result : { error: outcome.error, cause: outcome.cause };
  if (!(await deps.store.completeTask(requestId, kind, outcome.status, result))) return false;
  const task = await deps.store.getTask(requestId, kind);
  if (!task) return false;
  try {
    await handBack(deps, task.taskToken, task);
  } catch (err) {
    // The execution that owned the token may be gone; a re-drive hands the recorded result back.
    deps.logger.warn('task callback not delivered', { requestId, kind, errorName: (err as Error).name });
  }
  return true;
}

/**
 * Fires one waiting task's timer if it is still open and due at `now`: fails the step with Task.Expired or succeeds
 * it with the task's dueResult. False when there was nothing to fire (completed meanwhile, or re-armed later).
 */
export async function fireTask(deps: StepDeps, t: PendingTask, now: Date = deps.clock.now()): Promise<boolean> {
  if (t.status !== 'open' || !t.dueAt || t.dueAt > now.toISOString()) return false;
  const done =
    t.onDue === 'succeed'
      ? await completeWaitingTask(deps, t.requestId, t.kind, {
          status: 'succeeded',
          result: t.dueResult ?? { expired: true },
        })
      : await completeWaitingTask(deps, t.requestId, t.kind, {
          status: 'failed',
          error: 'Task.Expired',
          cause: `${t.kind} timer due at ${t.dueAt}`,
        });
  if (done)
    await deps.store.appendEvent(t.requestId, {
      type: 'timer_fired',
      actor: 'system',
      data: { kind: t.kind, dueAt: t.dueAt },
    });
  return done;
}

// ---- the subject ------------------------------------------------------------------------------------------------

// Finding the person: one lookup per strong identifier, conflicts go to staff (customer.ts).
export { customerLookup, findCustomerFor, lookupCustomer } from './customer.ts';

/** Where letters to the person go: the requester's address, else the subject's. */
export function replyAddress(r: RightsRequest): string | undefined {
  return r.requester.email ?? r.subject.email;
}

/** Thread headers for a reply to the person's own mail. */
export function threadOf(r: RightsRequest): { inReplyTo?: string; references?: string[] } {
  return r.source.messageId ? { inReplyTo: r.source.messageId, references: [r.source.messageId] } : {};
}

/** Result keys recorded by fulfil-right, one per right. */
export const fulfilKey = (right: string) => `fulfil:${right}`;
