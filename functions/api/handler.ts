// AWS Lambda entry of the HTTP API (API Gateway HTTP API, payload 2.0): the same hono router as the local runtime,
// with the caller taken from the JWT authorizer's claims (Cognito, or any OIDC issuer: the claim that carries the
// roles is STAFF_GROUPS_CLAIM). Deps are built once per container.
import { handle } from 'hono/aws-lambda';
import { awsLambdaDeps } from '../shared/aws/aws-deps.ts';
import { createApiApp } from './app.ts';
import { cognitoAuthenticator } from './auth.ts';
import { CONSOLE_ENV, consoleConfigFromEnv } from './console-config.ts';

let ready: Promise<ReturnType<typeof handle>> | undefined;

async function build() {
  const { deps, flush } = await awsLambdaDeps();
  const consoleConfig = consoleConfigFromEnv(process.env);
  const app = createApiApp({
    ...deps,
    // The console's files travel in this function's asset (CDK bundling hook) and sign in through the stage's IdP.
    consoleAssetsDir: process.env[CONSOLE_ENV.assetsDir] ?? `${process.env['LAMBDA_TASK_ROOT'] ?? '/var/task'}/web`,
    ...(consoleConfig ? { consoleConfig } : {}),
    authenticate: cognitoAuthenticator({ groupsClaim: process.env['STAFF_GROUPS_CLAIM'] ?? 'cognito:groups' }),
    // Reaching this code means the container built its deps (table, KMS salt, policy): ready.
    health: () => true,
  });
  const inner = handle(app);
  return (async (event, context) => {
    try {
      return await inner(event, context);
    } finally {
      flush();
    }
  }) as ReturnType<typeof handle>;
}

export const handler: ReturnType<typeof handle> = async (event, context) => {
  ready ??= build().catch((err) => {
    ready = undefined; // retry the cold start on the next invocation
    throw err;
  });
  return (await ready)(event, context);
};
