// The RightsRequest state machine, written once (workflows/README.md is the data-flow contract). The CDK stack
// deploys it; `renderAsl()` gives the same definition as plain JSON for `rightsflow asl` and the local runtime.
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { calendarFor } from '../domain/calendar/files.ts';
import { loadPolicy } from '../domain/policy/load.ts';
import { verificationBackstopSeconds } from '../functions/request-verification/window.ts';
import { WORKFLOW_STEPS, type WorkflowFunctionName, type WorkflowStateName } from './steps.ts';

export interface WorkflowOptions {
  /** Backstop for a normal step (the Lambda's own timeout must be lower). */
  stepTimeoutSeconds?: number;
  /** FulfilRight builds exports and calls company systems: allowed longer. */
  fulfilTimeoutSeconds?: number;
  /**
   * Backstops of the waiting steps; the durable timers in the store normally fire first (Task.Expired). Default for
   * verification: the longest window the calendar gives plus a day (functions/request-verification/window.ts).
   */
  verificationTimeoutSeconds?: number;
  reviewTimeoutSeconds?: number;
  feeTimeoutSeconds?: number;
  acknowledgementTimeoutSeconds?: number;
  followUpTimeoutSeconds?: number;
  fulfilConcurrency?: number;
  noticeConcurrency?: number;
}

// The local interpreter overflows its timer above 2,147,483 s; the contract keeps every wait below 2,000,000 s.
export const MAX_WAIT_SECONDS = 2_000_000;

const DEFAULTS: Required<Omit<WorkflowOptions, 'verificationTimeoutSeconds'>> = {
  stepTimeoutSeconds: 120,
  fulfilTimeoutSeconds: 300,
  // Review and fee must fit in the 15-working-day deadline; the sweep escalates long before this backstop.
  reviewTimeoutSeconds: 22 * 86_400,
  feeTimeoutSeconds: 22 * 86_400,
  // One chase round; the durable timer (days) normally fires first.
  acknowledgementTimeoutSeconds: 15 * 86_400,
  // Inside the deadline: the durable timer at the cut-off (two working days before it) normally fires first.
  followUpTimeoutSeconds: 22 * 86_400,
  fulfilConcurrency: 4,
  noticeConcurrency: 5,
};

export const RETRY_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'VersionConflict',
] as const;

/**
 * Faults of what the steps call, named by runStep (functions/shared/transient-errors.ts): throttling of SES, KMS,
 * DynamoDB or Step Functions after the SDK's own retries, and 5xx/timeouts of AWS, the company connector, the SMTP
 * relay or the SMS webhook. Retried longer than Lambda's own faults (a connector restart, a sending-rate burst),
 * with full jitter so that a thousand requests throttled together do not come back together. Everything else is
 * permanent and goes straight to RecordFailure.
 */
export const TRANSIENT_ERRORS = ['Transient.Throttled', 'Transient.Unavailable'] as const;

/** Errors of AwaitIdentityVerification that mean "not verified in time" rather than a fault. */
export const UNVERIFIED_ERRORS = ['Task.Expired', 'States.Timeout', 'Verification.Failed'] as const;

export const WORKFLOW_COMMENT =
  'rightsflow RightsRequest: one execution per personal-information rights request (execution name = request id)';

export interface RightsRequestWorkflow {
  definitionBody: sfn.DefinitionBody;
  chain: sfn.IChainable;
  startState: sfn.State;
}

export function buildRightsRequestWorkflow(
  scope: Construct,
  fns: Record<WorkflowFunctionName, lambda.IFunction>,
  opts: WorkflowOptions = {},
): RightsRequestWorkflow {
  const o = {
    ...DEFAULTS,
    verificationTimeoutSeconds:
      opts.verificationTimeoutSeconds ?? verificationBackstopSeconds(loadPolicy(), calendarFor()),
    ...opts,
  };
  for (const s of [
    o.verificationTimeoutSeconds,
    o.reviewTimeoutSeconds,
    o.feeTimeoutSeconds,
    o.acknowledgementTimeoutSeconds,
    o.followUpTimeoutSeconds,
  ]) {
    if (s >= MAX_WAIT_SECONDS) throw new Error(`wait timeout ${s}s must stay below ${MAX_WAIT_SECONDS}s`);
  }
  const ws = new Construct(scope, 'RightsRequestWorkflow');
  const fnOf = (state: WorkflowStateName) => fns[WORKFLOW_STEPS[state].fn];
  const requestIdOnly = { requestId: sfn.JsonPath.stringAt('$.requestId') };

  const retry = (t: tasks.LambdaInvoke) =>
    t
      .addRetry({
        errors: [...RETRY_ERRORS],
        interval: Duration.seconds(2),
        backoffRate: 2,
        maxAttempts: 3,
        jitterStrategy: sfn.JitterType.FULL,
      })
      // About 1 + 2 + 4 + 8 + 16 + 32 minutes capped at 10: an hour of patience before a human task.
      .addRetry({
        errors: [...TRANSIENT_ERRORS],
        interval: Duration.seconds(30),
        backoffRate: 2,
        maxAttempts: 8,
        maxDelay: Duration.minutes(10),
        jitterStrategy: sfn.JitterType.FULL,
      });

  // Normal step: payloadResponseOnly → Resource is the function ARN, Parameters are the payload, output is the
  // handler's return value (no {Payload, StatusCode} envelope to unwrap).
  const step = (
    state: WorkflowStateName,
    resultPath: string | undefined,
    payload: Record<string, unknown> = requestIdOnly,
    timeoutSeconds = o.stepTimeoutSeconds,
  ) =>
    retry(
      new tasks.LambdaInvoke(ws, state, {
        lambdaFunction: fnOf(state),
        payload: sfn.TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        resultPath,
        taskTimeout: sfn.Timeout.duration(Duration.seconds(timeoutSeconds)),
      }),
    );

  // Waiting step: lambda:invoke.waitForTaskToken; the handler registers the token, the callback's output is the result.
  const waiting = (state: WorkflowStateName, resultPath: string, timeoutSeconds: number) =>
    retry(
      new tasks.LambdaInvoke(ws, state, {
        lambdaFunction: fnOf(state),
        integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: sfn.TaskInput.fromObject({ ...requestIdOnly, taskToken: sfn.JsonPath.taskToken }),
        retryOnServiceExceptions: false,
        resultPath,
        taskTimeout: sfn.Timeout.duration(Duration.seconds(timeoutSeconds)),
      }),
    );

  // Failure path: every Task (or the Map around it) catches States.ALL here; an execution never just dies.
  const failed = new sfn.Fail(ws, 'Failed', {
    error: 'RightsRequest.Failed',
    cause: 'A step failed; the failure is recorded on the request and a human task is open.',
  });
  const recordFailure = step('RecordFailure', '$.failure', {
    ...requestIdOnly,
    error: sfn.JsonPath.objectAt('$.error'),
  });
  recordFailure.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: '$.recordFailureError' });
  recordFailure.next(failed);
  const catchAll = <T extends sfn.TaskStateBase | sfn.Map>(s: T): T => {
    s.addCatch(recordFailure, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
    return s;
  };

  const done = new sfn.Succeed(ws, 'Done');

  // 14–18: reply, outcome, then the acknowledgement chase loop.
  const sendReply = catchAll(step('SendReply', '$.reply'));
  const recordOutcome = catchAll(step('RecordOutcome', '$.outcome'));
  const awaitAcks = waiting('AwaitAcknowledgements', '$.acks', o.acknowledgementTimeoutSeconds);
  const chaseAcks = catchAll(step('ChaseAcknowledgements', '$.chase'));
  // A backstop timeout after the reply is not a failure of the request: chase (remind/escalate) instead.
  awaitAcks.addCatch(chaseAcks, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.acks' });
  catchAll(awaitAcks);
  sendReply.next(recordOutcome);
  recordOutcome.next(
    new sfn.Choice(ws, 'AcknowledgementsPending?')
      .when(sfn.Condition.numberGreaterThan('$.outcome.pendingAcknowledgements', 0), awaitAcks)
      .otherwise(done),
  );
  awaitAcks.next(chaseAcks);
  chaseAcks.next(
    new sfn.Choice(ws, 'ChaseDone?').when(sfn.Condition.booleanEquals('$.chase.done', true), done).otherwise(awaitAcks),
  );

  // 9–13: fulfilment.
  // Inside a Map the task's result is the item's output (no ResultPath).
  const fulfilRight = step(
    'FulfilRight',
    undefined,
    { requestId: sfn.JsonPath.stringAt('$.requestId'), right: sfn.JsonPath.stringAt('$.right') },
    o.fulfilTimeoutSeconds,
  );
  const fulfilRights = catchAll(
    new sfn.Map(ws, 'FulfilRights', {
      itemsPath: '$.request.rights',
      itemSelector: {
        requestId: sfn.JsonPath.stringAt('$.requestId'),
        right: sfn.JsonPath.stringAt('$$.Map.Item.Value'),
      },
      maxConcurrency: o.fulfilConcurrency,
      resultPath: '$.fulfilment',
    }).itemProcessor(fulfilRight),
  );
  const plan = catchAll(step('PlanRecipientNotices', '$.plan'));
  const sendNotice = step('SendRecipientNotice', undefined, {
    requestId: sfn.JsonPath.stringAt('$.requestId'),
    partnerId: sfn.JsonPath.stringAt('$.partnerId'),
  });
  const notify = catchAll(
    new sfn.Map(ws, 'NotifyRecipients', {
      itemsPath: '$.plan.notices',
      maxConcurrency: o.noticeConcurrency,
      resultPath: sfn.JsonPath.DISCARD,
    }).itemProcessor(sendNotice),
  );
  const isolate = catchAll(step('IsolateBackups', sfn.JsonPath.DISCARD));
  const deferred = catchAll(step('ScheduleDeferredDeletions', sfn.JsonPath.DISCARD));
  // Staff follow-ups (a correction to check and apply) before the notices and the reply that report them. A lost
  // timer (the backstop) is not a failure: the reply then says what is still open.
  const awaitFollowUps = waiting('AwaitFollowUps', '$.followUps', o.followUpTimeoutSeconds);
  awaitFollowUps.addCatch(plan, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.followUps' });
  catchAll(awaitFollowUps);
  fulfilRights.next(awaitFollowUps).next(plan).next(notify);
  // Backups and deferred deletions concern only a request with a right that erases (LoadRequest's `erasing`); a
  // request without one goes straight to the reply (issue 14: two invocations, reads and writes less). An input
  // without the flag (an execution started before it existed) takes the full path.
  notify.next(
    new sfn.Choice(ws, 'ErasesData?')
      .when(
        sfn.Condition.and(
          sfn.Condition.isPresent('$.request.erasing'),
          sfn.Condition.booleanEquals('$.request.erasing', false),
        ),
        sendReply,
      )
      .otherwise(isolate),
  );
  isolate.next(deferred).next(sendReply);

  // 4–8: exceptions, review, fee.
  const awaitFee = catchAll(waiting('AwaitFeeAcceptance', '$.fee', o.feeTimeoutSeconds));
  awaitFee.next(
    new sfn.Choice(ws, 'FeeAccepted?')
      .when(sfn.Condition.booleanEquals('$.fee.accepted', true), fulfilRights)
      .otherwise(sendReply),
  );
  const awaitReview = catchAll(waiting('AwaitPrivacyOfficerReview', '$.review', o.reviewTimeoutSeconds));
  awaitReview.next(
    new sfn.Choice(ws, 'ReviewDecision?')
      .when(sfn.Condition.stringEquals('$.review.decision', 'refuse'), sendReply)
      .when(sfn.Condition.stringEquals('$.review.decision', 'fee_quote'), awaitFee)
      .otherwise(fulfilRights),
  );
  const checkExceptions = catchAll(step('CheckExceptions', '$.checks'));
  checkExceptions.next(
    new sfn.Choice(ws, 'NeedsReview?')
      .when(sfn.Condition.booleanEquals('$.checks.needsReview', true), awaitReview)
      .otherwise(fulfilRights),
  );

  // 1–3: load and identity verification.
  const unableToVerify = new sfn.Pass(ws, 'UnableToVerify');
  unableToVerify.next(sendReply);
  const awaitVerification = waiting('AwaitIdentityVerification', '$.verification', o.verificationTimeoutSeconds);
  awaitVerification.addCatch(unableToVerify, { errors: [...UNVERIFIED_ERRORS], resultPath: '$.error' });
  catchAll(awaitVerification);
  awaitVerification.next(checkExceptions);
  const load = catchAll(step('LoadRequest', '$.request'));
  load.next(
    new sfn.Choice(ws, 'NeedsVerification?')
      .when(sfn.Condition.booleanEquals('$.request.verificationRequired', true), awaitVerification)
      .otherwise(checkExceptions),
  );

  return {
    definitionBody: sfn.DefinitionBody.fromChainable(load),
    chain: load,
    startState: load,
  };
}

// The plain-JSON rendering lives in render.ts (it needs a throwaway App); re-exported for callers of this module.
export { renderAsl, taskStateFunctions } from './render.ts';
