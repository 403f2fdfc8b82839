// One definition, two targets (B1): a global region with SES and Cognito, and mainland China (aws-cn) with the
// company's SMTP relay, an S3 drop for inbound mail and its OIDC issuer. Both pass cdk-nag (synth runs it).
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ENV, consoleConfigFromEnv } from '../../functions/api/console-config.ts';
import { resources, type Synthesized, synth } from './synth.ts';

/** What AWS China needs besides the prod settings of synth.ts. */
const CHINA_SETTINGS = {
  'rightsflow:smtpSecret': 'rightsflow/prod/smtp-relay',
  'rightsflow:inboundBucket': 'lianlian-mail-gateway/privacy/',
  'rightsflow:oidcIssuer': 'https://sso.lianlianpay.com/realms/staff',
  'rightsflow:oidcAudience': 'rightsflow-console',
  // The console's code flow (from the issuer's discovery document).
  'rightsflow:oidcAuthorizeUrl': 'https://sso.lianlianpay.com/realms/staff/protocol/openid-connect/auth',
  'rightsflow:oidcTokenUrl': 'https://sso.lianlianpay.com/realms/staff/protocol/openid-connect/token',
};

/** The API function's environment as synthesized. */
function apiEnv(s: Synthesized): Record<string, unknown> {
  const fn = resources(s.template, 'AWS::Lambda::Function').find(
    ([, r]) => r.Properties['FunctionName'] === 'rightsflow-prod-api',
  );
  return (fn![1].Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
}

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

/**
 * Service principals AWS defines once for every partition, China included (the Lambda docs for the China regions
 * give `lambda.amazonaws.com`; CDK renders every principal this way since AWS standardised them). Anything regional
 * (CloudWatch Logs' `logs.<region>.<suffix>`, kms:ViaService values, issuers) must take the partition's domain.
 */
const GLOBAL_PRINCIPALS = new Set([
  'lambda.amazonaws.com',
  'states.amazonaws.com',
  'scheduler.amazonaws.com',
  'events.amazonaws.com',
  'cloudwatch.amazonaws.com',
  'apigateway.amazonaws.com',
  's3.amazonaws.com',
  'logging.s3.amazonaws.com',
]);

/** Every string in the template (keys and values), with where it was found. */
function strings(v: unknown, path = '', out: { path: string; value: string }[] = []) {
  if (typeof v === 'string') out.push({ path, value: v });
  else if (Array.isArray(v))
    v.forEach((x, i) => {
      strings(x, `${path}[${i}]`, out);
    });
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) strings(x, `${path}.${k}`, out);
  return out;
}

describe('AWS China (cn-northwest-1)', () => {
  let cn: Synthesized;
  beforeAll(() => {
    cn = inRegion('cn-northwest-1', () => synth(CHINA_SETTINGS));
  });

  it('synth without the China keys fails, naming every key to set', () => {
    expect(() => inRegion('cn-northwest-1', () => synth())).toThrow(
      /AWS China \(aws-cn\): set .*rightsflow:smtpSecret.*rightsflow:inboundBucket.*rightsflow:oidcIssuer.*rightsflow:oidcAudience/,
    );
    expect(() =>
      inRegion('cn-northwest-1', () => synth({ ...CHINA_SETTINGS, 'rightsflow:mailTransport': 'ses' })),
    ).toThrow(/rightsflow:mailTransport=smtp \(AWS China has no SES\)/);
  });

  it('has no SES and no Cognito resource (neither exists in aws-cn)', () => {
    const types = Object.values(cn.template.toJSON()['Resources'] as Record<string, { Type: string }>).map(
      (r) => r.Type,
    );
    expect(types.filter((t) => /^AWS::(SES|Cognito)::/.test(t))).toEqual([]);
    expect(types.filter((t) => /^Custom::Ses/.test(t))).toEqual([]);
  });

  it('names nothing with a hard-coded global suffix: only the partition-wide service principals end in amazonaws.com', () => {
    const all = strings(cn.template.toJSON());
    const global = all.filter((s) => /amazonaws\.com$/.test(s.value));
    for (const s of global) {
      expect(s.path, s.value).toMatch(/(\.Principal(\.Service(\[\d+\])?)?|\.iam:PassedToService)$/);
      expect(GLOBAL_PRINCIPALS.has(s.value), `${s.path}: ${s.value}`).toBe(true);
    }
    // Nothing regional names a global region's domain, and no ARN is written with the global partition.
    expect(all.filter((s) => /\.(us|eu|ap|cn)-[a-z]+-\d\.amazonaws\.com/.test(s.value))).toEqual([]);
    expect(all.filter((s) => s.value.startsWith('arn:aws:'))).toEqual([]);
    // The regional names are built from the partition's suffix: CloudWatch Logs' principal, kms:ViaService.
    const json = JSON.stringify(cn.template.toJSON());
    expect(json).toContain('{"Ref":"AWS::URLSuffix"}');
    expect(json).toMatch(/"logs\.",\{"Ref":"AWS::Region"\},"\.",\{"Ref":"AWS::URLSuffix"\}/);
    expect(json).toMatch(/"dynamodb\.",\{"Ref":"AWS::Region"\},"\.",\{"Ref":"AWS::URLSuffix"\}/);
  });

  it('mail leaves through the SMTP relay (its secret, no SES grant) and arrives through the gateway drop bucket', () => {
    const fns = resources(cn.template, 'AWS::Lambda::Function').filter(([, f]) =>
      String(f.Properties['FunctionName'] ?? '').startsWith('rightsflow-prod-'),
    );
    for (const [, f] of fns) {
      const env = (f.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
      expect(env['MAIL_TRANSPORT']).toBe('smtp');
      expect(env['SES_CONFIGURATION_SET']).toBeUndefined();
    }
    expect(JSON.stringify(cn.template.toJSON())).not.toContain('ses:SendEmail');
    cn.template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: 'lianlian-mail-gateway',
      Managed: false,
    });
  });

  it('staff sign in through the company OIDC issuer on the HTTP API JWT authorizer', () => {
    cn.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: CHINA_SETTINGS['rightsflow:oidcIssuer'], Audience: ['rightsflow-console'] },
    });
    // The console signs in through the same issuer (code flow + PKCE): the API function reads these.
    const env = apiEnv(cn);
    expect(consoleConfigFromEnv(env as Record<string, string>)).toEqual({
      auth: 'oidc',
      issuer: CHINA_SETTINGS['rightsflow:oidcIssuer'],
      clientId: 'rightsflow-console',
      authorizationEndpoint: CHINA_SETTINGS['rightsflow:oidcAuthorizeUrl'],
      tokenEndpoint: CHINA_SETTINGS['rightsflow:oidcTokenUrl'],
      scopes: ['openid', 'email', 'profile'],
    });
  });
});

describe('global region', () => {
  it('refuses SES receiving in a region AWS does not document it for, naming the ways out', () => {
    expect(() => inRegion('ap-southeast-1', () => synth())).toThrow(
      /SES email receiving is documented only in .*rightsflow:inboundBucket.*rightsflow:sesReceivingRegionConfirmed/,
    );
    // With the gateway drop instead, SES only sends: no receipt rule.
    const drop = inRegion('ap-southeast-1', () => synth({ 'rightsflow:inboundBucket': 'mail-gateway' }));
    expect(resources(drop.template, 'AWS::SES::ReceiptRuleSet')).toEqual([]);
    expect(resources(drop.template, 'AWS::SES::EmailIdentity')).toHaveLength(1);
  });

  it('refuses to receive on the apex corporate domain (its whole MX would move to SES) unless told', () => {
    expect(() => synth({ 'rightsflow:privacyMailbox': 'privacy@lianlianpay.com' })).toThrow(
      /dedicated subdomain.*rightsflow:receivingAddress.*rightsflow:receiveOnApex=true/,
    );
    // Forwarding from the corporate server to the SES subdomain: the public mailbox stays on the apex.
    const forwarded = synth({
      'rightsflow:privacyMailbox': 'privacy@lianlianpay.com',
      'rightsflow:receivingAddress': 'privacy@rights.lianlianpay.com',
    });
    forwarded.template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: { Recipients: ['privacy@rights.lianlianpay.com'] },
    });
  });

  it('any OIDC issuer can replace the user pool in a global region too', () => {
    const oidc = synth({
      'rightsflow:oidcIssuer': 'https://login.example.com',
      'rightsflow:oidcAudience': 'console',
    });
    expect(resources(oidc.template, 'AWS::Cognito::UserPool')).toEqual([]);
    oidc.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: 'https://login.example.com', Audience: ['console'] },
    });
  });

  it('the Cognito issuer is built from the partition suffix; the console client uses the code flow only', () => {
    const s = synth();
    const authorizer = resources(s.template, 'AWS::ApiGatewayV2::Authorizer')[0]![1];
    expect(JSON.stringify(authorizer.Properties['JwtConfiguration'])).toContain('AWS::URLSuffix');
    s.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      GenerateSecret: false,
    });
    s.template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    // The console's sign-in: the user pool's issuer, its console client and the hosted UI's OAuth endpoints.
    const env = JSON.stringify(apiEnv(s));
    for (const name of Object.values(CONSOLE_ENV).filter((n) => n !== CONSOLE_ENV.assetsDir))
      expect(env).toContain(`"${name}"`);
    expect(env).toMatch(/RIGHTSFLOW_CONSOLE_OIDC_AUTHORIZE_URL":\{"Fn::Join":.*\.auth\..*\/oauth2\/authorize/);
    expect(env).toMatch(/RIGHTSFLOW_CONSOLE_OIDC_CLIENT_ID":\{"Ref":"ApiStaffConsole/);
  });

  it('an OIDC issuer without the console endpoints leaves the console without sign-in, and says so', () => {
    const oidc = synth({ 'rightsflow:oidcIssuer': 'https://login.example.com', 'rightsflow:oidcAudience': 'console' });
    expect(apiEnv(oidc)[CONSOLE_ENV.issuer]).toBeUndefined();
    expect(() =>
      synth({
        'rightsflow:oidcIssuer': 'https://login.example.com',
        'rightsflow:oidcAudience': 'console',
        'rightsflow:oidcAuthorizeUrl': 'https://login.example.com/authorize',
      }),
    ).toThrow(/rightsflow:oidcAuthorizeUrl and rightsflow:oidcTokenUrl/);
  });

  it('a stage without a region is refused: partition and services depend on it', async () => {
    const { targetRegion } = await import('../../infra/aws/config.ts');
    expect(() => targetRegion({})).toThrow(/set the target region/);
  });
});
