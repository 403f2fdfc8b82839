// Customer-managed KMS keys, one per kind of data, each with yearly rotation: a grant on one never opens another.
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
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

  constructor(scope: Construct, id: string, props: { retain: boolean }) {
    super(scope, id);
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const key = (name: string, description: string) =>
      new kms.Key(this, name, { description, enableKeyRotation: true, removalPolicy, alias: `rightsflow/${name}` });
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
      alias: 'rightsflow/subject-hash',
    });

    const { region, account } = Stack.of(this);
    // Services that write encrypted data with these keys on our behalf.
    this.ops.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${region}.amazonaws.com`));
    this.ops.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsPublishToEncryptedTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    this.storage.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SesStoresInboundMail',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Encrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
  }
}
