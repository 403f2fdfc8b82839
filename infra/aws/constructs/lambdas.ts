// One NodejsFunction per handler folder (functions/<name>/handler.ts), each with its own role holding only the
// grants listed in ../functions.ts, a published version per deploy and a `live` alias. The workflow invokes the
// versions (an execution that waits for weeks keeps the code it started with); every other entry point (API, S3,
// SNS, EventBridge, Scheduler) invokes the alias. Service names and ARNs come from the partition
// (AWS::Partition, AWS::URLSuffix), never a hard-coded suffix, so the same code deploys to aws and aws-cn.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../../functions/shared/aws/env.ts';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../../functions/shared/metrics.ts';
import type { Stage } from '../config.ts';
import {
  type BlobGrant,
  DEFAULT_STEP_TIMEOUT_SECONDS,
  FUNCTION_ACCESS,
  FUNCTION_NAMES,
  type FunctionAccess,
  type FunctionName,
} from '../functions.ts';
import { BUNDLED_CONSOLE_DIR, bundledPolicyEnv, bundling, LAMBDA_TASK_ROOT } from './bundling.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** @deprecated names kept for importers: the one definition is functions/shared/metrics.ts. */
export const POWERTOOLS_SERVICE = METRICS_SERVICE;
export { METRICS_NAMESPACE };

/** The alias every entry point invokes. */
export const LIVE_ALIAS = 'live';

export interface LambdasProps {
  config: Stage;
  table: dynamodb.ITable;
  tableKey: kms.IKey;
  fieldKey: kms.IKey;
  /** HMAC key of the subject-hash salt (kms:GenerateMac, once per cold start). */
  subjectHashKey: kms.IKey;
  opsKey: kms.IKey;
  storageKey: kms.IKey;
  rawMail: s3.IBucket;
  rawMailPrefix: string;
  /** The mail gateway's drop bucket (inbound without SES), and its prefix. */
  inboundDrop?: { bucket: s3.IBucket; prefix: string };
  exports: s3.IBucket;
  /** Object Lock bucket of the EvidenceVault. */
  evidence: s3.IBucket;
  /** SES: the sending identity and configuration set (global regions). */
  ses?: { identityArn: string; configurationSetName: string; configurationSetArn: string };
  /** The company connector: its URL and the Secrets Manager secret holding its bearer token. */
  company: { url: string; tokenSecretName: string; tokenSecretArn: string };
  /**
   * The stage's SMS channel: End User Messaging (the origination identity's ARN and the configuration set / protect
   * configuration ARNs when set), or the company gateway (URL and its signing secret).
   */
  sms?:
    | {
        kind: 'end_user_messaging';
        originationIdentityArn: string;
        configurationSet?: string;
        protectConfiguration?: string;
        resourceArns: string[];
      }
    | { kind: 'webhook'; url: string; secretName: string; secretArn: string };
  /** Secrets Manager prefix of the partners' notice secrets, and the ARN pattern that covers exactly them. */
  partnerSecrets: { prefix: string; arnPattern: string };
  /** SMTP relay settings secret (mail transport smtp). */
  smtpSecretArn?: string;
  /** SSM parameter with the operations-loaded holiday schedule. */
  holidaysParameter: { name: string; arn: string };
  scheduleGroups: { deferredDeletions: string; timers: string };
  /** Where the handler folders are; tests point this at a copy with placeholders for handlers not written yet. */
  functionsDir?: string;
}

const TABLE_KEY_READ = ['kms:Decrypt', 'kms:DescribeKey'];

/** A blob grant's prefixes in a Sid (alphanumeric): `inbound/`, `raw/` → `InboundRaw`; the whole bucket → ''. */
const blobSidTail = (grant: BlobGrant): string =>
  (grant.prefixes ?? []).map((p) => p.replace(/[^A-Za-z0-9]/g, '').replace(/^./, (c) => c.toUpperCase())).join('');

export const functionNameOf = (stage: string, fn: FunctionName) => `rightsflow-${stage}-${fn}`;

/** `<service>.<region>.<partition's domain>`: kms:ViaService values (dynamodb.cn-northwest-1.amazonaws.com.cn). */
export const viaService = (service: string) => `${service}.${Aws.REGION}.${Aws.URL_SUFFIX}`;

export class Lambdas extends Construct {
  readonly fns = {} as Record<FunctionName, nodejs.NodejsFunction>;
  /** The version published by this deploy (the workflow invokes these). */
  readonly versions = {} as Record<FunctionName, lambda.IVersion>;
  /** `live` → this deploy's version (every other entry point invokes these). */
  readonly aliases = {} as Record<FunctionName, lambda.Alias>;
  readonly dlqs = {} as Partial<Record<FunctionName, sqs.Queue>>;
  /** Role EventBridge Scheduler assumes to run a schedule (invokes deferred-deletion or fire-timer). */
  readonly schedulerRole: iam.Role;

  constructor(scope: Construct, id: string, props: LambdasProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    const retain = config.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const functionsDir = props.functionsDir ?? path.join(REPO_ROOT, 'functions');
    const projectRoot = path.dirname(functionsDir);
    for (const fn of FUNCTION_NAMES) {
      const access = FUNCTION_ACCESS[fn];
      const functionName = functionNameOf(config.stage, fn);
      const logGroup = new logs.LogGroup(this, `${fn}-logs`, {
        logGroupName: `/aws/lambda/${functionName}`,
        retention: config.logRetentionDays as logs.RetentionDays,
        removalPolicy: retain,
      });
      // Own role with an explicit logs grant instead of the AWSLambdaBasicExecutionRole managed policy (log group scoped).
      const role = new iam.Role(this, `${fn}-role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `rightsflow ${fn}: least-privilege execution role`,
      });
      logGroup.grantWrite(role);
      let deadLetterQueue: sqs.Queue | undefined;
      if (access.async) {
        deadLetterQueue = new sqs.Queue(this, `${fn}-dlq`, {
          encryption: sqs.QueueEncryption.KMS,
          encryptionMasterKey: props.opsKey,
          enforceSSL: true,
          retentionPeriod: Duration.days(14),
        });
        this.dlqs[fn] = deadLetterQueue;
      }
      const f = new nodejs.NodejsFunction(this, fn, {
        functionName,
        entry: path.join(functionsDir, fn, 'handler.ts'),
        handler: 'handler',
        projectRoot,
        depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: access.memoryMb ?? 512,
        timeout: Duration.seconds(access.timeoutSeconds ?? DEFAULT_STEP_TIMEOUT_SECONDS),
        role,
        logGroup,
        tracing: lambda.Tracing.ACTIVE,
        deadLetterQueue,
        // Async invocations are retried by Lambda twice before the DLQ; handlers are idempotent.
        retryAttempts: access.async ? 2 : undefined,
        // One sweep at a time: its checkpoint is a single record (an overlapping run would only conflict).
        ...(access.singleton ? { reservedConcurrentExecutions: 1 } : {}),
        environment: this.environment(fn, access, props),
        bundling: bundling({ mailTransport: config.target.mailTransport, console: fn === 'api' }),
        // Old versions stay: an execution started on them keeps invoking them until it ends.
        currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN, description: `rightsflow ${fn}` },
      });
      if (deadLetterQueue) props.opsKey.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
      if (config.vpcSubnetIds?.length) this.attachToVpc(f, role, config.vpcSubnetIds, config.vpcSecurityGroupIds ?? []);
      this.fns[fn] = f;
      this.versions[fn] = f.currentVersion;
      this.aliases[fn] = new lambda.Alias(this, `${fn}-live`, { aliasName: LIVE_ALIAS, version: f.currentVersion });
      this.grant(access, role, props);
    }

    this.schedulerRole = new iam.Role(this, 'scheduler-role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'rightsflow: EventBridge Scheduler runs deferred deletions and the timers of waiting steps',
    });
    const targets = {
      deferred_deletion: { fn: 'deferred-deletion', group: props.scheduleGroups.deferredDeletions },
      timer: { fn: 'fire-timer', group: props.scheduleGroups.timers },
    } as const;
    for (const { fn } of Object.values(targets)) {
      this.schedulerRole.addToPolicy(
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.aliases[fn].functionArn] }),
      );
      this.schedulerRole.addToPolicy(
        new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.dlqs[fn]!.queueArn] }),
      );
    }
    props.opsKey.grant(this.schedulerRole, 'kms:GenerateDataKey', 'kms:Decrypt');
    // Targets by name, not a GetAtt: deferred-deletion re-schedules itself, and a function's environment cannot
    // reference the function.
    const aliasArn = (fn: FunctionName) =>
      stack.formatArn({
        service: 'lambda',
        resource: 'function',
        resourceName: `${functionNameOf(config.stage, fn)}:${LIVE_ALIAS}`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    for (const fn of FUNCTION_NAMES) {
      const kinds = FUNCTION_ACCESS[fn].schedule ?? [];
      if (kinds.length === 0) continue;
      const f = this.fns[fn];
      f.addEnvironment(ENV.schedulerRole, this.schedulerRole.roleArn);
      if (kinds.includes('deferred_deletion')) {
        f.addEnvironment(ENV.schedulerGroup, targets.deferred_deletion.group);
        f.addEnvironment(ENV.schedulerTarget, aliasArn('deferred-deletion'));
        f.addEnvironment(ENV.schedulerDlq, this.dlqs['deferred-deletion']!.queueArn);
      }
      if (kinds.includes('timer')) {
        f.addEnvironment(ENV.timerGroup, targets.timer.group);
        f.addEnvironment(ENV.timerTarget, aliasArn('fire-timer'));
        f.addEnvironment(ENV.timerDlq, this.dlqs['fire-timer']!.queueArn);
      }
      f.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'Schedules',
          actions: ['scheduler:CreateSchedule'],
          resources: kinds.map((k) =>
            stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${targets[k].group}/*` }),
          ),
        }),
      );
      f.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'PassSchedulerRole',
          actions: ['iam:PassRole'],
          resources: [this.schedulerRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        }),
      );
    }
  }

  /** Private subnets and security groups from context (rightsflow:vpcSubnetIds/vpcSecurityGroupIds): no lookup. */
  private attachToVpc(f: nodejs.NodejsFunction, role: iam.Role, subnets: string[], groups: string[]) {
    (f.node.defaultChild as lambda.CfnFunction).vpcConfig = { subnetIds: subnets, securityGroupIds: groups };
    // What AWSLambdaVPCAccessExecutionRole grants: the network interfaces Lambda manages (no resource-level scoping).
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'VpcNetworkInterfaces',
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        resources: ['*'],
      }),
    );
  }

  /** The variables of functions/shared/aws/env.ts this function's ports need; the rest are added by the stack. */
  private environment(fn: FunctionName, access: FunctionAccess, props: LambdasProps): Record<string, string> {
    const { config } = props;
    const env: Record<string, string> = {
      STAGE: config.stage,
      POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
      RIGHTSFLOW_FUNCTION: fn,
      ...bundledPolicyEnv(),
      ...(fn === 'api' ? { RIGHTSFLOW_CONSOLE_DIR: `${LAMBDA_TASK_ROOT}/${BUNDLED_CONSOLE_DIR}` } : {}),
      [ENV.table]: props.table.tableName,
      [ENV.fieldKey]: props.fieldKey.keyArn,
      [ENV.subjectHashKey]: props.subjectHashKey.keyArn,
      [ENV.senderAddress]: config.senderAddress,
      [ENV.privacyOfficerEmail]: config.privacyOfficerEmail,
      [ENV.companyConnector]: 'http',
      [ENV.companyUrl]: props.company.url,
      [ENV.companyTokenSecret]: props.company.tokenSecretName,
      [ENV.mailTransport]: config.target.mailTransport,
      [ENV.holidaysParameter]: props.holidaysParameter.name,
      ...(props.ses ? { [ENV.sesConfigurationSet]: props.ses.configurationSetName } : {}),
      ...(config.target.mailTransport === 'smtp' && config.smtpSecret ? { [ENV.smtpSecret]: config.smtpSecret } : {}),
      ...(Object.keys(recipientChannelsOf(config)).length > 0
        ? { [ENV.recipientChannels]: JSON.stringify(recipientChannelsOf(config)) }
        : {}),
      ...(config.stage === 'prod' ? {} : { [ENV.partnerSink]: config.privacyOfficerEmail }),
    };
    if (access.evidence) env[ENV.evidenceBucket] = props.evidence.bucketName;
    if (access.sms && props.sms?.kind === 'end_user_messaging') {
      env[ENV.smsProvider] = 'end_user_messaging';
      env[ENV.smsOriginationIdentity] = props.sms.originationIdentityArn;
      if (props.sms.configurationSet) env[ENV.smsConfigurationSet] = props.sms.configurationSet;
      if (props.sms.protectConfiguration) env[ENV.smsProtectConfiguration] = props.sms.protectConfiguration;
    }
    if (access.sms && props.sms?.kind === 'webhook') {
      env[ENV.smsProvider] = 'webhook';
      env[ENV.smsWebhookUrl] = props.sms.url;
      env[ENV.smsWebhookSecretName] = props.sms.secretName;
    }
    if (access.partnerSecrets) env[ENV.partnerSecretsPrefix] = props.partnerSecrets.prefix;
    for (const grant of access.blobs ?? []) {
      if (grant.bucket === 'rawMail') env[ENV.rawMailBucket] = props.rawMail.bucketName;
      else env[ENV.exportsBucket] = props.exports.bucketName;
      env[ENV.bucketKey] = props.storageKey.keyArn;
    }
    return env;
  }

  private grant(access: FunctionAccess, role: iam.Role, props: LambdasProps) {
    const stack = Stack.of(this);
    const { table, config } = props;
    const actions = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
    if (access.table === 'readwrite') actions.push('dynamodb:PutItem', 'dynamodb:UpdateItem');
    role.addToPolicy(new iam.PolicyStatement({ sid: 'Table', actions, resources: [table.tableArn] }));
    if (access.indexes?.length) {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'TableIndexes',
          actions: ['dynamodb:Query'],
          resources: access.indexes.map((ix) => `${table.tableArn}/index/${ix}`),
        }),
      );
    }
    // Every function builds its calendar at cold start from the operations-loaded schedule (this one parameter).
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'HolidaySchedule',
        actions: ['ssm:GetParameter'],
        resources: [props.holidaysParameter.arn],
      }),
    );
    if (access.company) {
      // The connector's token: read on the first call, this one secret only.
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'CompanyConnectorToken',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [props.company.tokenSecretArn],
        }),
      );
    }
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SubjectHashSalt',
        actions: ['kms:GenerateMac'],
        resources: [props.subjectHashKey.keyArn],
      }),
    );
    // The table's key, only through DynamoDB (which calls KMS on the caller's behalf for the table key).
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'TableKey',
        actions:
          access.table === 'readwrite'
            ? [...TABLE_KEY_READ, 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo']
            : TABLE_KEY_READ,
        resources: [props.tableKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': viaService('dynamodb') } },
      }),
    );
    if (access.fields?.length) {
      const fieldActions = [
        ...(access.fields.includes('open') ? ['kms:Decrypt'] : []),
        ...(access.fields.includes('seal') ? ['kms:GenerateDataKey'] : []),
      ];
      role.addToPolicy(
        new iam.PolicyStatement({ sid: 'FieldKey', actions: fieldActions, resources: [props.fieldKey.keyArn] }),
      );
    }
    if (access.sendMail && props.ses) {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'SendMail',
          actions: ['ses:SendEmail'],
          resources: [props.ses.identityArn, props.ses.configurationSetArn],
          conditions: { StringEquals: { 'ses:FromAddress': config.senderAddress } },
        }),
      );
    }
    if (access.sms && props.sms?.kind === 'end_user_messaging') {
      // From this stage's origination identity only (and its configuration set / protect configuration when set).
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'SendSms',
          actions: ['sms-voice:SendTextMessage'],
          resources: props.sms.resourceArns,
        }),
      );
    }
    if (access.sms && props.sms?.kind === 'webhook') {
      // The gateway's signing secret: signs outgoing codes and (API) checks the replies it forwards.
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'SmsGatewaySecret',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [props.sms.secretArn],
        }),
      );
    }
    if (access.partnerSecrets) {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'PartnerSecrets',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [props.partnerSecrets.arnPattern],
        }),
      );
    }
    if (access.sendMail && props.smtpSecretArn) {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'SmtpRelaySettings',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [props.smtpSecretArn],
        }),
      );
    }
    if (access.taskResponse) {
      // SendTaskSuccess/Failure support no resource-level permissions (Service Authorization Reference):
      // the task token itself is the capability.
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'TaskResponse',
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
          resources: ['*'],
        }),
      );
    }
    const storageKeyActions = new Set<string>();
    if (access.rawMail === 'read') {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'RawMailRead',
          actions: ['s3:GetObject'],
          resources: [
            props.inboundDrop
              ? props.inboundDrop.bucket.arnForObjects(`${props.inboundDrop.prefix}*`)
              : props.rawMail.arnForObjects(`${props.rawMailPrefix}*`),
          ],
        }),
      );
      if (!props.inboundDrop) storageKeyActions.add('kms:Decrypt');
    }
    // One statement per grant and operation (Sids unique per policy): a grant's prefixes never widen another's.
    for (const grant of access.blobs ?? []) {
      const bucket = grant.bucket === 'rawMail' ? props.rawMail : props.exports;
      const objects = (grant.prefixes ?? ['']).map((p) => bucket.arnForObjects(`${p}*`));
      const sid = (op: string) =>
        `Blobs${op}${grant.bucket === 'rawMail' ? 'RawMail' : 'Exports'}${blobSidTail(grant)}`;
      const { ops } = grant;
      if (ops.includes('put')) {
        role.addToPolicy(new iam.PolicyStatement({ sid: sid('Put'), actions: ['s3:PutObject'], resources: objects }));
        storageKeyActions.add('kms:GenerateDataKey');
      }
      if (ops.includes('get') || ops.includes('exists')) {
        role.addToPolicy(new iam.PolicyStatement({ sid: sid('Get'), actions: ['s3:GetObject'], resources: objects }));
        storageKeyActions.add('kms:Decrypt');
      }
      if (ops.includes('delete')) {
        // A versioned bucket: a delete marker; the lifecycle's noncurrentVersionExpiration removes the bytes.
        role.addToPolicy(
          new iam.PolicyStatement({ sid: sid('Delete'), actions: ['s3:DeleteObject'], resources: objects }),
        );
      }
      if (ops.includes('exists')) {
        // Without ListBucket, S3 answers a HEAD of a missing key with 403 instead of 404 (B4).
        role.addToPolicy(
          new iam.PolicyStatement({ sid: sid('List'), actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
        );
      }
    }
    if (access.evidence === 'append' || access.evidence === 'read') {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'EvidenceRead',
          actions: ['s3:GetObject'],
          resources: [props.evidence.arnForObjects('*')],
        }),
      );
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'EvidenceList',
          actions: ['s3:ListBucket'],
          resources: [props.evidence.bucketArn],
        }),
      );
      storageKeyActions.add('kms:Decrypt');
    }
    // Write-once objects; Object Lock keeps them. No DeleteObject, no PutObjectRetention, no governance bypass.
    if (access.evidence === 'append' || access.evidence === 'write') {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'EvidenceAppend',
          actions: ['s3:PutObject'],
          resources: [props.evidence.arnForObjects('*')],
        }),
      );
      storageKeyActions.add('kms:GenerateDataKey');
    }
    if (storageKeyActions.size) {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'StorageKey',
          actions: [...storageKeyActions].sort(),
          resources: [props.storageKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': viaService('s3') } },
        }),
      );
    }
    void stack;
  }
}

/** The partners' notice channels the stage sets (rightsflow:recipientChannels). */
function recipientChannelsOf(config: Stage): Record<string, Record<string, unknown>> {
  return config.recipientChannels;
}
