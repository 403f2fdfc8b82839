// One handler bundled for real (esbuild, as `cdk synth` does): the asset holds the ESM bundle and the policy files,
// and the bundle, run from the asset with the stack's policy variables, loads policy and calendar from there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { build } from 'esbuild';
import { beforeAll, expect, it } from 'vitest';
import { COMPILED_POLICY_FILE, type CompiledPolicy, policyFromCompiled } from '../../domain/policy/compiled.ts';
import { loadPolicy } from '../../domain/policy/load.ts';
import { BUNDLED_POLICY_DIR, bundledPolicyEnv, bundling, esbuildOptions } from '../../infra/aws/constructs/bundling.ts';
import { REPO_ROOT } from '../../infra/aws/constructs/lambdas.ts';
import { FUNCTION_ACCESS, FUNCTION_NAMES } from '../../infra/aws/functions.ts';

let asset: string;
beforeAll(() => {
  const outdir = mkdtempSync(join(tmpdir(), 'rightsflow-bundle-'));
  // The AWS SDK is external (it is in the Lambda runtime): let the bundle resolve it from the checkout.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(outdir, 'node_modules'));
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': ['**'] } });
  const stack = new Stack(app, 'BundleProbe');
  const fn = new nodejs.NodejsFunction(stack, 'LoadRequest', {
    entry: join(REPO_ROOT, 'functions/load-request/handler.ts'),
    projectRoot: REPO_ROOT,
    depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    bundling: bundling(),
  });
  app.synth();
  const code = (fn.node.defaultChild as lambda.CfnFunction).code as { s3Key?: string };
  const hash = Stack.of(fn).resolve(code.s3Key) as string;
  asset = join(outdir, `asset.${hash.replace(/\.zip$/, '')}`);
}, 120_000);

it('the asset holds the ESM bundle and every policy file', () => {
  expect(existsSync(join(asset, 'index.mjs'))).toBe(true);
  const policy = join(asset, BUNDLED_POLICY_DIR);
  const repoPolicy = join(REPO_ROOT, 'policy');
  const yaml = (d: string) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
  expect(yaml(policy)).toEqual(yaml(repoPolicy));
  expect(yaml(policy)).toContain('holidays.yaml');
  expect(readdirSync(join(policy, 'templates')).sort()).toEqual(readdirSync(join(repoPolicy, 'templates')).sort());
  // What the function reads: the policy and schedules compiled (and checked) by the bundling hook.
  const compiled = JSON.parse(readFileSync(join(policy, COMPILED_POLICY_FILE), 'utf8')) as CompiledPolicy;
  expect(policyFromCompiled(compiled).policy).toEqual(loadPolicy());
});

/** Runs the bundle's handler in a fresh Node with the policy variables given; returns the error name it threw. */
function coldStart(policyEnv: Record<string, string>): string {
  const script = `
    const { handler } = await import(${JSON.stringify(join(asset, 'index.mjs'))});
    try { await handler({ requestId: 'not-a-request-id' }); console.log('no error'); }
    catch (e) { console.log(e.name + ' ' + (e.code ?? '')); }
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: tmpdir(),
    env: {
      PATH: process.env['PATH'],
      ...policyEnv,
      AWS_REGION: 'ap-southeast-1',
      TABLE_NAME: 't',
      KMS_KEY_ID: 'k',
      SENDER_ADDRESS: 'privacy@lianlianpay.com',
      PRIVACY_OFFICER_EMAIL: 'dpo@lianlianpay.com',
      PARTNER_ACK_BASE_URL: 'https://example.invalid/partner-ack',
      SUBJECT_HASH_SALT: 'test-salt',
      COMPANY_CONNECTOR_URL: 'https://connector.example.invalid',
      COMPANY_CONNECTOR_TOKEN: 'not-a-secret',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    encoding: 'utf8',
  });
  return out.trim().split('\n').at(-1)?.trim() ?? '';
}

it('the bundle runs from the asset: deps (policy, calendar) build from the bundled files', () => {
  // The stack's variables point at /var/task; here the asset dir plays /var/task.
  const env = Object.fromEntries(
    Object.entries(bundledPolicyEnv()).map(([k, v]) => [k, v.replace('/var/task', asset)]),
  );
  // InvalidInput comes from the step, after awsDeps() loaded the policy and calendar.
  expect(coldStart(env)).toBe('InvalidInput');
  // Without the files the cold start fails before the step: what a bundle without policy/ would do in Lambda.
  const missing = Object.fromEntries(Object.keys(env).map((k) => [k, join(asset, 'no-such-dir', 'x')]));
  expect(coldStart(missing)).toBe('Error ENOENT');
}, 60_000);

/** A handler bundled with the stack's options for one mail transport: what reached the output, and its text. */
async function bundled(
  fn: string,
  mailTransport: 'ses' | 'smtp' | 'none',
): Promise<{ inputs: string[]; text: string }> {
  const res = await build({
    ...esbuildOptions(
      join(REPO_ROOT, 'functions', fn, 'handler.ts'),
      join(tmpdir(), 'rightsflow-probe.mjs'),
      bundling({ mailTransport }),
    ),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  // metafile.inputs also lists modules parsed and then dropped as dead code: count only what reached the output.
  const output = Object.values(res.metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs)
    .filter(([, v]) => v.bytesInOutput > 0)
    .map(([p]) => p);
  return { inputs, text: res.outputFiles[0]!.text };
}

it('a function without mail access carries no mail transport; a sending one only its stage transport', async () => {
  const nodemailer = (b: { inputs: string[] }) => b.inputs.some((p) => p.includes('node_modules/nodemailer/'));
  const sesClient = (b: { text: string }) => b.text.includes('@aws-sdk/client-sesv2');
  expect(FUNCTION_ACCESS['fire-timer'].sendMail).toBeUndefined();
  const quiet = await bundled('fire-timer', 'none');
  expect([nodemailer(quiet), sesClient(quiet)]).toEqual([false, false]);
  // (An SMTP bundle still names the SES client after the transport's `throw`; it is external and never loaded.)
  expect(nodemailer(await bundled('record-failure', 'smtp'))).toBe(true);
  const ses = await bundled('record-failure', 'ses');
  expect([nodemailer(ses), sesClient(ses)]).toEqual([false, true]);
}, 60_000);

it("no function carries the YAML parser or chinese-days' data file; only letter writers carry the template engine", async () => {
  const has = (b: { inputs: string[] }, dir: string) => b.inputs.some((p) => p.includes(dir));
  const liquid: string[] = [];
  for (const fn of FUNCTION_NAMES) {
    const b = await bundled(fn, FUNCTION_ACCESS[fn].sendMail ? 'ses' : 'none');
    expect(has(b, 'node_modules/yaml/'), fn).toBe(false);
    expect(has(b, 'chinese-days/dist/chinese-days.json'), fn).toBe(false);
    if (has(b, 'node_modules/liquidjs/')) liquid.push(fn);
  }
  // A step that writes no letter (loads, checks, plans, records) has no liquidjs.
  for (const fn of ['load-request', 'check-exceptions', 'plan-notices', 'record-outcome', 'fire-timer'])
    expect(liquid, fn).not.toContain(fn);
}, 120_000);
