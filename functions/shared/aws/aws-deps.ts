// StepDeps for AWS Lambda, built once per container from the environment the CDK stack sets:
//   TABLE_NAME, BUCKET_NAME, KMS_KEY_ID (customer key: fields, objects), STATE_MACHINE_ARN,
//   SENDER_ADDRESS, PRIVACY_OFFICER_EMAIL, PARTNER_ACK_BASE_URL, CONSOLE_URL?,
//   SCHEDULER_GROUP, SCHEDULER_ROLE_ARN, SCHEDULER_TARGET_ARN, SCHEDULER_DLQ_ARN?,
//   SUBJECT_HASH_KEY_ID (a KMS HMAC_256 key: the salt is derived with GenerateMac and never stored) or, for tests,
//   SUBJECT_HASH_SALT; COMPANY_CONNECTOR = sample (COMPANY_TABLE_NAME, default TABLE_NAME) | http
//   (COMPANY_CONNECTOR_URL, COMPANY_CONNECTOR_TOKEN); RIGHTSFLOW_POLICY_DIR / RIGHTSFLOW_HOLIDAYS_FILE (bundled files).

import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { calendarFor } from '../../../domain/calendar/index.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { SampleCompany } from '../company/sample-company.ts';
import type { StepDeps, StepLogger, StepMetrics } from '../deps.ts';
import { createLogger, stepLogger } from '../logger.ts';
import type { CompanyDataSource } from '../ports.ts';
import { createDynamoStore } from '../store/dynamo-store.ts';
import { createHttpCompanySource } from './company-http.ts';
import { createDocumentClient } from './dynamo.ts';
import { createKmsCipher } from './kms-cipher.ts';
import { createS3BlobStore } from './s3-blobs.ts';
import { createEventBridgeScheduler } from './scheduler.ts';
import { createSesMailer } from './ses-mailer.ts';
import { createSfnCallbacks, createSfnStarter } from './sfn.ts';

const Env = z
  .object({
    TABLE_NAME: z.string().min(1),
    BUCKET_NAME: z.string().min(1),
    KMS_KEY_ID: z.string().min(1),
    STATE_MACHINE_ARN: z.string().min(1),
    SENDER_ADDRESS: z.string().min(3),
    PRIVACY_OFFICER_EMAIL: z.string().min(3),
    PARTNER_ACK_BASE_URL: z.string().min(1),
    CONSOLE_URL: z.string().optional(),
    SCHEDULER_GROUP: z.string().min(1),
    SCHEDULER_ROLE_ARN: z.string().min(1),
    SCHEDULER_TARGET_ARN: z.string().min(1),
    SCHEDULER_DLQ_ARN: z.string().optional(),
    SUBJECT_HASH_KEY_ID: z.string().optional(),
    SUBJECT_HASH_SALT: z.string().optional(),
    COMPANY_CONNECTOR: z.enum(['sample', 'http']).default('sample'),
    COMPANY_TABLE_NAME: z.string().optional(),
    COMPANY_CONNECTOR_URL: z.string().optional(),
    COMPANY_CONNECTOR_TOKEN: z.string().optional(),
    SES_CONFIGURATION_SET: z.string().optional(),
  })
  .refine((e) => e.SUBJECT_HASH_KEY_ID || e.SUBJECT_HASH_SALT, {
    message: 'set SUBJECT_HASH_KEY_ID (KMS HMAC key) or SUBJECT_HASH_SALT',
  })
  .refine((e) => e.COMPANY_CONNECTOR !== 'http' || (e.COMPANY_CONNECTOR_URL && e.COMPANY_CONNECTOR_TOKEN), {
    message: 'COMPANY_CONNECTOR=http needs COMPANY_CONNECTOR_URL and COMPANY_CONNECTOR_TOKEN',
  });
export type AwsEnv = z.infer<typeof Env>;

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

export async function awsDeps(
  options: { env?: NodeJS.ProcessEnv; logger?: StepLogger; metrics?: StepMetrics } = {},
): Promise<StepDeps> {
  const env = Env.parse(options.env ?? process.env);
  const clock = { now: () => new Date() };
  const doc = createDocumentClient();
  const kms = new KMSClient({});
  const sfn = new SFNClient({});
  const cipher = createKmsCipher(kms, { keyId: env.KMS_KEY_ID });
  const company: CompanyDataSource =
    env.COMPANY_CONNECTOR === 'http'
      ? createHttpCompanySource({ baseUrl: env.COMPANY_CONNECTOR_URL!, token: env.COMPANY_CONNECTOR_TOKEN! })
      : new SampleCompany({ client: doc, tableName: env.COMPANY_TABLE_NAME ?? env.TABLE_NAME, clock });
  const subjectHashSalt = env.SUBJECT_HASH_KEY_ID
    ? await deriveSalt(kms, env.SUBJECT_HASH_KEY_ID)
    : env.SUBJECT_HASH_SALT!;
  return {
    store: createDynamoStore({ client: doc, tableName: env.TABLE_NAME, cipher, clock }),
    mailer: createSesMailer(
      new SESv2Client({}),
      env.SES_CONFIGURATION_SET ? { configurationSet: env.SES_CONFIGURATION_SET } : {},
    ),
    blobs: createS3BlobStore(new S3Client({}), { bucket: env.BUCKET_NAME, kmsKeyId: env.KMS_KEY_ID }),
    cipher,
    clock,
    scheduler: createEventBridgeScheduler(new SchedulerClient({}), {
      groupName: env.SCHEDULER_GROUP,
      roleArn: env.SCHEDULER_ROLE_ARN,
      targetArn: env.SCHEDULER_TARGET_ARN,
      ...(env.SCHEDULER_DLQ_ARN ? { deadLetterArn: env.SCHEDULER_DLQ_ARN } : {}),
    }),
    callbacks: createSfnCallbacks(sfn),
    starter: createSfnStarter(sfn, env.STATE_MACHINE_ARN),
    company,
    policy: loadPolicy(),
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
