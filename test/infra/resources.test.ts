// The stack's resources: table, keys, buckets, mail, API and Cognito, functions, schedules, alarms.
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../domain/policy/load.ts';
import { storageLifecycleDays } from '../../domain/request/retention.ts';
import { TABLE_INDEXES, TABLE_KEYS } from '../../functions/shared/table-schema.ts';
import { FUNCTION_NAMES } from '../../infra/aws/functions.ts';
import { resources, type Synthesized, synth } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synth();
});
const logicalId = (c: { node: { defaultChild?: unknown } }) =>
  s.stack.getLogicalId(c.node.defaultChild as Parameters<typeof s.stack.getLogicalId>[0]);

describe('DynamoDB table', () => {
  it('has the shared key schema and both GSIs, on demand, PITR, customer KMS key, deletion protection in prod', () => {
    s.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    s.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'rightsflow-prod',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_INDEXES.map((ix) => ({
        IndexName: ix.indexName,
        KeySchema: [
          { AttributeName: ix.partitionKey, KeyType: 'HASH' },
          { AttributeName: ix.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [logicalId(s.stack.keys.table), 'Arn'] },
      },
    });
    s.template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('a dev stage can be torn down (no deletion protection)', () => {
    const dev = synth({ 'rightsflow:stage': 'dev' });
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'rightsflow-dev',
      DeletionProtectionEnabled: false,
    });
  });
});

it('every encryption key rotates; the subject-hash key is an HMAC key (KMS cannot rotate those)', () => {
  const keys = resources(s.template, 'AWS::KMS::Key');
  expect(keys).toHaveLength(5);
  for (const [id, k] of keys) {
    if (id === logicalId(s.stack.keys.subjectHash)) {
      expect(k.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      expect(k.Properties['EnableKeyRotation']).toBeFalsy();
    } else expect(k.Properties['EnableKeyRotation'], id).toBe(true);
  }
});

describe('S3 buckets', () => {
  it('the evidence bucket is write-once: Object Lock in compliance mode, retained with the stack gone', () => {
    const found = resources(s.template, 'AWS::S3::Bucket').filter(([id]) => id.includes('Evidence'));
    expect(found).toHaveLength(1);
    const b = found[0]![1] as unknown as { Properties: Record<string, unknown>; DeletionPolicy?: string };
    expect(b.Properties['ObjectLockEnabled']).toBe(true);
    expect(b.Properties['ObjectLockConfiguration']).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1830 } },
    });
    expect(b.DeletionPolicy).toBe('Retain');
  });

  it('the table keeps point-in-time recovery for the window of the dynamodb_pitr backup plan', () => {
    s.template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
    });
  });

  it('block all public access, are versioned, and only accept TLS', () => {
    const buckets = resources(s.template, 'AWS::S3::Bucket');
    // Raw mail, exports, evidence (Object Lock), access logs.
    expect(buckets).toHaveLength(4);
    for (const [id, b] of buckets) {
      expect(b.Properties['PublicAccessBlockConfiguration'], id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b.Properties['VersioningConfiguration'], id).toEqual({ Status: 'Enabled' });
      expect(b.Properties['LifecycleConfiguration'], id).toBeDefined();
      s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('raw mail and exports use SSE-KMS with the storage key and log access to the log bucket', () => {
    const storageKey = { 'Fn::GetAtt': [logicalId(s.stack.keys.storage), 'Arn'] };
    for (const bucket of [s.stack.storage.rawMail, s.stack.storage.exports]) {
      s.template.hasResource('AWS::S3::Bucket', {
        Properties: Match.objectLike({
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              {
                BucketKeyEnabled: true,
                ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: storageKey },
              },
            ],
          },
          LoggingConfiguration: Match.objectLike({
            DestinationBucketName: { Ref: logicalId(s.stack.storage.accessLogs) },
          }),
        }),
      });
      expect(logicalId(bucket)).toBeTruthy();
    }
    // M4: request mail (ID-card copies among it) was kept 1,830 days. Now at most the longest a request stays open
    // plus policy/request-records.yaml's period after the answer; the sweep deletes it on time before that.
    const days = storageLifecycleDays(loadPolicy().requestRecords);
    expect(days).toEqual({ rawMail: 300, attachments: 150 });
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'inbound/', ExpirationInDays: days.rawMail, Status: 'Enabled' }),
          Match.objectLike({ Prefix: 'attachments/', ExpirationInDays: days.attachments, Status: 'Enabled' }),
        ]),
      },
    });
  });
});

describe('mail', () => {
  it('the privacy mailbox rule stores raw mail in S3 and the bucket notifies mail-intake', () => {
    s.template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Recipients: ['privacy@rights.lianlianpay.com'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          { S3Action: { BucketName: { Ref: logicalId(s.stack.storage.rawMail) }, ObjectKeyPrefix: 'inbound/' } },
        ],
      }),
    });
    s.template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: logicalId(s.stack.storage.rawMail) },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'inbound/' }] } },
            LambdaFunctionArn: { Ref: logicalId(s.stack.lambdas.aliases['mail-intake']) },
          }),
        ],
      },
    });
    s.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'rights.lianlianpay.com',
      MailFromAttributes: { MailFromDomain: 'mail.rights.lianlianpay.com' },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalId(s.stack.sesMail!.configurationSet) } },
    });
    s.template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'rightsflow-prod' });
    // Bounces, complaints and rejects go to mail-events through an encrypted topic.
    s.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint', 'reject']),
        SnsDestination: Match.anyValue(),
      }),
    });
    // The rule set is activated at deploy time, refusing to replace another active set unless told.
    s.template.hasResourceProperties('Custom::SesActiveReceiptRuleSet', {
      RuleSetName: { Ref: logicalId(s.stack.sesMail!.ruleSet!) },
      ReplaceActive: 'false',
    });
    s.template.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: 'rightsflow-prod' });
    const outputs = s.template.toJSON()['Outputs'] as Record<string, { Value: unknown }>;
    const names = Object.keys(outputs).join(' ');
    for (const o of ['DkimRecords', 'MailFromRecords', 'ReceivingMx']) expect(names).toContain(o);
  });
});

describe('functions', () => {
  it('one NodejsFunction per handler: Node 22, arm64, X-Ray, own role, explicit name', () => {
    const fns = resources(s.template, 'AWS::Lambda::Function').filter(([, f]) =>
      String(f.Properties['FunctionName'] ?? '').startsWith('rightsflow-prod-'),
    );
    expect(fns.map(([, f]) => f.Properties['FunctionName']).sort()).toEqual(
      FUNCTION_NAMES.map((fn) => `rightsflow-prod-${fn}`).sort(),
    );
    const roles = new Set<string>();
    for (const [, f] of fns) {
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
      roles.add(JSON.stringify(f.Properties['Role']));
      const env = (f.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
      expect(env).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'rightsflow', STAGE: 'prod' });
      expect(env['TABLE_NAME']).toBeDefined();
    }
    expect(roles.size).toBe(fns.length);
  });

  it('mail-intake has room for 40 MB mails', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'rightsflow-prod-mail-intake',
      MemorySize: 1024,
    });
  });

  it('asynchronously invoked functions have encrypted DLQs', () => {
    const asyncFns = ['mail-intake', 'sweep', 'deferred-deletion', 'fire-timer', 'mail-events'] as const;
    const queues = resources(s.template, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(asyncFns.length);
    for (const [, q] of queues) expect(q.Properties['KmsMasterKeyId']).toBeDefined();
    for (const fn of asyncFns) {
      s.template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: `rightsflow-prod-${fn}`,
        DeadLetterConfig: { TargetArn: Match.anyValue() },
      });
    }
  });
});

describe('workflow, schedules and alarms', () => {
  it('the state machine is Standard, traced, logs ALL without execution data to a KMS-encrypted log group', () => {
    s.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'rightsflow-prod',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
    s.template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/rightsflow-prod',
      KmsKeyId: { 'Fn::GetAtt': [logicalId(s.stack.keys.ops), 'Arn'] },
    });
  });

  it('deferred deletions and timers have schedule groups; the sweep runs every 15 minutes, one at a time', () => {
    for (const name of ['rightsflow-prod-deferred-deletions', 'rightsflow-prod-timers'])
      s.template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: name });
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [Match.objectLike({ Arn: { Ref: logicalId(s.stack.lambdas.aliases.sweep) } })],
    });
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'rightsflow-prod-sweep',
      ReservedConcurrentExecutions: 1,
    });
  });

  it('alarms on failed executions, every DLQ and missed deadlines notify the privacy officer topic', () => {
    const topic = { Ref: logicalId(s.stack.ops.topic) };
    const alarms = resources(s.template, 'AWS::CloudWatch::Alarm');
    for (const [, a] of alarms) expect(a.Properties['AlarmActions']).toEqual([topic]);
    const metrics = alarms.map(([, a]) => `${a.Properties['Namespace']}/${a.Properties['MetricName']}`);
    expect(metrics).toContain('AWS/States/ExecutionsFailed');
    expect(metrics.filter((m) => m === 'AWS/SQS/ApproximateNumberOfMessagesVisible')).toHaveLength(5);
    // API 5xx, every function's errors and throttles, the sweep's duration near its timeout (m12).
    expect(metrics).toContain('AWS/ApiGateway/5xx');
    expect(metrics.filter((m) => m === 'AWS/Lambda/Errors')).toHaveLength(FUNCTION_NAMES.length);
    expect(metrics.filter((m) => m === 'AWS/Lambda/Throttles')).toHaveLength(FUNCTION_NAMES.length);
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Duration',
      Threshold: 240_000,
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Rightsflow',
      MetricName: 'DeadlinesMissed',
      Dimensions: [{ Name: 'service', Value: 'rightsflow' }],
      Threshold: 1,
    });
    s.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'privacy-officer@lianlianpay.com',
    });
  });
});

describe('API and Cognito', () => {
  it('staff pool: MFA required, threat protection, no self sign-up, the three groups', () => {
    s.template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    const groups = resources(s.template, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties['GroupName']);
    expect(groups.sort()).toEqual(['admin', 'agent', 'privacy_officer']);
  });

  it('HTTP API: JWT authorizer on /api, only partner-ack and static console routes open, access logs on', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: Match.objectLike({ Audience: [Match.anyValue()] }),
    });
    const routes = resources(s.template, 'AWS::ApiGatewayV2::Route').map(([, r]) => [
      r.Properties['RouteKey'],
      r.Properties['AuthorizationType'],
    ]);
    expect(Object.fromEntries(routes)).toEqual({
      'ANY /api/{proxy+}': 'JWT',
      'POST /partner-ack/{token}': 'NONE',
      'GET /': 'NONE',
      'GET /{proxy+}': 'NONE',
    });
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });
});

it('the template has no dependency cycle (Ref, GetAtt, Sub, DependsOn): CloudFormation would refuse it', () => {
  type Res = { Properties?: unknown; DependsOn?: string | string[] };
  const all = s.template.toJSON()['Resources'] as Record<string, Res>;
  const refs = (v: unknown, out: Set<string>): void => {
    if (Array.isArray(v)) for (const x of v) refs(x, out);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k === 'Ref' && typeof x === 'string' && all[x]) out.add(x);
        else if (k === 'Fn::GetAtt') {
          const id = Array.isArray(x) ? String(x[0]) : String(x).split('.')[0]!;
          if (all[id]) out.add(id);
        } else if (k === 'Fn::Sub') {
          const text = Array.isArray(x) ? String(x[0]) : String(x);
          for (const m of text.matchAll(/\$\{([^}.]+)/g)) if (all[m[1]!]) out.add(m[1]!);
          refs(x, out);
        } else refs(x, out);
      }
  };
  const edges = new Map<string, string[]>();
  for (const [id, r] of Object.entries(all)) {
    const out = new Set<string>([...([] as string[]).concat(r.DependsOn ?? [])]);
    refs(r.Properties, out);
    edges.set(id, [...out]);
  }
  const state = new Map<string, 1 | 2>();
  const cycle: string[] = [];
  const visit = (n: string, path: string[]): boolean => {
    if (state.get(n) === 1) return cycle.push(...path.slice(path.indexOf(n)), n) > 0;
    if (state.get(n) === 2) return false;
    state.set(n, 1);
    for (const m of edges.get(n) ?? []) if (visit(m, [...path, n])) return true;
    state.set(n, 2);
    return false;
  };
  for (const n of edges.keys()) if (visit(n, [])) break;
  expect(cycle).toEqual([]);
});
