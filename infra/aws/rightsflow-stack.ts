// The rightsflow stack (docs/design.md §3 AWS stack, docs/deploy.md). One definition for both targets (config.ts):
// a global region with SES and Cognito, or mainland China (aws-cn) with the company's SMTP relay, an S3 drop for
// inbound mail and its OIDC issuer. Stage settings come from context.
import { Annotations, ArnFormat, Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { loadPolicy } from '../../domain/policy/load.ts';
import { storageLifecycleDays } from '../../domain/request/retention.ts';
import { CONSOLE_ENV } from '../../functions/api/console-config.ts';
import { ENV } from '../../functions/shared/aws/env.ts';
import { WORKFLOW_FUNCTION_NAMES, type WorkflowFunctionName } from '../../workflows/steps.ts';
import { isProd, type Stage } from './config.ts';
import { type SignIn, StaffApi } from './constructs/api.ts';
import { DataTable, pitrDays } from './constructs/data.ts';
import { InboundDrop, parseInboundBucket } from './constructs/inbound-drop.ts';
import { Keys } from './constructs/keys.ts';
import { Lambdas } from './constructs/lambdas.ts';
import { Operations, ScheduleGroup } from './constructs/ops.ts';
import { SampleConnector } from './constructs/sample-connector.ts';
import { configurationSetName, receiptRuleSetName, SesMail } from './constructs/ses-mail.ts';
import { RAW_MAIL_PREFIX, Storage } from './constructs/storage.ts';
import { Workflow } from './constructs/workflow.ts';
import { FUNCTION_ACCESS, FUNCTION_NAMES } from './functions.ts';
import { applyNagSuppressions } from './nag-suppressions.ts';

export interface RightsflowStackProps extends StackProps {
  config: Stage;
}

/** The SSM parameter operations load a newly published holiday schedule into (docs/deploy.md). */
export const holidaysParameterName = (stage: string) => `/rightsflow/${stage}/holidays`;

export class RightsflowStack extends Stack {
  readonly config: Stage;
  readonly lambdas: Lambdas;
  readonly workflow: Workflow;
  readonly data: DataTable;
  readonly storage: Storage;
  readonly keys: Keys;
  readonly api: StaffApi;
  readonly ops: Operations;
  readonly sesMail?: SesMail;
  readonly inboundDrop?: InboundDrop;
  readonly sampleConnector?: SampleConnector;
  readonly scheduleGroupName: string;
  readonly timerGroupName: string;

  constructor(scope: Construct, id: string, props: RightsflowStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;
    const { target } = config;
    const prod = isProd(config);
    const name = `rightsflow-${config.stage}`;
    const sesInbound = target.inbound === 'ses';
    const sesOutbound = target.mailTransport === 'ses';

    this.keys = new Keys(this, 'Keys', {
      retain: prod,
      stage: config.stage,
      ...(sesInbound || sesOutbound ? { sesReceiptRuleSetName: receiptRuleSetName(config.stage) } : {}),
    });
    this.data = new DataTable(this, 'Data', {
      key: this.keys.table,
      prod,
      tableName: name,
      pitrDays: pitrDays(loadPolicy()),
    });
    // Request mail: the sweep deletes it on time (functions/retention); S3 deletes it at the latest here.
    const lifecycle = storageLifecycleDays(loadPolicy().requestRecords);
    this.storage = new Storage(this, 'Storage', {
      key: this.keys.storage,
      retain: prod,
      rawMailRetentionDays: Math.min(config.rawMailRetentionDays ?? lifecycle.rawMail, lifecycle.rawMail),
      attachmentRetentionDays: Math.min(config.rawMailRetentionDays ?? lifecycle.attachments, lifecycle.attachments),
      exportRetentionDays: config.exportRetentionDays,
      evidenceRetentionDays: config.evidenceRetentionDays,
    });
    const deferred = new ScheduleGroup(this, 'DeferredDeletions', { groupName: `${name}-deferred-deletions` });
    const timers = new ScheduleGroup(this, 'Timers', { groupName: `${name}-timers` });
    this.scheduleGroupName = deferred.groupName;
    this.timerGroupName = timers.groupName;

    // The company's systems: its connector, or (dev) the sample company deployed as one.
    let company: { url: string; tokenSecretName: string; tokenSecretArn: string };
    if (config.companyConnector === 'sample') {
      this.sampleConnector = new SampleConnector(this, 'SampleCompany', {
        stage: config.stage,
        key: this.keys.table,
        logRetentionDays: config.logRetentionDays,
      });
      company = {
        url: this.sampleConnector.url.url,
        tokenSecretName: this.sampleConnector.token.secretName,
        tokenSecretArn: this.sampleConnector.token.secretArn,
      };
    } else {
      company = {
        url: config.companyConnectorUrl!,
        tokenSecretName: config.companyConnectorTokenSecret!,
        tokenSecretArn: this.secretArn(config.companyConnectorTokenSecret!),
      };
    }

    // The company's mail gateway drops raw mail here (AWS China, or any stage without SES receiving).
    const drop = config.inboundBucket
      ? (() => {
          const { bucketName, prefix } = parseInboundBucket(config.inboundBucket);
          return { bucket: s3.Bucket.fromBucketName(this, 'InboundDropBucket', bucketName), prefix };
        })()
      : undefined;
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
      evidence: this.storage.evidence,
      ...(sesOutbound
        ? {
            ses: {
              identityArn: this.formatArn({ service: 'ses', resource: 'identity', resourceName: config.domain }),
              configurationSetName: configurationSetName(config.stage),
              configurationSetArn: this.formatArn({
                service: 'ses',
                resource: 'configuration-set',
                resourceName: configurationSetName(config.stage),
              }),
            },
          }
        : {}),
      ...(target.mailTransport === 'smtp' ? { smtpSecretArn: this.secretArn(config.smtpSecret!) } : {}),
      ...(drop ? { inboundDrop: drop } : {}),
      company,
      holidaysParameter: {
        name: holidaysParameterName(config.stage),
        arn: this.formatArn({
          service: 'ssm',
          resource: 'parameter',
          resourceName: holidaysParameterName(config.stage).slice(1),
        }),
      },
      scheduleGroups: { deferredDeletions: deferred.groupName, timers: timers.groupName },
      functionsDir: this.node.tryGetContext('rightsflow:functionsDir'),
    });
    const { fns, aliases, versions } = this.lambdas;

    // The workflow invokes the versions of this deploy: an execution keeps the code it started with.
    this.workflow = new Workflow(this, 'Workflow', {
      fns: Object.fromEntries(WORKFLOW_FUNCTION_NAMES.map((fn) => [fn, versions[fn] as lambda.IFunction])) as Record<
        WorkflowFunctionName,
        lambda.IFunction
      >,
      stateMachineName: name,
      logKey: this.keys.ops,
      logRetentionDays: config.logRetentionDays,
      retain: prod,
    });
    const { stateMachine } = this.workflow;
    // Whoever FUNCTION_ACCESS lets start executions (intake, API, and the sweep for requests left `received`).
    for (const fn of FUNCTION_NAMES.filter((f) => FUNCTION_ACCESS[f].startExecution).map((f) => fns[f])) {
      fn.addEnvironment(ENV.stateMachine, stateMachine.stateMachineArn);
      stateMachine.grantStartExecution(fn);
    }

    if (sesInbound || sesOutbound) {
      this.sesMail = new SesMail(this, 'Mail', {
        stage: config.stage,
        domain: config.domain,
        receivingAddress: config.receivingAddress ?? config.privacyMailbox,
        mailFromSubdomain: config.mailFromSubdomain,
        replaceActiveRuleSet: config.replaceActiveRuleSet,
        receive: sesInbound,
        ...(config.hostedZoneId && config.hostedZoneName
          ? { hostedZone: { id: config.hostedZoneId, name: config.hostedZoneName } }
          : {}),
        rawMail: this.storage.rawMail,
        rawMailPrefix: RAW_MAIL_PREFIX,
        intake: aliases['mail-intake'],
        mailEvents: aliases['mail-events'],
        opsKey: this.keys.ops,
        logRetentionDays: config.logRetentionDays,
        retain: prod,
      });
    }
    if (drop) this.inboundDrop = new InboundDrop(this, 'InboundDrop', { ...drop, intake: aliases['mail-intake'] });

    const signIn: SignIn =
      target.signIn === 'oidc'
        ? {
            kind: 'oidc',
            issuer: config.oidcIssuer!,
            audience: config.oidcAudience ?? [],
            groupsClaim: config.oidcGroupsClaim,
            ...(config.oidcAuthorizeUrl && config.oidcTokenUrl
              ? {
                  console: {
                    clientId: config.oidcClientId ?? config.oidcAudience?.[0] ?? '',
                    authorizeUrl: config.oidcAuthorizeUrl,
                    tokenUrl: config.oidcTokenUrl,
                    ...(config.oidcLogoutUrl ? { logoutUrl: config.oidcLogoutUrl } : {}),
                  },
                }
              : {}),
          }
        : {
            kind: 'cognito',
            domainPrefix: config.cognitoDomainPrefix ?? `rightsflow-${config.stage}-${Aws.ACCOUNT_ID}`,
          };
    this.api = new StaffApi(this, 'Api', {
      name,
      handler: aliases.api,
      retain: prod,
      logKey: this.keys.ops,
      logRetentionDays: config.logRetentionDays,
      signIn,
      consoleOrigins: config.consoleOrigins,
      ...(config.apiBaseUrl ? { apiBaseUrl: config.apiBaseUrl } : {}),
    });
    // Partner acknowledgement links and console links point at the API (or the stage's own domain in front of it).
    const baseUrl = config.apiBaseUrl ?? this.api.httpApi.apiEndpoint;
    for (const fn of Object.values(fns)) {
      fn.addEnvironment(ENV.partnerAckBaseUrl, `${baseUrl}/partner-ack`);
      fn.addEnvironment(ENV.consoleUrl, baseUrl);
    }
    fns.api.addEnvironment(ENV.staffGroupsClaim, this.api.groupsClaim);
    // The console's sign-in (authorization code + PKCE, back to /console/callback): functions/api/console-config.ts.
    const consoleSignIn = this.api.consoleSignIn;
    if (consoleSignIn) {
      fns.api.addEnvironment(CONSOLE_ENV.issuer, consoleSignIn.issuer);
      fns.api.addEnvironment(CONSOLE_ENV.clientId, consoleSignIn.clientId);
      fns.api.addEnvironment(CONSOLE_ENV.authorizationEndpoint, consoleSignIn.authorizeUrl);
      fns.api.addEnvironment(CONSOLE_ENV.tokenEndpoint, consoleSignIn.tokenUrl);
      if (consoleSignIn.logoutUrl) fns.api.addEnvironment(CONSOLE_ENV.logoutEndpoint, consoleSignIn.logoutUrl);
      fns.api.addEnvironment(CONSOLE_ENV.scopes, 'openid email profile');
    } else
      Annotations.of(this).addWarning(
        "rightsflow: the console has no sign-in (set rightsflow:oidcAuthorizeUrl and rightsflow:oidcTokenUrl from the issuer's discovery document); the API still accepts bearer tokens",
      );
    if (this.api.userPool && this.api.client) {
      fns.api.addEnvironment('USER_POOL_ID', this.api.userPool.userPoolId);
      fns.api.addEnvironment('USER_POOL_CLIENT_ID', this.api.client.userPoolClientId);
    }

    this.ops = new Operations(this, 'Ops', {
      key: this.keys.ops,
      privacyOfficerEmail: config.privacyOfficerEmail,
      sweep: aliases.sweep,
      sweepTimeoutSeconds: FUNCTION_ACCESS.sweep.timeoutSeconds!,
      functions: Object.values(fns),
      api: this.api.httpApi,
      stateMachine,
      dlqs: this.lambdas.dlqs as Record<string, sqs.IQueue>,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint });
    new CfnOutput(this, 'StaffSignIn', {
      value: this.api.issuer,
      description: 'OIDC issuer the API trusts (JWT authorizer); staff roles come from its groups claim',
    });
    if (this.api.userPool && this.api.client && this.api.domain) {
      new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: this.api.client.userPoolClientId });
      new CfnOutput(this, 'SignInDomain', { value: this.api.domain.baseUrl() });
    }
    new CfnOutput(this, 'StateMachineArn', { value: stateMachine.stateMachineArn });
    new CfnOutput(this, 'HolidayScheduleParameter', {
      value: holidaysParameterName(config.stage),
      description: 'Load a newly published holiday schedule here (aws ssm put-parameter; see docs/deploy.md)',
    });
    if (this.inboundDrop)
      new CfnOutput(this, 'InboundDropTarget', {
        value: `s3://${this.inboundDrop.bucket.bucketName}/${this.inboundDrop.prefix}`,
        description: "Where the company's mail gateway writes each raw message for the privacy mailbox",
      });

    applyNagSuppressions(this);
  }

  /** A Secrets Manager secret's ARN by name (any version suffix): GetSecretValue on exactly that secret. */
  private secretArn(name: string): string {
    return this.formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: `${name}-??????`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}
