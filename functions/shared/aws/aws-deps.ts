// StepDeps for AWS Lambda, built once per container from the environment the CDK stack sets. The variable names
// and their schema live in ./env.ts, shared with the stack (infra/aws/constructs/lambdas.ts) so they cannot drift.
// Ports a function has no settings for (blobs, starter, scheduler) are stubs that throw NotConfigured when used.

import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { calendarFor } from '../../../domain/calendar/index.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { withRecipientChannels } from '../../../domain/policy/overrides.ts';
import { SampleCompany } from '../../../infra/local/company/sample-company.ts';
import type { StepDeps, StepLogger, StepMetrics } from '../deps.ts';
import { createLogger, stepLogger } from '../logger.ts';
import type { BlobStore, CompanyDataSource, Scheduler, SmsSender, WorkflowStarter } from '../ports.ts';
import { stepError } from '../step.ts';
import { createDynamoStore } from '../store/dynamo-store.ts';
import { createHttpCompanySource } from './company-http.ts';
import { createDocumentClient } from './dynamo.ts';
import { type AwsEnv, configuredPorts, PORT_ENV, parseAwsEnv } from './env.ts';
import { createKmsCipher } from './kms-cipher.ts';
import { createSecretsManagerPartnerSecrets } from './partner-secrets.ts';
import { createS3BlobStore } from './s3-blobs.ts';
import { createEventBridgeScheduler } from './scheduler.ts';
import { createSesMailer } from './ses-mailer.ts';
import { createSfnCallbacks, createSfnStarter } from './sfn.ts';
import { createEndUserMessagingSms } from './sms-end-user-messaging.ts';
import { createSmsWebhook } from './sms-webhook.ts';

export type { AwsEnv } from './env.ts';

/** A port this function was given no settings (and no permissions) for. */
function notConfigured<T extends object>(port: string, vars: readonly string[]): T {
  return new Proxy({} as T, {
    get(_t, prop) {
      if (prop === 'then') return undefined; // not a thenable
      return async () => {
        throw stepError('NotConfigured', `${port}.${String(prop)}: this function has no ${vars.join(', ')}`);
      };
    },
  });
}

/** The salt as the hex HMAC of a fixed label under the KMS HMAC key: stable, never stored, rotatable by key. */
export async function deriveSalt(kms: KMSClient, keyId: string): Promise<string> {
  const res = await kms.send(
    new GenerateMacCommand({
      KeyId: keyId,
      MacAlgorithm: 'HMAC_SHA_256',
      Message: Buffer.from('rightsflow:subject-hash-salt:v1'),
    }),
  );
  if (!res.Mac) throw new Error('KMS returned no MAC');
  return Buffer.from(res.Mac).toString('hex');
}

/** The http connector's token: from Secrets Manager (deployed stacks) or the environment (tests). */
async function connectorToken(env: AwsEnv): Promise<string> {
  if (env.COMPANY_CONNECTOR_TOKEN) return env.COMPANY_CONNECTOR_TOKEN;
  const res = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: env.COMPANY_CONNECTOR_TOKEN_SECRET! }),
  );
  if (!res.SecretString) throw new Error('company connector token secret has no string value');
  return res.SecretString.trim();
}

async function secretString(secretId: string): Promise<string> {
  const res = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!res.SecretString) throw new Error('secret has no string value');
  return res.SecretString.trim();
}

/** The SMS channel the stage configured (env.ts SMS_*), or none: codes then go by mail to the address on file. */
export async function smsSender(env: AwsEnv): Promise<SmsSender | undefined> {
  if (env.SMS_PROVIDER === 'end_user_messaging')
    return createEndUserMessagingSms(new PinpointSMSVoiceV2Client({}), {
      originationIdentity: env.SMS_ORIGINATION_IDENTITY!,
      ...(env.SMS_CONFIGURATION_SET ? { configurationSetName: env.SMS_CONFIGURATION_SET } : {}),
      ...(env.SMS_PROTECT_CONFIGURATION_ID ? { protectConfigurationId: env.SMS_PROTECT_CONFIGURATION_ID } : {}),
    });
  if (env.SMS_PROVIDER === 'webhook')
    return createSmsWebhook({
      url: env.SMS_WEBHOOK_URL!,
      secret: env.SMS_WEBHOOK_SECRET ?? (await secretString(env.SMS_WEBHOOK_SECRET_NAME!)),
    });
  return undefined;
}

export async function awsDeps(
  options: { env?: NodeJS.ProcessEnv; logger?: StepLogger; metrics?: StepMetrics } = {},
): Promise<StepDeps> {
  const env = parseAwsEnv(options.env ?? process.env);
  const ports = new Set(configuredPorts(env));
  const clock = { now: () => new Date() };
  const doc = createDocumentClient();
  const kms = new KMSClient({});
  const sfn = new SFNClient({});
  const cipher = createKmsCipher(kms, { keyId: env.KMS_KEY_ID });
  const company: CompanyDataSource =
    env.COMPANY_CONNECTOR === 'http'
      ? createHttpCompanySource({ baseUrl: env.COMPANY_CONNECTOR_URL!, token: await connectorToken(env) })
      : new SampleCompany({ client: doc, tableName: env.COMPANY_TABLE_NAME ?? env.TABLE_NAME, clock });
  const sms = await smsSender(env);
  const subjectHashSalt = env.SUBJECT_HASH_KEY_ID
    ? await deriveSalt(kms, env.SUBJECT_HASH_KEY_ID)
    : env.SUBJECT_HASH_SALT!;
  return {
    store: createDynamoStore({ client: doc, tableName: env.TABLE_NAME, cipher, clock }),
    mailer: createSesMailer(
      new SESv2Client({}),
      env.SES_CONFIGURATION_SET ? { configurationSet: env.SES_CONFIGURATION_SET } : {},
    ),
    ...(sms ? { sms } : {}),
    ...(env.PARTNER_SECRETS_PREFIX
      ? { partnerSecrets: createSecretsManagerPartnerSecrets(new SecretsManagerClient({}), env.PARTNER_SECRETS_PREFIX) }
      : {}),
    blobs:
      ports.has('blobs') && env.BUCKET_NAME
        ? createS3BlobStore(new S3Client({}), {
            bucket: env.BUCKET_NAME,
            ...(env.BUCKET_KEY_ID ? { kmsKeyId: env.BUCKET_KEY_ID } : {}),
          })
        : notConfigured<BlobStore>('blobs', PORT_ENV.blobs),
    cipher,
    clock,
    scheduler:
      ports.has('scheduler') && env.SCHEDULER_GROUP && env.SCHEDULER_ROLE_ARN && env.SCHEDULER_TARGET_ARN
        ? createEventBridgeScheduler(new SchedulerClient({}), {
            groupName: env.SCHEDULER_GROUP,
            roleArn: env.SCHEDULER_ROLE_ARN,
            targetArn: env.SCHEDULER_TARGET_ARN,
            ...(env.SCHEDULER_DLQ_ARN ? { deadLetterArn: env.SCHEDULER_DLQ_ARN } : {}),
          })
        : notConfigured<Scheduler>('scheduler', PORT_ENV.scheduler),
    callbacks: createSfnCallbacks(sfn),
    starter:
      ports.has('starter') && env.STATE_MACHINE_ARN
        ? createSfnStarter(sfn, env.STATE_MACHINE_ARN)
        : notConfigured<WorkflowStarter>('starter', PORT_ENV.starter),
    company,
    policy: env.RIGHTSFLOW_RECIPIENT_CHANNELS
      ? withRecipientChannels(loadPolicy(), JSON.parse(env.RIGHTSFLOW_RECIPIENT_CHANNELS) as Record<string, unknown>)
      : loadPolicy(),
    calendar: calendarFor(),
    logger: options.logger ?? stepLogger(createLogger()),
    metrics: options.metrics ?? { count() {} },
    config: {
      senderAddress: env.SENDER_ADDRESS,
      privacyOfficerEmail: env.PRIVACY_OFFICER_EMAIL,
      partnerAckBaseUrl: env.PARTNER_ACK_BASE_URL,
      subjectHashSalt,
      ...(env.CONSOLE_URL ? { consoleUrl: env.CONSOLE_URL } : {}),
    },
  };
}

/** What lambdaHandler needs: deps with a redacting Powertools logger and EMF metrics, flushed per invocation. */
export async function awsLambdaDeps(stepName: string) {
  const logger = createLogger();
  const metrics = new Metrics({ namespace: 'rightsflow', serviceName: 'rightsflow' });
  metrics.addDimension('step', stepName);
  const deps = await awsDeps({
    logger: stepLogger(logger),
    metrics: { count: (name, value = 1) => metrics.addMetric(name, MetricUnit.Count, value) },
  });
  return {
    deps,
    flush: () => {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
    setContext: (ctx: unknown) => {
      if (ctx && typeof ctx === 'object' && 'awsRequestId' in ctx)
        logger.addContext(ctx as Parameters<typeof logger.addContext>[0]);
    },
  };
}
