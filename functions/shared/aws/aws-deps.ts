// StepDeps for AWS Lambda, built once per container from the environment the CDK stack sets. The variable names
// and their schema live in ./env.ts, shared with the stack (infra/aws/constructs/lambdas.ts) so they cannot drift.
// Ports a function has no settings for (blobs, starter, scheduler) are stubs that throw NotConfigured when used.
// Every SDK client is made on first use (./lazy.ts): a function loads only the clients it calls.

import type { KMSClient } from '@aws-sdk/client-kms';
import type { YearSchedule } from '../../../domain/calendar/index.ts';
import { loadCompiledPolicy } from '../../../domain/policy/compiled.ts';
import { withRecipientChannels } from '../../../domain/policy/overrides.ts';
import type { Policy } from '../../../domain/policy/schema.ts';
import { storeExpiryDays } from '../../../domain/request/retention.ts';
import { type BlobKind, blobKindOf } from '../blob-kinds.ts';
import type { StepDeps, StepLogger, StepMetrics } from '../deps.ts';
import { createLogger, stepLogger } from '../logger.ts';
import { senderNameOf } from '../mail/address.ts';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../metrics.ts';
import type {
  BlobStore,
  CompanyDataSource,
  EvidenceVault,
  Mailer,
  Scheduler,
  SmsSender,
  WorkflowStarter,
} from '../ports.ts';
import { stepError } from '../step.ts';
import { createDynamoStore } from '../store/dynamo-store.ts';
import { createHttpCompanySource } from './company-http.ts';
import { createDocumentClient } from './dynamo.ts';
import { type AwsEnv, configuredPorts, ENV, PORT_ENV, parseAwsEnv } from './env.ts';
import { createSsmHolidaySource, fixedHolidaySource, type HolidaySource } from './holidays.ts';
import { createKmsCipher } from './kms-cipher.ts';
import { type ClientSource, clientOf, once } from './lazy.ts';
import { createSecretsManagerPartnerSecrets } from './partner-secrets.ts';
import { withPartnerSink } from './partner-sink.ts';
import { createS3BlobStore } from './s3-blobs.ts';
import { createS3EvidenceVault } from './s3-evidence-vault.ts';
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

/**
 * One BlobStore over the two buckets: each key goes to the bucket of its kind (raw mail and attachments, or exports;
 * functions/shared/blob-kinds.ts), so a function that handles both (the api: downloads and quarantined mail) never
 * reads mail from the exports bucket.
 */
export function routedBlobs(byKind: Record<BlobKind, BlobStore>): BlobStore {
  const of = (key: string) => byKind[blobKindOf(key)];
  return {
    put: async (key, body, contentType) => of(key).put(key, body, contentType),
    get: async (key) => of(key).get(key),
    exists: async (key) => of(key).exists(key),
    delete: async (key) => of(key).delete(key),
  };
}

/** The salt as the hex HMAC of a fixed label under the KMS HMAC key: stable, never stored, rotatable by key. */
export async function deriveSalt(kms: ClientSource<KMSClient>, keyId: string): Promise<string> {
  const { GenerateMacCommand } = await import('@aws-sdk/client-kms');
  const res = await (await clientOf(kms)).send(
    new GenerateMacCommand({
      KeyId: keyId,
      MacAlgorithm: 'HMAC_SHA_256',
      Message: Buffer.from('rightsflow:subject-hash-salt:v1'),
    }),
  );
  if (!res.Mac) throw new Error('KMS returned no MAC');
  return Buffer.from(res.Mac).toString('hex');
}

/** A Secrets Manager secret's string, read once per container, on first use. */
function secretString(secretId: string): () => Promise<string> {
  return once(async () => {
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const res = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!res.SecretString) throw new Error(`secret ${secretId} has no string value`);
    return res.SecretString.trim();
  });
}

/** The company's systems behind the http connector; the bearer token is fetched on the first call, not at start. */
function companySource(env: AwsEnv): CompanyDataSource {
  const token = env.COMPANY_CONNECTOR_TOKEN
    ? async () => env.COMPANY_CONNECTOR_TOKEN!
    : secretString(env.COMPANY_CONNECTOR_TOKEN_SECRET!);
  return createHttpCompanySource({ baseUrl: env.COMPANY_CONNECTOR_URL!, token });
}

/** Set at bundle time (infra/aws/constructs/bundling.ts `define`): read policy/compiled.json, not the YAML. */
declare const __RIGHTSFLOW_COMPILED_POLICY__: boolean | undefined;

/**
 * The policy and the official holiday schedules the function was deployed with. A bundle reads the compiled JSON at
 * RIGHTSFLOW_POLICY_DIR; unbundled (tests, scripts) the YAML loaders are imported only on this branch, which
 * esbuild drops from a bundle together with the YAML parser, the template checker and chinese-days' data file.
 */
async function bundledPolicy(dir: string | undefined): Promise<{ policy: Policy; schedules: readonly YearSchedule[] }> {
  // A conditional expression (not an early return) so that esbuild folds it at parse time and drops the other branch
  // with its dynamic imports (as mailerOf below).
  return typeof __RIGHTSFLOW_COMPILED_POLICY__ !== 'undefined' && __RIGHTSFLOW_COMPILED_POLICY__
    ? loadCompiledPolicy(dir ?? `${process.env['LAMBDA_TASK_ROOT'] ?? '.'}/policy`)
    : {
        policy: (await import('../../../domain/policy/load.ts')).loadPolicy(dir),
        schedules: (await import('../../../domain/calendar/files.ts')).bundledSchedules(),
      };
}

/**
 * The stage's mail transport, fixed at bundle time (infra/aws/constructs/bundling.ts `define`): a bundle for an SES
 * stage leaves the SMTP branch, and nodemailer with it, out; tests and the local runtime see `any`.
 */
declare const __RIGHTSFLOW_MAIL_TRANSPORT__: string | undefined;

function mailerOf(env: AwsEnv, senderName: string | undefined): Mailer {
  // A function bundled without a transport (no sendMail access, infra/aws/functions.ts): a conditional expression,
  // which esbuild folds so that transportMailer, with nodemailer and the SES client, leaves the bundle (an early
  // `return` would not: code after it stays).
  return typeof __RIGHTSFLOW_MAIL_TRANSPORT__ !== 'undefined' && __RIGHTSFLOW_MAIL_TRANSPORT__ === 'none'
    ? notConfigured<Mailer>('mailer', ['mail transport (this function has no sendMail access)'])
    : transportMailer(env, senderName);
}

function transportMailer(env: AwsEnv, senderName: string | undefined): Mailer {
  // Written out at each use (not through a const) so that esbuild folds it at parse time and drops the dead branch
  // with its dynamic import: through a const, nodemailer (~240 KB) stayed in every SES bundle.
  if (
    (typeof __RIGHTSFLOW_MAIL_TRANSPORT__ === 'undefined' || __RIGHTSFLOW_MAIL_TRANSPORT__ !== 'ses') &&
    env.MAIL_TRANSPORT === 'smtp'
  ) {
    const settings = secretString(env.SMTP_SECRET!);
    const smtp = once(async () => {
      const { createSmtpMailer, SmtpSettings } = await import('./smtp-mailer.ts');
      return createSmtpMailer({
        settings: async () => SmtpSettings.parse(JSON.parse(await settings())),
        ...(senderName ? { senderName } : {}),
      });
    });
    return { send: async (mail) => (await smtp()).send(mail) };
  }
  if (typeof __RIGHTSFLOW_MAIL_TRANSPORT__ !== 'undefined' && __RIGHTSFLOW_MAIL_TRANSPORT__ === 'smtp')
    throw new Error('this bundle was built for the SMTP transport');
  const ses = once(async () => new (await import('@aws-sdk/client-sesv2')).SESv2Client({}));
  return createSesMailer(ses, {
    ...(env.SES_CONFIGURATION_SET ? { configurationSet: env.SES_CONFIGURATION_SET } : {}),
    ...(senderName ? { senderName } : {}),
  });
}

/**
 * The company SMS gateway's signing secret when the stage uses one (SMS_PROVIDER=webhook): read once at the API's
 * cold start, so POST /sms-inbound can check the replies the gateway forwards. Undefined otherwise (the route is 404).
 */
export async function smsGatewaySecretOf(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (env[ENV.smsProvider] !== 'webhook') return undefined;
  if (env[ENV.smsWebhookSecret]) return env[ENV.smsWebhookSecret];
  const name = env[ENV.smsWebhookSecretName];
  return name ? secretString(name)() : undefined;
}

/** The SMS channel the stage configured (env.ts SMS_*), or none: codes then go by mail to the address on file. */
export function smsSender(env: AwsEnv): SmsSender | undefined {
  if (env.SMS_PROVIDER === 'end_user_messaging')
    return createEndUserMessagingSms(
      once(async () => new (await import('@aws-sdk/client-pinpoint-sms-voice-v2')).PinpointSMSVoiceV2Client({})),
      {
        originationIdentity: env.SMS_ORIGINATION_IDENTITY!,
        ...(env.SMS_CONFIGURATION_SET ? { configurationSetName: env.SMS_CONFIGURATION_SET } : {}),
        ...(env.SMS_PROTECT_CONFIGURATION_ID ? { protectConfigurationId: env.SMS_PROTECT_CONFIGURATION_ID } : {}),
      },
    );
  if (env.SMS_PROVIDER === 'webhook') {
    const fromEnv = env.SMS_WEBHOOK_SECRET;
    return createSmsWebhook({
      url: env.SMS_WEBHOOK_URL!,
      secret: fromEnv ? async () => fromEnv : secretString(env.SMS_WEBHOOK_SECRET_NAME!),
    });
  }
  return undefined;
}

export async function awsDeps(
  options: { env?: NodeJS.ProcessEnv; logger?: StepLogger; metrics?: StepMetrics } = {},
): Promise<StepDeps & { holidays?: HolidaySource }> {
  const env = parseAwsEnv(options.env ?? process.env);
  const ports = new Set(configuredPorts(env));
  const clock = { now: () => new Date() };
  const logger = options.logger ?? stepLogger(createLogger());
  const doc = createDocumentClient();
  const kms = once(async () => new (await import('@aws-sdk/client-kms')).KMSClient({}));
  const sfn = once(async () => new (await import('@aws-sdk/client-sfn')).SFNClient({}));
  const s3 = once(async () => new (await import('@aws-sdk/client-s3')).S3Client({}));
  const cipher = createKmsCipher(kms, { keyId: env.KMS_KEY_ID });
  const sms = smsSender(env);
  const bucketKey = env.BUCKET_KEY_ID ? { kmsKeyId: env.BUCKET_KEY_ID } : {};
  const subjectHashSalt = env.SUBJECT_HASH_KEY_ID
    ? await deriveSalt(kms, env.SUBJECT_HASH_KEY_ID)
    : env.SUBJECT_HASH_SALT!;
  const explicit = env.RIGHTSFLOW_RECIPIENT_CHANNELS
    ? (JSON.parse(env.RIGHTSFLOW_RECIPIENT_CHANNELS) as Record<string, unknown>)
    : {};
  const bundled = await bundledPolicy((options.env ?? process.env)[ENV.policyDir]);
  const configured = withRecipientChannels(bundled.policy, explicit);
  const policy = env.RIGHTSFLOW_PARTNER_SINK
    ? withPartnerSink(configured, env.RIGHTSFLOW_PARTNER_SINK, explicit)
    : configured;
  const holidays = env.HOLIDAYS_PARAMETER
    ? createSsmHolidaySource(
        once(async () => new (await import('@aws-sdk/client-ssm')).SSMClient({})),
        { parameterName: env.HOLIDAYS_PARAMETER, logger, bundled: bundled.schedules },
      )
    : fixedHolidaySource(bundled.schedules);
  return {
    store: createDynamoStore({
      client: doc,
      tableName: env.TABLE_NAME,
      cipher,
      clock,
      // DynamoDB TTL drops lookup keys, the send log and one-time codes once they can serve no request.
      expiryDays: storeExpiryDays(policy.requestRecords),
    }),
    mailer: mailerOf(env, senderNameOf(policy.settings.mail.sender)),
    ...(sms ? { sms } : {}),
    ...(env.PARTNER_SECRETS_PREFIX
      ? {
          partnerSecrets: createSecretsManagerPartnerSecrets(
            once(async () => new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient({})),
            env.PARTNER_SECRETS_PREFIX,
          ),
        }
      : {}),
    blobs: routedBlobs({
      rawMail:
        ports.has('mailBlobs') && env.RAW_MAIL_BUCKET_NAME
          ? createS3BlobStore(s3, { bucket: env.RAW_MAIL_BUCKET_NAME, ...bucketKey })
          : notConfigured<BlobStore>('blobs (raw mail)', PORT_ENV.mailBlobs),
      exports:
        ports.has('exportBlobs') && env.EXPORTS_BUCKET_NAME
          ? createS3BlobStore(s3, { bucket: env.EXPORTS_BUCKET_NAME, ...bucketKey })
          : notConfigured<BlobStore>('blobs (exports)', PORT_ENV.exportBlobs),
    }),
    cipher,
    clock,
    scheduler:
      ports.has('scheduler') && env.SCHEDULER_ROLE_ARN
        ? createEventBridgeScheduler(
            once(async () => new (await import('@aws-sdk/client-scheduler')).SchedulerClient({})),
            {
              roleArn: env.SCHEDULER_ROLE_ARN,
              ...(env.SCHEDULER_GROUP && env.SCHEDULER_TARGET_ARN
                ? {
                    groupName: env.SCHEDULER_GROUP,
                    targetArn: env.SCHEDULER_TARGET_ARN,
                    ...(env.SCHEDULER_DLQ_ARN ? { deadLetterArn: env.SCHEDULER_DLQ_ARN } : {}),
                  }
                : {}),
              ...(env.TIMER_SCHEDULE_GROUP && env.TIMER_TARGET_ARN
                ? {
                    timers: {
                      groupName: env.TIMER_SCHEDULE_GROUP,
                      targetArn: env.TIMER_TARGET_ARN,
                      ...(env.TIMER_DLQ_ARN ? { deadLetterArn: env.TIMER_DLQ_ARN } : {}),
                    },
                  }
                : {}),
            },
          )
        : notConfigured<Scheduler>('scheduler', PORT_ENV.scheduler),
    callbacks: createSfnCallbacks(sfn),
    starter:
      ports.has('starter') && env.STATE_MACHINE_ARN
        ? createSfnStarter(sfn, env.STATE_MACHINE_ARN)
        : notConfigured<WorkflowStarter>('starter', PORT_ENV.starter),
    company: companySource(env),
    evidence:
      ports.has('evidence') && env.EVIDENCE_BUCKET_NAME
        ? createS3EvidenceVault(s3, { bucket: env.EVIDENCE_BUCKET_NAME })
        : notConfigured<EvidenceVault>('evidence', PORT_ENV.evidence),
    policy,
    // The operations-loaded schedule (SSM) when the stage has one; else the bundled schedules.
    calendar: await holidays.current(),
    holidays,
    logger,
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

/**
 * EMF metrics as every function emits them: namespace and the one `service` dimension from metrics.ts, nothing
 * per invocation (the alarms match namespace, name and dimensions exactly; M2). `flush` writes the EMF line.
 */
export async function lambdaMetrics(): Promise<{ metrics: StepMetrics; flush(): void }> {
  const { Metrics, MetricUnit } = await import('@aws-lambda-powertools/metrics');
  const m = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
  return {
    metrics: { count: (name, value = 1) => m.addMetric(name, MetricUnit.Count, value) },
    flush: () => {
      if (m.hasStoredMetrics()) m.publishStoredMetrics();
    },
  };
}

/** What lambdaHandler needs: deps with a redacting Powertools logger and EMF metrics, flushed per invocation. */
export async function awsLambdaDeps() {
  const logger = createLogger();
  const { metrics, flush } = await lambdaMetrics();
  const deps = await awsDeps({ logger: stepLogger(logger), metrics });
  return {
    deps,
    flush,
    setContext: (ctx: unknown) => {
      if (ctx && typeof ctx === 'object' && 'awsRequestId' in ctx)
        logger.addContext(ctx as Parameters<typeof logger.addContext>[0]);
    },
  };
}
