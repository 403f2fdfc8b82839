// One source of truth for the Lambda environment (functions/shared/aws/env.ts): every synthesized function carries
// every variable awsDeps() needs for the ports its access declares, no stray names, and awsDeps() really builds
// from that environment (KMS mocked for the salt).

import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ENV } from '../../functions/api/console-config.ts';
import { awsDeps } from '../../functions/shared/aws/aws-deps.ts';
import { configuredPorts, ENV, parseAwsEnv, requiredEnv } from '../../functions/shared/aws/env.ts';
import { placeholderRecipients } from '../../infra/aws/config.ts';
import { BUNDLED_POLICY_DIR, LAMBDA_TASK_ROOT } from '../../infra/aws/constructs/bundling.ts';
import { FUNCTION_ACCESS, FUNCTION_NAMES, type FunctionName, portsOf } from '../../infra/aws/functions.ts';
import { resources, type Synthesized, synth } from './synth.ts';

let s: Synthesized;
const kms = mockClient(KMSClient);
// The prod settings use the http company connector, whose token is read from Secrets Manager at cold start.
const secrets = mockClient(SecretsManagerClient);
// Every function reads the operations-loaded holiday schedule at cold start (none loaded here).
const ssm = mockClient(SSMClient);
beforeAll(() => {
  s = synth();
  ssm.on(GetParameterCommand).rejects(Object.assign(new Error('none'), { name: 'ParameterNotFound' }));
  kms.on(GenerateMacCommand).resolves({ Mac: new Uint8Array([1, 2, 3]) });
  secrets.on(GetSecretValueCommand).resolves({ SecretString: 'connector-token-not-secret\n' });
});
afterAll(() => {
  kms.restore();
  secrets.restore();
  ssm.restore();
});

/** Names the stack may set besides env.ts's: Powertools, Node and informational ones no code reads. */
const OTHER = new Set([
  'STAGE',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
  'POWERTOOLS_LOG_LEVEL',
  'NODE_OPTIONS',
  'RIGHTSFLOW_FUNCTION',
  'USER_POOL_ID',
  'USER_POOL_CLIENT_ID',
  // The API function's console (functions/api/console-config.ts CONSOLE_ENV).
  ...Object.values(CONSOLE_ENV),
]);

/** CloudFormation intrinsics as text: Join joined, Ref/GetAtt as `<LogicalId>` (enough to read the shape). */
function text(v: unknown): string {
  if (typeof v === 'string') return v;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o['Fn::Join'])) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map(text).join(sep);
  }
  if (o['Ref']) return `<${String(o['Ref'])}>`;
  if (Array.isArray(o['Fn::GetAtt'])) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  return `<${JSON.stringify(v)}>`;
}

/** A function's Environment.Variables with intrinsics as text. */
function envOf(fn: FunctionName): Record<string, string> {
  const found = resources(s.template, 'AWS::Lambda::Function').find(
    ([, f]) => f.Properties['FunctionName'] === `rightsflow-prod-${fn}`,
  );
  expect(found, fn).toBeDefined();
  const vars = (found![1].Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, text(v)]));
}

describe('Lambda environment', () => {
  it('every function has every variable awsDeps() requires for its ports, and only known names', () => {
    const known = new Set<string>([...Object.values(ENV), ...OTHER]);
    for (const fn of FUNCTION_NAMES) {
      const env = envOf(fn);
      const ports = portsOf(FUNCTION_ACCESS[fn]);
      for (const name of requiredEnv(ports)) expect(env[name], `${fn}: ${name}`).toBeDefined();
      expect(
        Object.keys(env).filter((k) => !known.has(k)),
        fn,
      ).toEqual([]);
      // The schema awsDeps() parses accepts it, and exactly the declared ports are configured (a port's settings
      // without its permissions, or the reverse, is caught here).
      expect(configuredPorts(parseAwsEnv(env)).sort(), fn).toEqual([...ports].sort());
      expect(env[ENV.policyDir], fn).toBe(`${LAMBDA_TASK_ROOT}/${BUNDLED_POLICY_DIR}`);
      // The holiday schedules are in the compiled policy (policy/compiled.json), not read from holidays.yaml.
      expect(env[ENV.holidaysFile], fn).toBeUndefined();
    }
  });

  it('each blob bucket a function gets is one it is granted: intake and sweep → raw mail, exports users → exports, the api → both', () => {
    const raw = s.stack.getLogicalId(s.stack.storage.rawMail.node.defaultChild as never);
    const exp = s.stack.getLogicalId(s.stack.storage.exports.node.defaultChild as never);
    const kinds = (fn: FunctionName) => new Set((FUNCTION_ACCESS[fn].blobs ?? []).map((g) => g.bucket));
    for (const fn of FUNCTION_NAMES) {
      const env = envOf(fn);
      if (kinds(fn).has('rawMail')) expect(env[ENV.rawMailBucket], fn).toContain(raw);
      else expect(env[ENV.rawMailBucket], fn).toBeUndefined();
      if (kinds(fn).has('exports')) expect(env[ENV.exportsBucket], fn).toContain(exp);
      else expect(env[ENV.exportsBucket], fn).toBeUndefined();
    }
    expect([...kinds('api')].sort()).toEqual(['exports', 'rawMail']);
    expect([...kinds('mail-intake')]).toEqual(['rawMail']);
    expect([...kinds('fulfil-right')]).toEqual(['exports']);
  });

  it('awsDeps() builds from each synthesized environment; an unconfigured port refuses to be used', async () => {
    for (const fn of FUNCTION_NAMES) {
      const env = envOf(fn);
      // The bundled policy paths exist only inside the asset: read the checkout's here.
      delete env[ENV.policyDir];
      const deps = await awsDeps({ env, logger: { debug() {}, info() {}, warn() {}, error() {} } });
      expect(deps.config.subjectHashSalt, fn).toBe('010203');
      expect(deps.config.partnerAckBaseUrl, fn).toMatch(/\/partner-ack$/);
      // The stage's partner channels replace every placeholder address of policy/recipients.yaml.
      expect(placeholderRecipients(deps.policy), fn).toEqual([]);
      if (!portsOf(FUNCTION_ACCESS[fn]).includes('starter'))
        await expect(deps.starter.start('RF-20261125-AAAAAA'), fn).rejects.toMatchObject({ name: 'NotConfigured' });
      if (!portsOf(FUNCTION_ACCESS[fn]).includes('scheduler'))
        await expect(deps.scheduler.scheduleAt('x', new Date(), {}), fn).rejects.toMatchObject({
          name: 'NotConfigured',
        });
    }
  });

  it('a missing variable is named', () => {
    const env = envOf('api');
    delete env[ENV.senderAddress];
    expect(() => parseAwsEnv(env)).toThrow(/SENDER_ADDRESS/);
    const smtp = { ...envOf('load-request'), [ENV.mailTransport]: 'smtp' };
    expect(() => parseAwsEnv(smtp)).toThrow(/SMTP_SECRET/);
  });
});
