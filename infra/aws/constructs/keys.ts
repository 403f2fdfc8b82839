// Customer-managed KMS keys, one per kind of data, each with yearly rotation: a grant on one never opens another.
import { Aws, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export class Keys extends Construct {
  /** The DynamoDB table. */
  readonly table: kms.Key;
  /** Envelope encryption of personal fields (FieldCipher). */
  readonly fields: kms.Key;
  /** S3: raw inbound mail and exports. */
  readonly storage: kms.Key;
  /** Operations: workflow logs, DLQs, the alarm topic. */
  readonly ops: kms.Key;
  /** HMAC_256: the subject-hash salt is its MAC of a fixed label (awsDeps), so the salt is never stored anywhere. */
  readonly subjectHash: kms.Key;

  constructor(
    scope: Construct,
    id: string,
    props: {
      retain: boolean;
      stage: string;
      /** SES stores inbound mail in the storage-key bucket (global regions with SES receiving only). */
      sesReceiptRuleSetName?: string;
    },
  ) {
    super(scope, id);
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // The stage in every alias: two stages in one account and region never collide.
    const alias = (name: string) => `rightsflow/${props.stage}/${name}`;
    const key = (name: string, description: string) =>
      new kms.Key(this, name, { description, enableKeyRotation: true, removalPolicy, alias: alias(name) });
    this.table = key('table', 'rightsflow: DynamoDB table');
    this.fields = key('fields', 'rightsflow: personal fields (envelope encryption)');
    this.storage = key('storage', 'rightsflow: raw mail and exports buckets');
    this.ops = key('ops', 'rightsflow: logs, dead-letter queues and alarm topic');
    // KMS rotates only symmetric encryption keys; rotating this one would change every subject hash anyway.
    this.subjectHash = new kms.Key(this, 'subject-hash', {
      description: 'rightsflow: subject hashes, one-time codes and partner tokens (HMAC salt)',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      enableKeyRotation: false,
      removalPolicy,
      alias: alias('subject-hash'),
    });

    const { account, partition } = Stack.of(this);
    // Services that write encrypted data with these keys on our behalf. CloudWatch Logs' principal is regional and
    // takes the partition's domain (logs.<region>.amazonaws.com.cn in AWS China): built from AWS::URLSuffix, never a
    // hard-coded suffix; confined to this account's log groups.
    this.ops.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LogsEncryptLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.${Aws.URL_SUFFIX}`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${Aws.REGION}:${account}:log-group:*`,
          },
        },
      }),
    );
    this.ops.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsPublishToEncryptedTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    if (props.sesReceiptRuleSetName) {
      const ses = new iam.ServicePrincipal('ses.amazonaws.com');
      const sourceArn = `arn:${partition}:ses:${Aws.REGION}:${account}:receipt-rule-set/${props.sesReceiptRuleSetName}:receipt-rule/*`;
      this.storage.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'SesStoresInboundMail',
          principals: [ses],
          actions: ['kms:GenerateDataKey*', 'kms:Encrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': account }, ArnLike: { 'aws:SourceArn': sourceArn } },
        }),
      );
      // Bounce and complaint events reach the mail-events function through an encrypted SNS topic.
      this.ops.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'SesPublishesMailEvents',
          principals: [ses],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': account } },
        }),
      );
    }
  }
}
