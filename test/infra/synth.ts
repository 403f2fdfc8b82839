// Synthesizes the stack once for the infra tests: cdk.json's context, bundling skipped (fast, no handler files needed).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadPolicy } from '../../domain/policy/load.ts';
import { buildApp } from '../../infra/aws/build-app.ts';
import { placeholderRecipients } from '../../infra/aws/config.ts';
import { FUNCTION_NAMES } from '../../infra/aws/functions.ts';
import type { RightsflowStack } from '../../infra/aws/rightsflow-stack.ts';

const FUNCTIONS = new URL('../../functions/', import.meta.url).pathname;

/** Handler folders as the stack expects them: the real handler where written, a placeholder where not yet. */
function functionsDirForTest(): string {
  const root = mkdtempSync(join(tmpdir(), 'rightsflow-fns-'));
  symlinkSync(new URL('../../package-lock.json', import.meta.url).pathname, join(root, 'package-lock.json'));
  // Bundling copies <projectRoot>/policy into each asset (infra/aws/constructs/bundling.ts).
  symlinkSync(new URL('../../policy', import.meta.url).pathname, join(root, 'policy'));
  const dir = join(root, 'functions');
  mkdirSync(dir);
  for (const fn of FUNCTION_NAMES) {
    mkdirSync(join(dir, fn));
    const real = join(FUNCTIONS, fn, 'handler.ts');
    if (existsSync(real)) symlinkSync(real, join(dir, fn, 'handler.ts'));
    else writeFileSync(join(dir, fn, 'handler.ts'), 'export const handler = async () => ({});\n');
  }
  return dir;
}

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/** A production stage's required settings (cdk.json defaults to dev): the http connector and real partner channels. */
export const PROD_TOKEN_SECRET = 'rightsflow/prod/company-connector-token';
export const PROD_SETTINGS: Record<string, unknown> = {
  'rightsflow:stage': 'prod',
  'rightsflow:domain': 'rights.lianlianpay.com',
  'rightsflow:privacyMailbox': 'privacy@rights.lianlianpay.com',
  'rightsflow:senderAddress': 'privacy@rights.lianlianpay.com',
  'rightsflow:companyConnector': 'http',
  'rightsflow:companyConnectorUrl': 'https://connector.internal.example.com/rightsflow',
  'rightsflow:companyConnectorTokenSecret': PROD_TOKEN_SECRET,
  'rightsflow:recipientChannels': JSON.stringify(
    Object.fromEntries(
      placeholderRecipients(loadPolicy()).map((id) => [
        id,
        { type: 'email', address: `${id.replace(/[^a-z0-9]/gi, '-').toLowerCase()}@partners.example.com` },
      ]),
    ),
  ),
};

export interface Synthesized {
  app: App;
  stack: RightsflowStack;
  template: Template;
}

let cached: Synthesized | undefined;

/**
 * `cfnValidation` runs CDK's built-in CloudFormation schema validation (a WASM engine, seconds per synth):
 * on in the cdk-nag test, off elsewhere to keep the assertions fast.
 */
export function synth(extraContext: Record<string, unknown> = {}, cfnValidation = false): Synthesized {
  if (cached && Object.keys(extraContext).length === 0 && !cfnValidation) return cached;
  if (cfnValidation) delete process.env['CDK_VALIDATION'];
  else process.env['CDK_VALIDATION'] = 'false';
  process.env['CDK_DEFAULT_ACCOUNT'] ??= '111122223333';
  process.env['CDK_DEFAULT_REGION'] ??= 'us-east-1';
  const { app, stack } = buildApp({
    context: {
      ...cdkJson.context,
      ...PROD_SETTINGS,
      'rightsflow:functionsDir': functionsDirForTest(),
      ...extraContext,
      'aws:cdk:bundling-stacks': [],
    },
  });
  const template = Template.fromStack(stack);
  const result = { app, stack, template };
  if (Object.keys(extraContext).length === 0 && !cfnValidation) cached = result;
  return result;
}

type Resource = { Type: string; Properties: Record<string, unknown> };

export function resources(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.toJSON()['Resources'] as Record<string, Resource>).filter(([, r]) => r.Type === type);
}

export interface Grant {
  action: string;
  resource: string;
  condition?: unknown;
}

/** Every (action, resource) an IAM role may use, from the policies attached to it; resources as JSON text. */
export function roleGrants(template: Template, roleLogicalId: string): Grant[] {
  const out: Grant[] = [];
  for (const [, p] of resources(template, 'AWS::IAM::Policy')) {
    const roles = p.Properties['Roles'] as { Ref: string }[];
    if (!roles.some((r) => r.Ref === roleLogicalId)) continue;
    const doc = p.Properties['PolicyDocument'] as {
      Statement: { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown }[];
    };
    for (const st of doc.Statement) {
      if (st.Effect !== 'Allow') continue;
      for (const action of ([] as string[]).concat(st.Action)) {
        for (const r of ([] as unknown[]).concat(st.Resource)) {
          out.push({ action, resource: JSON.stringify(r), condition: st.Condition });
        }
      }
    }
  }
  return out;
}
