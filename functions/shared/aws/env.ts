// The one list of environment variables between the CDK stack (infra/aws) and awsDeps(): the stack sets exactly
// these names, awsDeps() parses them with this schema, and test/infra checks every synthesized function against it.
// Pure (zod only): the stack imports it without pulling in any AWS SDK client.
import * as z from 'zod';

export const ENV = {
  /** The single table (also the sample company's table unless COMPANY_TABLE_NAME). */
  table: 'TABLE_NAME',
  /** Field cipher: the customer KMS key of personal fields (envelope encryption). */
  fieldKey: 'KMS_KEY_ID',
  senderAddress: 'SENDER_ADDRESS',
  privacyOfficerEmail: 'PRIVACY_OFFICER_EMAIL',
  partnerAckBaseUrl: 'PARTNER_ACK_BASE_URL',
  consoleUrl: 'CONSOLE_URL',
  /** A KMS HMAC_256 key: the subject-hash salt is its MAC of a fixed label, never stored. */
  subjectHashKey: 'SUBJECT_HASH_KEY_ID',
  /** Tests only: a literal salt instead of the HMAC key. */
  subjectHashSalt: 'SUBJECT_HASH_SALT',
  /**
   * BlobStore, one bucket per kind of blob (functions/shared/blob-kinds.ts): raw mail and its sealed attachments,
   * and export packages. A function gets the bucket of each kind it is granted; a key of a kind it has no bucket for
   * fails NotConfigured.
   */
  rawMailBucket: 'RAW_MAIL_BUCKET_NAME',
  exportsBucket: 'EXPORTS_BUCKET_NAME',
  /** Optional: the key objects are written with; without it they take the bucket's default encryption. */
  bucketKey: 'BUCKET_KEY_ID',
  /** EvidenceVault: the Object Lock bucket holding chain anchors and the off-table isolation list. */
  evidenceBucket: 'EVIDENCE_BUCKET_NAME',
  /** WorkflowStarter. */
  stateMachine: 'STATE_MACHINE_ARN',
  /** Scheduler (deferred deletions). */
  schedulerGroup: 'SCHEDULER_GROUP',
  schedulerRole: 'SCHEDULER_ROLE_ARN',
  schedulerTarget: 'SCHEDULER_TARGET_ARN',
  schedulerDlq: 'SCHEDULER_DLQ_ARN',
  /** Durable timers of waiting steps: their own schedule group, target (fire-timer) and DLQ. */
  timerGroup: 'TIMER_SCHEDULE_GROUP',
  timerTarget: 'TIMER_TARGET_ARN',
  timerDlq: 'TIMER_DLQ_ARN',
  /** CompanyDataSource. */
  companyConnector: 'COMPANY_CONNECTOR',
  companyTable: 'COMPANY_TABLE_NAME',
  companyUrl: 'COMPANY_CONNECTOR_URL',
  companyToken: 'COMPANY_CONNECTOR_TOKEN',
  /** Secrets Manager secret (name or ARN) holding the connector's token; read once at cold start. */
  companyTokenSecret: 'COMPANY_CONNECTOR_TOKEN_SECRET',
  /** JSON partner id → notice channel, applied over policy/recipients.yaml (domain/policy/overrides.ts). */
  recipientChannels: 'RIGHTSFLOW_RECIPIENT_CHANNELS',
  /** Not production: every partner channel not set explicitly goes to this internal address (partner-sink.ts). */
  partnerSink: 'RIGHTSFLOW_PARTNER_SINK',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  /**
   * SmsSender (one-time codes by SMS): `end_user_messaging` (AWS End User Messaging SMS, where the region offers it)
   * or `webhook` (the company's SMS gateway, signed HTTPS; the aws-cn partition). Unset: no SMS, codes go by mail.
   */
  smsProvider: 'SMS_PROVIDER',
  /** end_user_messaging: the origination identity (phone number / pool / sender ID ARN or id), configuration set. */
  smsOriginationIdentity: 'SMS_ORIGINATION_IDENTITY',
  smsConfigurationSet: 'SMS_CONFIGURATION_SET',
  smsProtectConfiguration: 'SMS_PROTECT_CONFIGURATION_ID',
  /** webhook: the gateway's HTTPS URL and the Secrets Manager secret holding the signing secret (`whsec_…`). */
  smsWebhookUrl: 'SMS_WEBHOOK_URL',
  smsWebhookSecretName: 'SMS_WEBHOOK_SECRET_NAME',
  /** Tests only: the signing secret itself instead of the Secrets Manager secret. */
  smsWebhookSecret: 'SMS_WEBHOOK_SECRET',
  /**
   * Partner notices: Secrets Manager prefix of the secret agreed with each partner (`<prefix>/<partner id>`, `:` → `/`):
   * the password of the encrypted reference attachment, or the webhook signing key. Unset: notices cannot carry the
   * partner's reference and fail to staff (functions/send-recipient-notice/deliver.ts).
   */
  partnerSecretsPrefix: 'PARTNER_SECRETS_PREFIX',
  /** How letters leave: `ses` (global regions) or `smtp` (the company's relay; AWS China has no SES). */
  mailTransport: 'MAIL_TRANSPORT',
  /** Secrets Manager secret (name or ARN) with the SMTP relay's JSON settings (smtp-mailer.ts SmtpSettings). */
  smtpSecret: 'SMTP_SECRET',
  /** SSM parameter with the operations-loaded holiday schedule (YAML of policy/holidays.yaml's format). */
  holidaysParameter: 'HOLIDAYS_PARAMETER',
  /** The JWT claim that carries the staff roles: `cognito:groups` (Cognito) or the OIDC issuer's groups claim. */
  staffGroupsClaim: 'STAFF_GROUPS_CLAIM',
  /** Bundled policy files (domain/policy, domain/calendar read them from disk). */
  policyDir: 'RIGHTSFLOW_POLICY_DIR',
  holidaysFile: 'RIGHTSFLOW_HOLIDAYS_FILE',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

/** Every function needs these (the subject-hash salt keys hashes, one-time codes and partner-ack tokens). */
export const ALWAYS_REQUIRED: readonly EnvName[] = [
  ENV.table,
  ENV.fieldKey,
  ENV.senderAddress,
  ENV.privacyOfficerEmail,
  ENV.partnerAckBaseUrl,
];

/**
 * Ports that only some functions use: a port whose variables are absent is built as a stub that throws
 * `NotConfigured` when used, so a function cannot silently reach a resource its role was not granted.
 */
export const PORT_ENV = {
  mailBlobs: [ENV.rawMailBucket],
  exportBlobs: [ENV.exportsBucket],
  evidence: [ENV.evidenceBucket],
  starter: [ENV.stateMachine],
  // The role is what every schedule needs; the deferred-deletion and timer targets are checked per kind.
  scheduler: [ENV.schedulerRole],
} as const satisfies Record<string, readonly EnvName[]>;
export type OptionalPort = keyof typeof PORT_ENV;

/** The variables a function using `ports` must have (the subject hash key counted as one of KEY_ID/SALT). */
export function requiredEnv(ports: readonly OptionalPort[]): EnvName[] {
  return [...ALWAYS_REQUIRED, ENV.subjectHashKey, ...ports.flatMap((p) => PORT_ENV[p])];
}

const str = z.string().min(1);
const opt = z.string().min(1).optional();

export const AwsEnv = z
  .object({
    [ENV.table]: str,
    [ENV.fieldKey]: str,
    [ENV.senderAddress]: z.string().min(3),
    [ENV.privacyOfficerEmail]: z.string().min(3),
    [ENV.partnerAckBaseUrl]: str,
    [ENV.consoleUrl]: opt,
    [ENV.subjectHashKey]: opt,
    [ENV.subjectHashSalt]: opt,
    [ENV.rawMailBucket]: opt,
    [ENV.exportsBucket]: opt,
    [ENV.bucketKey]: opt,
    [ENV.evidenceBucket]: opt,
    [ENV.stateMachine]: opt,
    [ENV.schedulerGroup]: opt,
    [ENV.schedulerRole]: opt,
    [ENV.schedulerTarget]: opt,
    [ENV.schedulerDlq]: opt,
    [ENV.timerGroup]: opt,
    [ENV.timerTarget]: opt,
    [ENV.timerDlq]: opt,
    // In AWS the company is always behind the http connector; the dev stage deploys the sample company there.
    [ENV.companyConnector]: z.literal('http').default('http'),
    [ENV.companyTable]: opt,
    [ENV.companyUrl]: opt,
    [ENV.companyToken]: opt,
    [ENV.companyTokenSecret]: opt,
    [ENV.recipientChannels]: opt,
    [ENV.partnerSink]: opt,
    [ENV.sesConfigurationSet]: opt,
    [ENV.smsProvider]: z.enum(['end_user_messaging', 'webhook']).optional(),
    [ENV.smsOriginationIdentity]: opt,
    [ENV.smsConfigurationSet]: opt,
    [ENV.smsProtectConfiguration]: opt,
    [ENV.smsWebhookUrl]: z.url({ protocol: /^https$/ }).optional(),
    [ENV.smsWebhookSecretName]: opt,
    [ENV.smsWebhookSecret]: opt,
    [ENV.partnerSecretsPrefix]: opt,
    [ENV.mailTransport]: z.enum(['ses', 'smtp']).default('ses'),
    [ENV.smtpSecret]: opt,
    [ENV.holidaysParameter]: opt,
    [ENV.staffGroupsClaim]: opt,
  })
  .refine((e) => e.SUBJECT_HASH_KEY_ID || e.SUBJECT_HASH_SALT, {
    message: 'set SUBJECT_HASH_KEY_ID (KMS HMAC key) or SUBJECT_HASH_SALT',
  })
  .refine((e) => e.SMS_PROVIDER !== 'end_user_messaging' || e.SMS_ORIGINATION_IDENTITY, {
    message: 'SMS_PROVIDER=end_user_messaging needs SMS_ORIGINATION_IDENTITY',
  })
  .refine(
    (e) => e.SMS_PROVIDER !== 'webhook' || (e.SMS_WEBHOOK_URL && (e.SMS_WEBHOOK_SECRET_NAME || e.SMS_WEBHOOK_SECRET)),
    { message: 'SMS_PROVIDER=webhook needs SMS_WEBHOOK_URL (https) and SMS_WEBHOOK_SECRET_NAME' },
  )
  .refine((e) => e.MAIL_TRANSPORT !== 'smtp' || e.SMTP_SECRET, {
    message: 'MAIL_TRANSPORT=smtp needs SMTP_SECRET (Secrets Manager secret with the relay settings)',
  })
  .refine((e) => e.COMPANY_CONNECTOR_URL && (e.COMPANY_CONNECTOR_TOKEN || e.COMPANY_CONNECTOR_TOKEN_SECRET), {
    message:
      'the company connector needs COMPANY_CONNECTOR_URL and COMPANY_CONNECTOR_TOKEN_SECRET (or COMPANY_CONNECTOR_TOKEN)',
  });
export type AwsEnv = z.infer<typeof AwsEnv>;

/** The ports whose variables are all set (partially set = a configuration error). */
export function configuredPorts(env: AwsEnv): OptionalPort[] {
  const out: OptionalPort[] = [];
  for (const [port, names] of Object.entries(PORT_ENV) as [OptionalPort, readonly EnvName[]][]) {
    const set = names.filter((n) => (env as Record<string, unknown>)[n] !== undefined);
    if (set.length === names.length) out.push(port);
    else if (set.length > 0)
      throw new Error(
        `${port}: set all of ${names.join(', ')} or none (missing ${names.filter((n) => !set.includes(n)).join(', ')})`,
      );
  }
  return out;
}

/** Parses the environment; the error names every missing or invalid variable. */
export function parseAwsEnv(env: Record<string, string | undefined>): AwsEnv {
  const res = AwsEnv.safeParse(env);
  if (res.success) {
    configuredPorts(res.data);
    return res.data;
  }
  const names = new Set(res.error.issues.map((i) => String(i.path[0] ?? '')).filter(Boolean));
  const messages = res.error.issues.filter((i) => i.path.length === 0).map((i) => i.message);
  const unset = Object.values(PORT_ENV)
    .flat()
    .filter((n) => env[n] === undefined);
  throw new Error(
    [
      names.size ? `missing or invalid settings: ${[...names].join(', ')}` : '',
      ...messages,
      unset.length ? `(ports off without their settings: ${unset.join(', ')})` : '',
    ]
      .filter(Boolean)
      .join('; '),
  );
}
