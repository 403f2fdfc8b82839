// Runs the rendered ASL on aws-local-stepfunctions with stub handlers (keyed by state name, as the local runtime
// does) to check that each contract path takes the expected states in the interpreter itself.
import '../../../infra/local/polyfill.ts';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { renderAsl } from '../../../workflows/render.ts';

type Handler = (input: Record<string, unknown>) => Promise<unknown>;
type Scenario = Partial<Record<string, Handler>>;

const fail = (name: string) => Object.assign(new Error(`${name} (stub)`), { name });

const base: Record<string, Handler> = {
  LoadRequest: async (i) => ({
    requestId: i['requestId'],
    rights: ['access', 'delete'],
    verificationRequired: false,
    language: 'zh',
    minor: false,
  }),
  AwaitIdentityVerification: async () => ({ verified: true, level: 'strong', method: 'sms' }),
  CheckExceptions: async () => ({ needsReview: false, feeQuote: false, refuse: false }),
  AwaitPrivacyOfficerReview: async () => ({ decision: 'proceed', exceptionCodes: [], reasons: '' }),
  AwaitFeeAcceptance: async () => ({ accepted: true }),
  FulfilRight: async (i) => ({ right: i['right'], status: 'done' }),
  AwaitFollowUps: async () => ({ done: true }),
  PlanRecipientNotices: async (i) => ({ notices: [{ requestId: i['requestId'], partnerId: 'unionpay' }] }),
  SendRecipientNotice: async (i) => ({ partnerId: i['partnerId'], sent: true }),
  IsolateBackups: async () => ({ isolated: true }),
  ScheduleDeferredDeletions: async () => ({ scheduled: 0 }),
  SendReply: async () => ({ outcome: 'completed' }),
  RecordOutcome: async () => ({ status: 'completed', pendingAcknowledgements: 0 }),
  AwaitAcknowledgements: async () => ({ allAcknowledged: true }),
  ChaseAcknowledgements: async () => ({ done: true }),
  RecordFailure: async () => ({ recorded: true }),
};

async function run(scenario: Scenario) {
  const calls: { state: string; input: Record<string, unknown> }[] = [];
  const handlers = Object.fromEntries(
    Object.entries({ ...base, ...scenario }).map(([state, h]) => [
      state,
      async (input: Record<string, unknown>) => {
        calls.push({ state, input });
        return h!(input);
      },
    ]),
  );
  let n = 0;
  const context = {
    // The interpreter does not mint $$.Task.Token; a getter gives each evaluation its own (as the runtime does).
    get Task() {
      n += 1;
      return { Token: `token-${n}` };
    },
  };
  const sm = new StateMachine(renderAsl() as never, { validationOptions: { checkArn: true, checkPaths: true } });
  const execution = sm.run(
    { requestId: 'RF-20261124-ABC123' },
    {
      overrides: { taskResourceLocalHandlers: handlers as never },
      context: context as never,
    },
  );
  let output: unknown;
  let error: Error | undefined;
  try {
    output = await execution.result;
  } catch (e) {
    error = e as Error;
  }
  const states = calls.map((c) => c.state);
  return { calls, states, output: output as Record<string, unknown>, error };
}

describe('workflow paths on the local interpreter', () => {
  it('verified at the hotline: straight to checks, fulfilment per right, notices, reply, Done', async () => {
    const r = await run({});
    expect(r.error).toBeUndefined();
    expect(r.states).toEqual([
      'LoadRequest',
      'CheckExceptions',
      'FulfilRight',
      'FulfilRight',
      'AwaitFollowUps',
      'PlanRecipientNotices',
      'SendRecipientNotice',
      'IsolateBackups',
      'ScheduleDeferredDeletions',
      'SendReply',
      'RecordOutcome',
    ]);
    expect(r.calls.filter((c) => c.state === 'FulfilRight').map((c) => c.input)).toEqual([
      { requestId: 'RF-20261124-ABC123', right: 'access' },
      { requestId: 'RF-20261124-ABC123', right: 'delete' },
    ]);
    expect(r.calls.find((c) => c.state === 'SendRecipientNotice')?.input).toEqual({
      requestId: 'RF-20261124-ABC123',
      partnerId: 'unionpay',
    });
    expect(r.output['fulfilment']).toEqual([
      { right: 'access', status: 'done' },
      { right: 'delete', status: 'done' },
    ]);
    expect(r.output).toMatchObject({ requestId: 'RF-20261124-ABC123', reply: { outcome: 'completed' } });
    expect(r.output).not.toHaveProperty('plan.notices.0.sent');
  });

  it('no right that erases: no backups to isolate, no deletions to defer; without the flag both run', async () => {
    const load = (extra: Record<string, unknown>) => async (i: Record<string, unknown>) => ({
      requestId: i['requestId'],
      rights: ['access'],
      verificationRequired: false,
      language: 'zh',
      minor: false,
      ...extra,
    });
    const none = await run({ LoadRequest: load({ erasing: false }) });
    expect(none.error).toBeUndefined();
    expect(none.states).toEqual([
      'LoadRequest',
      'CheckExceptions',
      'FulfilRight',
      'AwaitFollowUps',
      'PlanRecipientNotices',
      'SendRecipientNotice',
      'SendReply',
      'RecordOutcome',
    ]);
    const erasing = await run({ LoadRequest: load({ rights: ['delete'], erasing: true }) });
    expect(erasing.states).toContain('IsolateBackups');
    const older = await run({ LoadRequest: load({}) });
    expect(older.states.slice(-4)).toEqual([
      'IsolateBackups',
      'ScheduleDeferredDeletions',
      'SendReply',
      'RecordOutcome',
    ]);
  });

  it('staff follow-ups: the reply waits for them with a task token; a lost timer (backstop) still leads to the reply', async () => {
    const r = await run({});
    const input = r.calls.find((c) => c.state === 'AwaitFollowUps')?.input as { Payload: Record<string, unknown> };
    expect(input.Payload).toEqual({ requestId: 'RF-20261124-ABC123', taskToken: expect.stringMatching(/^token-/) });
    expect(r.output['followUps']).toEqual({ done: true });
    const lost = await run({ AwaitFollowUps: async () => Promise.reject(fail('States.Timeout')) });
    expect(lost.error).toBeUndefined();
    expect(lost.states).toContain('SendReply');
    expect(lost.states).not.toContain('RecordFailure');
  });

  it('verification required: the waiting task gets the request id and a task token', async () => {
    const r = await run({
      LoadRequest: async (i) => ({ ...((await base['LoadRequest']!(i)) as object), verificationRequired: true }),
    });
    expect(r.states.slice(0, 3)).toEqual(['LoadRequest', 'AwaitIdentityVerification', 'CheckExceptions']);
    const input = r.calls[1]?.input as { FunctionName: string; Payload: Record<string, unknown> };
    expect(input.FunctionName).toMatch(/function:rightsflow-request-verification$/);
    expect(input.Payload).toEqual({ requestId: 'RF-20261124-ABC123', taskToken: expect.stringMatching(/^token-/) });
    expect(r.output['verification']).toEqual({ verified: true, level: 'strong', method: 'sms' });
  });

  for (const code of ['Task.Expired', 'Verification.Failed']) {
    it(`unverified (${code}): UnableToVerify → SendReply, nothing fulfilled`, async () => {
      const r = await run({
        LoadRequest: async (i) => ({ ...((await base['LoadRequest']!(i)) as object), verificationRequired: true }),
        AwaitIdentityVerification: async () => {
          throw fail(code);
        },
      });
      expect(r.error).toBeUndefined();
      expect(r.states).toEqual(['LoadRequest', 'AwaitIdentityVerification', 'SendReply', 'RecordOutcome']);
      expect(r.output['error']).toMatchObject({ Error: code });
    });
  }

  it('review refuses: SendReply without FulfilRights', async () => {
    const r = await run({
      CheckExceptions: async () => ({ needsReview: true, feeQuote: false, refuse: true }),
      AwaitPrivacyOfficerReview: async () => ({
        decision: 'refuse',
        exceptionCodes: ['criminal_investigation'],
        reasons: 'x',
      }),
    });
    expect(r.states).toEqual([
      'LoadRequest',
      'CheckExceptions',
      'AwaitPrivacyOfficerReview',
      'SendReply',
      'RecordOutcome',
    ]);
  });

  it('review partial: fulfils', async () => {
    const r = await run({
      CheckExceptions: async () => ({ needsReview: true, feeQuote: false, refuse: false }),
      AwaitPrivacyOfficerReview: async () => ({
        decision: 'partial',
        exceptionCodes: ['retention_duty'],
        reasons: 'x',
      }),
    });
    expect(r.states).toContain('FulfilRight');
  });

  for (const [fee, fulfilled] of [
    [{ accepted: true }, true],
    [{ accepted: false, expired: true }, false],
  ] as const) {
    it(`fee quote ${JSON.stringify(fee)}: fulfilled=${fulfilled}`, async () => {
      const r = await run({
        CheckExceptions: async () => ({ needsReview: true, feeQuote: true, refuse: false }),
        AwaitPrivacyOfficerReview: async () => ({ decision: 'fee_quote', exceptionCodes: [], reasons: '' }),
        AwaitFeeAcceptance: async () => fee,
      });
      expect(r.states.slice(0, 4)).toEqual([
        'LoadRequest',
        'CheckExceptions',
        'AwaitPrivacyOfficerReview',
        'AwaitFeeAcceptance',
      ]);
      expect(r.states.includes('FulfilRight')).toBe(fulfilled);
      expect(r.states.at(-2)).toBe('SendReply');
    });
  }

  it('pending acknowledgements: wait, chase, wait again until done', async () => {
    let chases = 0;
    const r = await run({
      RecordOutcome: async () => ({ status: 'completed', pendingAcknowledgements: 2 }),
      AwaitAcknowledgements: async () => ({ expired: true }),
      ChaseAcknowledgements: async () => ({ done: ++chases >= 2 }),
    });
    expect(r.error).toBeUndefined();
    expect(r.states.slice(-5)).toEqual([
      'RecordOutcome',
      'AwaitAcknowledgements',
      'ChaseAcknowledgements',
      'AwaitAcknowledgements',
      'ChaseAcknowledgements',
    ]);
  });

  it('a failing step is recorded by RecordFailure and the execution fails', async () => {
    const r = await run({
      CheckExceptions: async () => {
        throw fail('Connector.Unavailable');
      },
    });
    expect(r.states).toEqual(['LoadRequest', 'CheckExceptions', 'RecordFailure']);
    const rf = r.calls.at(-1)?.input as { requestId: string; error: { Error: string } };
    expect(rf.requestId).toBe('RF-20261124-ABC123');
    expect(rf.error.Error).toBe('Connector.Unavailable');
    expect(r.error?.message ?? '').toMatch(/RightsRequest\.Failed|failed/i);
  });

  it('a failing item inside a Map is caught by the Map and recorded', async () => {
    const r = await run({
      FulfilRight: async (i) => {
        if (i['right'] === 'delete') throw fail('Erase.Failed');
        return { right: i['right'], status: 'done' };
      },
    });
    expect(r.states.at(-1)).toBe('RecordFailure');
    expect(r.states).not.toContain('SendReply');
    expect(r.error).toBeDefined();
  });
});
