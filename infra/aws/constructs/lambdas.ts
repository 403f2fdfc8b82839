// One NodejsFunction per handler folder (functions/<name>/handler.ts), each with its own role holding only the
// grants listed in ../functions.ts.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
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
import type { StageConfig } from '../config.ts';
import {
  blobBucketOf,
  DEFAULT_STEP_TIMEOUT_SECONDS,
  FUNCTION_ACCESS,
  FUNCTION_NAMES,
  type FunctionAccess,
  type FunctionName,
} from '../functions.ts';
import { bundledPolicyEnv, bundling } from './bundling.ts';
import { ATTACHMENT_PREFIX } from './storage.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const POWERTOOLS_SERVICE = 'rightsflow';
export const METRICS_NAMESPACE = 'Rightsflow';

export interface LambdasProps {
  config: StageConfig;
  table: dynamodb.ITable;
  tableKey: kms.IKey;
  fieldKey: kms.IKey;
  /** HMAC key of the subject-hash salt (kms:GenerateMac, once per cold start). */
  subjectHashKey: kms.IKey;
  opsKey: kms.IKey;
  storageKey: kms.IKey;
  rawMail: s3.IBucket;
  rawMailPrefix: string;
  exports: s3.IBucket;
  senderIdentityArn: string;
  scheduleGroupName: string;
  /** Where the handler folders are; tests point this at a copy with placeholders for handlers not written yet. */
  functionsDir?: string;
}

const TABLE_KEY_READ = ['kms:Decrypt', 'kms:DescribeKey'];
/** Partition keys of the sample company's records (infra/local/company/items.ts). */
export const COMPANY_KEY_PATTERNS = ['CUST#*', 'CUSTIDX#*'];

export const functionNameOf = (stage: string, fn: FunctionName) => `rightsflow-${stage}-${fn}`;

export class Lambdas extends Construct {
  readonly fns = {} as Record<FunctionName, nodejs.NodejsFunction>;
  readonly dlqs = {} as Partial<Record<FunctionName, sqs.Queue>>;
  /** Role EventBridge Scheduler assumes to run a deferred deletion (invokes deferred-deletion). */
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
        environment: this.environment(fn, access, props),
        bundling: bundling(),
      });
      if (deadLetterQueue) props.opsKey.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
      this.fns[fn] = f;
      this.grant(access, role, props);
    }

    this.schedulerRole = new iam.Role(this, 'scheduler-role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'rightsflow: EventBridge Scheduler runs deferred deletions at the end of a retention hold',
    });
    const target = this.fns['deferred-deletion'];
    const targetDlq = this.dlqs['deferred-deletion']!;
    this.schedulerRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [target.functionArn] }),
    );
    this.schedulerRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [targetDlq.queueArn] }),
    );
    props.opsKey.grant(this.schedulerRole, 'kms:GenerateDataKey', 'kms:Decrypt');
    // The target's ARN from its name, not a GetAtt: deferred-deletion re-schedules itself, and a function's
    // environment cannot reference the function.
    const targetArn = stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: functionNameOf(config.stage, 'deferred-deletion'),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    for (const fn of FUNCTION_NAMES.filter((f) => FUNCTION_ACCESS[f].schedule)) {
      const f = this.fns[fn];
      f.addEnvironment(ENV.schedulerGroup, props.scheduleGroupName);
      f.addEnvironment(ENV.schedulerRole, this.schedulerRole.roleArn);
      f.addEnvironment(ENV.schedulerTarget, targetArn);
      f.addEnvironment(ENV.schedulerDlq, targetDlq.queueArn);
      f.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [this.schedulerRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        }),
      );
    }
  }

  /** The variables of functions/shared/aws/env.ts this function's ports need; the rest are added by the stack. */
  private environment(fn: FunctionName, access: FunctionAccess, props: LambdasProps): Record<string, string> {
    const { config } = props;
    const env: Record<string, string> = {
      STAGE: config.stage,
      POWERTOOLS_SERVICE_NAME: POWERTOOLS_SERVICE,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
      RIGHTSFLOW_FUNCTION: fn,
      ...bundledPolicyEnv(),
      [ENV.table]: props.table.tableName,
      [ENV.fieldKey]: props.fieldKey.keyArn,
      [ENV.subjectHashKey]: props.subjectHashKey.keyArn,
      [ENV.senderAddress]: config.senderAddress,
      [ENV.privacyOfficerEmail]: config.privacyOfficerEmail,
      [ENV.companyConnector]: config.companyConnector,
      ...(config.companyConnector === 'http'
        ? {
            [ENV.companyUrl]: config.companyConnectorUrl!,
            [ENV.companyTokenSecret]: config.companyConnectorTokenSecret!,
          }
        : {}),
      ...(Object.keys(config.recipientChannels).length > 0
        ? { [ENV.recipientChannels]: JSON.stringify(config.recipientChannels) }
        : {}),
    };
    const bucket = blobBucketOf(access);
    if (bucket) {
      env[ENV.bucket] = (bucket === 'rawMail' ? props.rawMail : props.exports).bucketName;
      env[ENV.bucketKey] = props.storageKey.keyArn;
    }
    return env;
  }

  private grant(access: FunctionAccess, role: iam.Role, props: LambdasProps) {
    const stack = Stack.of(this);
    const { table } = props;
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
    if (props.config.companyConnector === 'http' && props.config.companyConnectorTokenSecret) {
      // The connector's token: read once at cold start, this one secret only.
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'CompanyConnectorToken',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [
            stack.formatArn({
              service: 'secretsmanager',
              resource: 'secret',
              resourceName: `${props.config.companyConnectorTokenSecret}-??????`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        }),
      );
    }
    if (access.companyErase) {
      // Sample company connector only: its records' partition keys, never a request's (REQ#…).
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'CompanyRecordsErase',
          actions: ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': COMPANY_KEY_PATTERNS } },
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
    // The table's key, only through DynamoDB.
    const viaDynamo = { StringEquals: { 'kms:ViaService': `dynamodb.${stack.region}.amazonaws.com` } };
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'TableKey',
        actions:
          access.table === 'readwrite'
            ? [...TABLE_KEY_READ, 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo']
            : TABLE_KEY_READ,
        resources: [props.tableKey.keyArn],
        conditions: viaDynamo,
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
    if (access.sendMail) {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'SendMail',
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [props.senderIdentityArn],
          conditions: { StringEquals: { 'ses:FromAddress': props.config.senderAddress } },
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
    const objects = (sid: string, action: string, resource: string) =>
      role.addToPolicy(new iam.PolicyStatement({ sid, actions: [action], resources: [resource] }));
    if (access.rawMail === 'read')
      objects('RawMailRead', 's3:GetObject', props.rawMail.arnForObjects(`${props.rawMailPrefix}*`));
    if (access.exports?.includes('read')) objects('ExportsRead', 's3:GetObject', props.exports.arnForObjects('*'));
    if (access.exports?.includes('write')) objects('ExportsWrite', 's3:PutObject', props.exports.arnForObjects('*'));
    if (access.attachments === 'write')
      objects('AttachmentsWrite', 's3:PutObject', props.rawMail.arnForObjects(`${ATTACHMENT_PREFIX}*`));
    if (access.purgeRequestMail) {
      objects('RawMailPurge', 's3:DeleteObject', props.rawMail.arnForObjects(`${props.rawMailPrefix}*`));
      objects('AttachmentsPurge', 's3:DeleteObject', props.rawMail.arnForObjects(`${ATTACHMENT_PREFIX}*`));
    }
    const storageKeyActions = [
      ...(access.rawMail || access.exports?.includes('read') ? ['kms:Decrypt'] : []),
      ...(access.exports?.includes('write') || access.attachments ? ['kms:GenerateDataKey'] : []),
    ];
    if (storageKeyActions.length) {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'StorageKey',
          actions: storageKeyActions,
          resources: [props.storageKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
        }),
      );
    }
    if (access.schedule) {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'DeferredDeletionSchedules',
          actions: ['scheduler:CreateSchedule', 'scheduler:GetSchedule', 'scheduler:UpdateSchedule'],
          resources: [
            stack.formatArn({
              service: 'scheduler',
              resource: 'schedule',
              resourceName: `${props.scheduleGroupName}/*`,
            }),
          ],
        }),
      );
    }
  }
}
