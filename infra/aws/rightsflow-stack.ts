// The rightsflow production stack (docs/design.md §3 AWS stack). Stage settings come from context (./config.ts).
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { loadPolicy } from '../../domain/policy/load.ts';
import { storageLifecycleDays } from '../../domain/request/retention.ts';
import { ENV } from '../../functions/shared/aws/env.ts';
import { WORKFLOW_FUNCTION_NAMES, type WorkflowFunctionName } from '../../workflows/steps.ts';
import { isProd, type StageConfig } from './config.ts';
import { StaffApi } from './constructs/api.ts';
import { DataTable } from './constructs/data.ts';
import { Keys } from './constructs/keys.ts';
import { Lambdas } from './constructs/lambdas.ts';
import { Mail } from './constructs/mail.ts';
import { Operations, ScheduleGroup } from './constructs/ops.ts';
import { RAW_MAIL_PREFIX, Storage } from './constructs/storage.ts';
import { Workflow } from './constructs/workflow.ts';
import { FUNCTION_ACCESS, FUNCTION_NAMES } from './functions.ts';
import { applyNagSuppressions } from './nag-suppressions.ts';

export interface RightsflowStackProps extends StackProps {
  config: StageConfig;
}

export class RightsflowStack extends Stack {
  readonly lambdas: Lambdas;
  readonly workflow: Workflow;
  readonly data: DataTable;
  readonly storage: Storage;
  readonly keys: Keys;
  readonly api: StaffApi;
  readonly ops: Operations;
  readonly mail: Mail;
  readonly scheduleGroupName: string;

  constructor(scope: Construct, id: string, props: RightsflowStackProps) {
    super(scope, id, props);
    const { config } = props;
    const prod = isProd(config);
    const name = `rightsflow-${config.stage}`;

    this.keys = new Keys(this, 'Keys', { retain: prod });
    this.data = new DataTable(this, 'Data', { key: this.keys.table, prod, tableName: name });
    // Request mail: the sweep deletes it on time (functions/retention); S3 deletes it at the latest here.
    const lifecycle = storageLifecycleDays(loadPolicy().requestRecords);
    this.storage = new Storage(this, 'Storage', {
      key: this.keys.storage,
      retain: prod,
      rawMailRetentionDays: Math.min(config.rawMailRetentionDays ?? lifecycle.rawMail, lifecycle.rawMail),
      attachmentRetentionDays: Math.min(config.rawMailRetentionDays ?? lifecycle.attachments, lifecycle.attachments),
      exportRetentionDays: config.exportRetentionDays,
    });
    const schedules = new ScheduleGroup(this, 'DeferredDeletions', { groupName: `${name}-deferred-deletions` });
    this.scheduleGroupName = schedules.groupName;
    this.lambdas = new Lambdas(this, 'Functions', {
      config,
      table: this.data.table,
      tableKey: this.keys.table,
      fieldKey: this.keys.fields,
      subjectHashKey: this.keys.subjectHash,
      opsKey: this.keys.ops,
      storageKey: this.keys.storage,
      rawMail: this.storage.rawMail,
      rawMailPrefix: RAW_MAIL_PREFIX,
      exports: this.storage.exports,
      senderIdentityArn: this.formatArn({ service: 'ses', resource: 'identity', resourceName: config.domain }),
      scheduleGroupName: schedules.groupName,
      functionsDir: this.node.tryGetContext('rightsflow:functionsDir'),
    });
    const { fns } = this.lambdas;

    this.workflow = new Workflow(this, 'Workflow', {
      fns: Object.fromEntries(WORKFLOW_FUNCTION_NAMES.map((fn) => [fn, fns[fn] as lambda.IFunction])) as Record<
        WorkflowFunctionName,
        lambda.IFunction
      >,
      stateMachineName: name,
      logKey: this.keys.ops,
      logRetentionDays: config.logRetentionDays,
      retain: prod,
      options: { verificationTimeoutSeconds: config.verificationTimeoutSeconds },
    });
    const { stateMachine } = this.workflow;
    // Whoever FUNCTION_ACCESS lets start executions (intake, API, and the sweep for requests left `received`).
    for (const fn of FUNCTION_NAMES.filter((f) => FUNCTION_ACCESS[f].startExecution).map((f) => fns[f])) {
      fn.addEnvironment(ENV.stateMachine, stateMachine.stateMachineArn);
      stateMachine.grantStartExecution(fn);
    }

    this.mail = new Mail(this, 'Mail', {
      domain: config.domain,
      privacyMailbox: config.privacyMailbox,
      rawMail: this.storage.rawMail,
      rawMailPrefix: RAW_MAIL_PREFIX,
      intake: fns['ses-intake'],
    });
    this.api = new StaffApi(this, 'Api', {
      handler: fns.api,
      retain: prod,
      logKey: this.keys.ops,
      logRetentionDays: config.logRetentionDays,
    });
    // Partner acknowledgement links and console links point at the API (or the stage's own domain in front of it).
    const baseUrl = config.apiBaseUrl ?? this.api.httpApi.apiEndpoint;
    for (const fn of Object.values(fns)) {
      fn.addEnvironment(ENV.partnerAckBaseUrl, `${baseUrl}/partner-ack`);
      fn.addEnvironment(ENV.consoleUrl, baseUrl);
    }
    fns.api.addEnvironment('USER_POOL_ID', this.api.userPool.userPoolId);
    fns.api.addEnvironment('USER_POOL_CLIENT_ID', this.api.client.userPoolClientId);

    this.ops = new Operations(this, 'Ops', {
      key: this.keys.ops,
      privacyOfficerEmail: config.privacyOfficerEmail,
      sweep: fns.sweep,
      stateMachine,
      dlqs: this.lambdas.dlqs as Record<string, sqs.IQueue>,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.api.client.userPoolClientId });
    new CfnOutput(this, 'StateMachineArn', { value: stateMachine.stateMachineArn });
    new CfnOutput(this, 'ReceiptRuleSetName', {
      value: this.mail.ruleSet.receiptRuleSetName,
      description: 'Activate once: aws ses set-active-receipt-rule-set --rule-set-name <this>',
    });

    applyNagSuppressions(this);
  }
}
