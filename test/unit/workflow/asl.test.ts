// Static checks of the rendered ASL against workflows/README.md (the data-flow contract).
import validator from 'asl-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Asl,
  type AslState,
  allStates,
  renderAsl,
  taskFunctionName,
  taskStateFunctions,
} from '../../../workflows/render.ts';
import { MAX_WAIT_SECONDS, RETRY_ERRORS, TRANSIENT_ERRORS } from '../../../workflows/rights-request.ts';
import { WORKFLOW_STEPS } from '../../../workflows/steps.ts';

let asl: Asl;
beforeAll(() => {
  asl = renderAsl();
});

const state = (name: string): AslState => {
  const s = asl.States[name];
  if (!s) throw new Error(`no state ${name}`);
  return s;
};

/** Next states of a top-level state (Next, Default, Choices, Catch). */
function successors(s: AslState): string[] {
  const out: string[] = [];
  if (typeof s['Next'] === 'string') out.push(s['Next']);
  if (typeof s['Default'] === 'string') out.push(s['Default']);
  for (const c of (s['Choices'] as { Next: string }[] | undefined) ?? []) out.push(c.Next);
  for (const c of (s['Catch'] as { Next: string }[] | undefined) ?? []) out.push(c.Next);
  return out;
}

function reachable(from: string, without: string[] = []): Set<string> {
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length) {
    const n = todo.pop()!;
    if (seen.has(n) || without.includes(n)) continue;
    seen.add(n);
    todo.push(...successors(state(n)));
  }
  return seen;
}

describe('rendered ASL', () => {
  it('is valid ASL (asl-validator, ARN check on)', () => {
    // asl-validator fills in defaults (QueryLanguage) on the object it is given: hand it a copy.
    const { isValid, errorsText } = validator(structuredClone(asl) as never, { checkArn: true, checkPaths: true });
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('has no CloudFormation tokens, JSONata, Assign or ItemReader', () => {
    const text = JSON.stringify(asl);
    expect(text).not.toMatch(/\$\{Token|Fn::|"Ref"/);
    expect(text).not.toMatch(/JSONata|"QueryLanguage"|"Assign"|"ItemReader"|"Arguments"|"Output"/);
    expect(text).not.toContain('"ResultPath":"$"');
  });

  it('contains every Task state of WORKFLOW_STEPS, invoking its function', () => {
    const fns = taskStateFunctions(asl);
    for (const [name, step] of Object.entries(WORKFLOW_STEPS)) expect(fns.get(name), name).toBe(step.fn);
    expect(fns.size).toBe(Object.keys(WORKFLOW_STEPS).length);
  });

  it('every Task has the contract retry, a timeout ≤ 2,000,000 s and is caught (itself or its Map)', () => {
    const catchesAll = (s: AslState) =>
      ((s['Catch'] as { ErrorEquals: string[]; Next: string }[] | undefined) ?? []).some((c) =>
        c.ErrorEquals.includes('States.ALL'),
      );
    let tasks = 0;
    for (const [name, s] of Object.entries(asl.States)) {
      const inner = s.Type === 'Map' ? Object.entries((s['ItemProcessor'] as Asl).States) : [];
      for (const [taskName, t] of s.Type === 'Task' ? [[name, s] as const] : inner) {
        tasks++;
        const retry = t['Retry'] as { ErrorEquals: string[]; IntervalSeconds: number; BackoffRate: number }[];
        expect(retry, taskName).toHaveLength(2);
        expect([...(retry[0]?.ErrorEquals ?? [])].sort()).toEqual([...RETRY_ERRORS].sort());
        expect(retry[0]).toMatchObject({ IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 3, JitterStrategy: 'FULL' });
        // Transient faults of what the steps call (M3): named, retried longer, with full jitter.
        expect([...(retry[1]?.ErrorEquals ?? [])].sort()).toEqual([...TRANSIENT_ERRORS].sort());
        expect(retry[1]).toMatchObject({ IntervalSeconds: 30, BackoffRate: 2, MaxAttempts: 8, JitterStrategy: 'FULL' });
        const timeout = t['TimeoutSeconds'] as number;
        expect(timeout, taskName).toBeGreaterThan(0);
        expect(timeout, taskName).toBeLessThan(MAX_WAIT_SECONDS);
        expect(catchesAll(t) || catchesAll(s), taskName).toBe(true);
      }
    }
    expect(tasks).toBe(Object.keys(WORKFLOW_STEPS).length);
  });

  it('normal steps are direct Lambda invocations; waiting steps pass the task token', () => {
    for (const [name, s] of allStates(asl)) {
      if (s.Type !== 'Task') continue;
      const waits = WORKFLOW_STEPS[name as keyof typeof WORKFLOW_STEPS].waitsForCallback;
      if (waits) {
        expect(s['Resource']).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
        expect((s['Parameters'] as { Payload: unknown }).Payload).toEqual({
          'requestId.$': '$.requestId',
          'taskToken.$': '$$.Task.Token',
        });
        expect(s['TimeoutSeconds'] as number).toBeGreaterThanOrEqual(86_400);
      } else {
        expect(s['Resource']).toMatch(/^arn:aws:lambda:[^:]+:\d+:function:rightsflow-/);
        expect(s['TimeoutSeconds'] as number).toBeLessThanOrEqual(300);
        expect(taskFunctionName(s)).toBe(WORKFLOW_STEPS[name as keyof typeof WORKFLOW_STEPS].fn);
      }
    }
  });

  it('uses the contract ResultPaths', () => {
    const expected: Record<string, string | null> = {
      LoadRequest: '$.request',
      AwaitIdentityVerification: '$.verification',
      CheckExceptions: '$.checks',
      AwaitPrivacyOfficerReview: '$.review',
      AwaitFeeAcceptance: '$.fee',
      FulfilRights: '$.fulfilment',
      PlanRecipientNotices: '$.plan',
      NotifyRecipients: null,
      IsolateBackups: null,
      ScheduleDeferredDeletions: null,
      SendReply: '$.reply',
      RecordOutcome: '$.outcome',
      AwaitAcknowledgements: '$.acks',
      ChaseAcknowledgements: '$.chase',
    };
    for (const [name, rp] of Object.entries(expected)) expect(state(name)['ResultPath'], name).toBe(rp);
    expect(state('FulfilRights')).toMatchObject({ ItemsPath: '$.request.rights', MaxConcurrency: 4 });
    expect(state('NotifyRecipients')).toMatchObject({ ItemsPath: '$.plan.notices' });
    expect(state('NotifyRecipients')['MaxConcurrency']).toBeGreaterThan(0);
    expect(state('RecordFailure')['Parameters']).toEqual({ 'requestId.$': '$.requestId', 'error.$': '$.error' });
  });

  it('starts at LoadRequest and every reachable state can end only in Done or Failed', () => {
    expect(asl.StartAt).toBe('LoadRequest');
    const all = reachable('LoadRequest');
    expect([...all].sort()).toEqual(Object.keys(asl.States).sort());
    const terminals = [...all].filter((n) => successors(state(n)).length === 0);
    expect(terminals.sort()).toEqual(['Done', 'Failed']);
    expect(state('Done').Type).toBe('Succeed');
    expect(state('Failed').Type).toBe('Fail');
    for (const n of all) {
      const r = reachable(n);
      expect(r.has('Done') || r.has('Failed'), n).toBe(true);
    }
  });

  it('choices follow the contract', () => {
    const choice = (name: string) =>
      Object.fromEntries(
        (state(name)['Choices'] as Record<string, unknown>[]).map((c) => [
          JSON.stringify({ ...c, Next: undefined }),
          c['Next'],
        ]),
      );
    expect(state('NeedsVerification?')['Default']).toBe('CheckExceptions');
    expect(choice('NeedsVerification?')).toEqual({
      [JSON.stringify({ Variable: '$.request.verificationRequired', BooleanEquals: true })]:
        'AwaitIdentityVerification',
    });
    expect(state('NeedsReview?')['Default']).toBe('FulfilRights');
    expect(Object.values(choice('NeedsReview?'))).toEqual(['AwaitPrivacyOfficerReview']);
    expect(state('ReviewDecision?')['Default']).toBe('FulfilRights');
    expect(choice('ReviewDecision?')).toEqual({
      [JSON.stringify({ Variable: '$.review.decision', StringEquals: 'refuse' })]: 'SendReply',
      [JSON.stringify({ Variable: '$.review.decision', StringEquals: 'fee_quote' })]: 'AwaitFeeAcceptance',
    });
    expect(state('FeeAccepted?')['Default']).toBe('SendReply');
    expect(Object.values(choice('FeeAccepted?'))).toEqual(['FulfilRights']);
    expect(state('AcknowledgementsPending?')['Default']).toBe('Done');
    expect(Object.values(choice('AcknowledgementsPending?'))).toEqual(['AwaitAcknowledgements']);
    expect(state('ChaseDone?')['Default']).toBe('AwaitAcknowledgements');
    expect(Object.values(choice('ChaseDone?'))).toEqual(['Done']);
    // Only a request that asked for no erasing right skips backups and deferred deletions; without the flag, not.
    expect(state('NotifyRecipients')['Next']).toBe('ErasesData?');
    expect(state('ErasesData?')['Default']).toBe('IsolateBackups');
    expect(choice('ErasesData?')).toEqual({
      [JSON.stringify({
        And: [
          { Variable: '$.request.erasing', IsPresent: true },
          { Variable: '$.request.erasing', BooleanEquals: false },
        ],
      })]: 'SendReply',
    });
    expect(state('ScheduleDeferredDeletions')['Next']).toBe('SendReply');
  });

  it('a refusal or an unverified subject reaches SendReply without FulfilRights', () => {
    expect(reachable('SendReply').has('FulfilRights')).toBe(false);
    expect(reachable('UnableToVerify').has('FulfilRights')).toBe(false);
    const verifyCatch = state('AwaitIdentityVerification')['Catch'] as { ErrorEquals: string[]; Next: string }[];
    expect(verifyCatch[0]).toMatchObject({
      ErrorEquals: ['Task.Expired', 'States.Timeout', 'Verification.Failed'],
      Next: 'UnableToVerify',
    });
    expect(verifyCatch.at(-1)).toMatchObject({ ErrorEquals: ['States.ALL'], Next: 'RecordFailure' });
    expect(state('UnableToVerify')).toMatchObject({ Type: 'Pass', Next: 'SendReply' });
    // Fulfilment is only reachable through the checks (and review, when needed).
    expect(reachable('LoadRequest', ['CheckExceptions']).has('FulfilRights')).toBe(false);
  });

  it('RecordFailure always ends in Failed', () => {
    expect(successors(state('RecordFailure'))).toEqual(['Failed', 'Failed']);
  });
});

describe('taskStateFunctions', () => {
  it('reads function names from Resource, Parameters.FunctionName and nested Maps/Parallels', () => {
    const tiny: Asl = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            {
              StartAt: 'A',
              States: {
                A: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:1:function:rightsflow-x:live', End: true },
              },
            },
            {
              StartAt: 'M',
              States: {
                M: {
                  Type: 'Map',
                  End: true,
                  Iterator: {
                    StartAt: 'B',
                    States: {
                      B: {
                        Type: 'Task',
                        Resource: 'arn:aws:states:::lambda:invoke',
                        Parameters: { FunctionName: 'other-fn' },
                        End: true,
                      },
                    },
                  },
                },
              },
            },
          ],
        },
      },
    };
    expect([...taskStateFunctions(tiny)]).toEqual([
      ['A', 'x'],
      ['B', 'other-fn'],
    ]);
  });
});
