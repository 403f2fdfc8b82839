// One-time codes by SMS in both targets: AWS End User Messaging SMS in a global region (sending from the stage's
// origination identity only, replies through an SNS topic to sms-inbound), and the company's SMS gateway over signed
// HTTPS in AWS China (its signing secret only, replies to the API's open POST /sms-inbound). Both pass cdk-nag.
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/shared/aws/env.ts';
import { FUNCTION_ACCESS, FUNCTION_NAMES } from '../../infra/aws/functions.ts';
import { resources, roleGrants, type Synthesized, synth } from './synth.ts';

const IDENTITY = 'arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef';
const CHINA = {
  'rightsflow:smtpSecret': 'rightsflow/prod/smtp-relay',
  'rightsflow:inboundBucket': 'lianlian-mail-gateway/privacy/',
  'rightsflow:oidcIssuer': 'https://sso.lianlianpay.com/realms/staff',
  'rightsflow:oidcAudience': 'rightsflow-console',
  'rightsflow:sms': 'webhook',
  'rightsflow:smsWebhookUrl': 'https://sms-gateway.lianlianpay.com/rightsflow/send',
  'rightsflow:smsWebhookSecret': 'rightsflow/prod/sms-gateway',
};

function inRegion<T>(region: string, f: () => T): T {
  const before = process.env['CDK_DEFAULT_REGION'];
  process.env['CDK_DEFAULT_REGION'] = region;
  try {
    return f();
  } finally {
    if (before === undefined) delete process.env['CDK_DEFAULT_REGION'];
    else process.env['CDK_DEFAULT_REGION'] = before;
  }
}

const lid = (s: Synthesized, c: { node: { defaultChild?: unknown } }) =>
  s.stack.getLogicalId(c.node.defaultChild as Parameters<typeof s.stack.getLogicalId>[0]);
const grantsOf = (s: Synthesized, fn: (typeof FUNCTION_NAMES)[number]) =>
  roleGrants(s.template, lid(s, s.stack.lambdas.fns[fn].role!));
function envOf(s: Synthesized, fn: string): Record<string, unknown> {
  const f = resources(s.template, 'AWS::Lambda::Function').find(
    ([, r]) => r.Properties['FunctionName'] === `rightsflow-prod-${fn}`,
  );
  return (f![1].Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
}
const routes = (s: Synthesized) =>
  Object.fromEntries(
    resources(s.template, 'AWS::ApiGatewayV2::Route').map(([, r]) => [
      r.Properties['RouteKey'] as string,
      r.Properties['AuthorizationType'] as string,
    ]),
  );
const SMS_FUNCTIONS = FUNCTION_NAMES.filter((fn) => FUNCTION_ACCESS[fn].sms);

describe('SMS codes in a global region: End User Messaging', () => {
  const s = synth({ 'rightsflow:sms': 'end_user_messaging', 'rightsflow:smsOriginationIdentity': IDENTITY });

  it('only the functions that text codes may send, and only from the stage’s origination identity', () => {
    expect(SMS_FUNCTIONS.sort()).toEqual(['api', 'request-verification', 'send-reply']);
    for (const fn of FUNCTION_NAMES) {
      const sends = grantsOf(s, fn).filter((g) => g.action.startsWith('sms-voice:'));
      if (!FUNCTION_ACCESS[fn].sms) {
        expect(sends, fn).toEqual([]);
        continue;
      }
      expect(new Set(sends.map((g) => g.action)), fn).toEqual(new Set(['sms-voice:SendTextMessage']));
      expect(sends.map((g) => g.resource)).toContain(JSON.stringify(IDENTITY));
      expect(envOf(s, fn)).toMatchObject({
        [ENV.smsProvider]: 'end_user_messaging',
        [ENV.smsOriginationIdentity]: IDENTITY,
      });
    }
    expect(envOf(s, 'load-request')[ENV.smsProvider]).toBeUndefined();
  });

  it('replies reach sms-inbound through an encrypted topic only End User Messaging in this account may publish to', () => {
    const found = resources(s.template, 'AWS::SNS::Topic').find(
      ([, r]) => r.Properties['TopicName'] === 'rightsflow-prod-sms-replies',
    );
    const [topicId, topic] = found!;
    expect(topic.Properties['KmsMasterKeyId']).toBeDefined();
    const policy = JSON.stringify(
      resources(s.template, 'AWS::SNS::TopicPolicy').find(([, r]) => JSON.stringify(r).includes(topicId))![1],
    );
    expect(policy).toContain('sms-voice.amazonaws.com');
    expect(policy).toContain('aws:SourceAccount');
    const subscription = resources(s.template, 'AWS::SNS::Subscription').find(([, r]) =>
      JSON.stringify(r.Properties['TopicArn']).includes(topicId),
    );
    // The live alias of sms-inbound (every entry point but the workflow invokes the alias).
    expect(JSON.stringify(subscription![1].Properties['Endpoint'])).toContain(
      lid(s, s.stack.lambdas.aliases['sms-inbound']),
    );
    expect(s.template.toJSON()['Outputs']['SmsRepliesTopic']).toBeDefined();
    // The gateway's route exists only with a gateway.
    expect(routes(s)['POST /sms-inbound']).toBeUndefined();
  });

  it("the person's export download form posts without a staff token", () => {
    expect(routes(s)['POST /download/{proxy+}']).toBe('NONE');
  });

  it('a stage without an SMS channel grants no SMS at all', () => {
    const plain = synth();
    for (const fn of FUNCTION_NAMES) {
      expect(
        grantsOf(plain, fn).filter((g) => g.action.startsWith('sms-voice:')),
        fn,
      ).toEqual([]);
      expect(envOf(plain, fn)[ENV.smsProvider], fn).toBeUndefined();
    }
  });
});

describe('SMS codes in AWS China: the company gateway', () => {
  it('End User Messaging is refused in aws-cn, naming the keys to set', () => {
    expect(() =>
      inRegion('cn-northwest-1', () =>
        synth({ ...CHINA, 'rightsflow:sms': 'end_user_messaging', 'rightsflow:smsOriginationIdentity': IDENTITY }),
      ),
    ).toThrow(/rightsflow:sms=webhook.*rightsflow:smsWebhookUrl.*rightsflow:smsWebhookSecret/);
    expect(() =>
      inRegion('cn-northwest-1', () => synth({ ...CHINA, 'rightsflow:smsWebhookSecret': undefined })),
    ).toThrow(/rightsflow:smsWebhookSecret/);
  });

  it('the texting functions read only the gateway secret; the API takes signed replies on an open route', () => {
    const s = inRegion('cn-northwest-1', () => synth(CHINA));
    for (const fn of FUNCTION_NAMES) {
      const grants = grantsOf(s, fn);
      expect(
        grants.filter((g) => g.action.startsWith('sms-voice:')),
        fn,
      ).toEqual([]);
      const gateway = grants.filter((g) => g.resource.includes('rightsflow/prod/sms-gateway'));
      if (!FUNCTION_ACCESS[fn].sms) {
        expect(gateway, fn).toEqual([]);
        continue;
      }
      expect(
        gateway.map((g) => g.action),
        fn,
      ).toEqual(['secretsmanager:GetSecretValue']);
      expect(envOf(s, fn)).toMatchObject({
        [ENV.smsProvider]: 'webhook',
        [ENV.smsWebhookUrl]: CHINA['rightsflow:smsWebhookUrl'],
        [ENV.smsWebhookSecretName]: CHINA['rightsflow:smsWebhookSecret'],
      });
    }
    expect(routes(s)['POST /sms-inbound']).toBe('NONE');
    expect(
      resources(s.template, 'AWS::SNS::Topic').some(
        ([, r]) => r.Properties['TopicName'] === 'rightsflow-prod-sms-replies',
      ),
    ).toBe(false);
  });
});
