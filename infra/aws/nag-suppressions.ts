// cdk-nag (v3) AwsSolutions findings acknowledged on purpose, each on the narrowest construct and, for wildcard
// findings, on the exact finding id, with the reason. The infra test prints this list.
import { type CfnElement, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { WORKFLOW_FUNCTION_NAMES } from '../../workflows/steps.ts';
import { partnerSecretsPrefixOf } from './config.ts';
import { FUNCTION_ACCESS, FUNCTION_NAMES } from './functions.ts';
import type { RightsflowStack } from './rightsflow-stack.ts';

export interface Acknowledged {
  path: string;
  id: string;
  reason: string;
}

const acknowledged: Acknowledged[] = [];
/** Every acknowledgment made by the last applyNagSuppressions call (for the report). */
export const nagAcknowledgments = (): readonly Acknowledged[] => acknowledged;

function ack(scope: IConstruct, id: string, reason: string) {
  Validations.of(scope).acknowledge({ id, reason });
  acknowledged.push({ path: scope.node.path, id, reason });
}

/** `<LogicalId.Arn>` as cdk-nag prints a GetAtt inside a finding id. */
const arnRef = (c: IConstruct) => `<${Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement)}.Arn>`;
const literal = (v: string, pseudo: string) => (Token.isUnresolved(v) ? `<${pseudo}>` : v);

export function applyNagSuppressions(stack: RightsflowStack): void {
  acknowledged.length = 0;
  const { fns } = stack.lambdas;
  for (const fn of FUNCTION_NAMES) {
    const access = FUNCTION_ACCESS[fn];
    const role = fns[fn].role!;
    ack(
      fns[fn],
      'AwsSolutions-L1',
      'Node.js 22 is the runtime chosen in docs/design.md (bundles are built for node22 and tested on Node 20/22); ' +
        'moving to Node 24 is a deliberate upgrade, not a drift.',
    );
    ack(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      stack.config.vpcSubnetIds?.length
        ? 'xray:PutTraceSegments/PutTelemetryRecords, states:SendTask* (where used) and, in a VPC, ' +
            'ec2:*NetworkInterface* (as AWSLambdaVPCAccessExecutionRole) support no resource-level permissions.'
        : access.taskResponse
          ? 'xray:PutTraceSegments/PutTelemetryRecords (active tracing) and states:SendTaskSuccess/SendTaskFailure ' +
            'support no resource-level permissions; the task token itself scopes the callback.'
          : 'xray:PutTraceSegments/PutTelemetryRecords (active tracing) support no resource-level permissions.',
    );
    if (access.evidence) {
      ack(
        role,
        `AwsSolutions-IAM5[Resource::${arnRef(stack.storage.evidence)}/*]`,
        'Evidence objects are named per request (anchors/<id>/<seq>.json, isolation/<purge-by>/<id>.json); only GetObject and write-once PutObject, Object Lock forbids changes.',
      );
    }
    for (const grant of access.blobs ?? []) {
      const bucket = grant.bucket === 'rawMail' ? stack.storage.rawMail : stack.storage.exports;
      for (const prefix of grant.prefixes ?? ['']) {
        ack(
          role,
          `AwsSolutions-IAM5[Resource::${arnRef(bucket)}/${prefix}*]`,
          grant.ops.includes('delete')
            ? 'Request mail is deleted once its retention ends (policy/request-records.yaml, PIPL art. 19); the keys ' +
                'come from the request audit trail; only the declared operations, under this prefix.'
            : 'Objects are named per request or by content hash; only the declared operations, under this prefix.',
        );
      }
    }
    const scope = `${literal(stack.region, 'AWS::Region')}:${literal(stack.account, 'AWS::AccountId')}`;
    if (access.sms && stack.config.sms === 'end_user_messaging') {
      ack(
        role,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:${scope}:opt-out-list/*]`,
        'SendTextMessage is also checked against the opt-out list of the origination identity (its own or the ' +
          "account's Default, chosen outside this stack); the identity itself is named exactly.",
      );
    }
    if (access.partnerSecrets) {
      ack(
        role,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:${scope}:secret:${partnerSecretsPrefixOf(stack.config)}/*]`,
        'One secret per partner, created when its channel is agreed (docs/deploy.md); GetSecretValue only, under ' +
          "this stage's partner prefix.",
      );
    }
    for (const kind of access.schedule ?? []) {
      const group = kind === 'timer' ? stack.timerGroupName : stack.scheduleGroupName;
      ack(
        role,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${literal(stack.region, 'AWS::Region')}:${literal(
          stack.account,
          'AWS::AccountId',
        )}:schedule/${group}/*]`,
        'One schedule per timer or deferred deletion, named per request; confined to the rightsflow schedule group.',
      );
    }
  }
  if (stack.inboundDrop) {
    ack(
      fns['mail-intake'].role!,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${stack.inboundDrop.bucket.bucketName}/${stack.inboundDrop.prefix}*]`,
      'The mail gateway names each dropped message itself; intake may only GetObject under the drop prefix.',
    );
  } else {
    ack(
      fns['mail-intake'].role!,
      `AwsSolutions-IAM5[Resource::${arnRef(stack.storage.rawMail)}/inbound/*]`,
      'SES names each stored message by its own id under inbound/; intake may only GetObject there.',
    );
  }

  const smRole = stack.workflow.stateMachine.role;
  ack(
    smRole,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray tracing and CloudWatch Logs vended delivery (logs:CreateLogDelivery etc.) support no resource-level permissions.',
  );
  for (const fn of WORKFLOW_FUNCTION_NAMES) {
    ack(
      smRole,
      `AwsSolutions-IAM5[Resource::${arnRef(fns[fn])}:*]`,
      'CDK LambdaInvoke grants the step function and its versions/aliases (arn:…:function:name:*); only lambda:InvokeFunction.',
    );
  }
  for (const route of stack.api.openRoutes) {
    ack(
      route,
      'AwsSolutions-APIG4',
      route.node.id.includes('partner-ack')
        ? 'Partners acknowledge with a signed single-purpose token in the path (HMAC, expiring), verified by the API handler; they have no Cognito identity.'
        : 'The console static files (HTML/JS) carry no data; every /api route requires the Cognito JWT.',
    );
  }
  const sample = stack.sampleConnector;
  if (sample) {
    ack(
      sample.fn,
      'AwsSolutions-L1',
      'Dev-stage stand-in on Node.js 22, the runtime chosen for every rightsflow function.',
    );
    ack(
      sample.token,
      'AwsSolutions-SMG4',
      'Dev only: a generated token between two functions of the same stack; a redeploy of the dev stage replaces it.',
    );
    ack(
      sample.fn.role!,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray (active tracing) supports no resource-level permissions.',
    );
  }
  const mail = stack.sesMail;
  if (mail?.activator && mail.provider) {
    ack(
      mail.activator,
      'AwsSolutions-L1',
      'Deploy-time custom resource on Node.js 22, the runtime chosen for every rightsflow function.',
    );
    ack(
      mail.activator.role!,
      'AwsSolutions-IAM5[Resource::*]',
      'ses:DescribeActiveReceiptRuleSet/SetActiveReceiptRuleSet and X-Ray support no resource-level permissions (deploy time only).',
    );
    ack(
      mail.node.findChild('RuleSetProviderRole'),
      `AwsSolutions-IAM5[Resource::${arnRef(mail.activator)}:*]`,
      "CDK's custom resource provider invokes the activation function and its versions (deploy time only).",
    );
  }
  const mailEventsSubscription = stack.lambdas.aliases['mail-events'].node.tryFindChild('Events');
  if (mail && mailEventsSubscription) {
    ack(
      mailEventsSubscription,
      'CloudFormation-Validate::W3694',
      'SNS delivers to a Lambda alias ARN as to a function ARN (Lambda invoke permission on the alias); the linter knows only functions.',
    );
  }
  const notifications = stack.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
  if (notifications) {
    ack(
      notifications,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's own S3 bucket-notification custom resource (deploy time only) uses the basic execution role.",
    );
    ack(
      notifications,
      'AwsSolutions-IAM5[Resource::*]',
      "CDK's bucket-notification custom resource needs s3:PutBucketNotification; CDK scopes it with '*' (deploy time only).",
    );
  }
}
