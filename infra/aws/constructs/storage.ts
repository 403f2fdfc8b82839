// S3: raw inbound mail (evidence) and exports (copies handed to people), plus the server access log bucket.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export const RAW_MAIL_PREFIX = 'inbound/';
/** Sealed attachments the intake stores next to the raw mail they came in (functions/intake/keys.ts). */
export const ATTACHMENT_PREFIX = 'attachments/';
/** Raw mail the intake itself stores (copied from the mail gateway's drop bucket): functions/intake/keys.ts rawMailKey. */
export const COPIED_RAW_PREFIX = 'raw/';

export class Storage extends Construct {
  readonly rawMail: s3.Bucket;
  readonly exports: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(
    scope: Construct,
    id: string,
    props: { key: kms.IKey; retain: boolean; rawMailRetentionDays: number; exportRetentionDays: number },
  ) {
    super(scope, id);
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // Server access logs cannot be delivered to an SSE-KMS bucket: S3-managed keys here.
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
      lifecycleRules: [{ expiration: Duration.days(400), noncurrentVersionExpiration: Duration.days(30) }],
    });
    const secure = (name: string, lifecycleRules: s3.LifecycleRule[]) =>
      new s3.Bucket(this, name, {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: props.key,
        bucketKeyEnabled: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        versioned: true,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: `${name}/`,
        removalPolicy,
        lifecycleRules: [
          ...lifecycleRules,
          { noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) },
        ],
      });
    this.rawMail = secure('RawMail', [
      { prefix: RAW_MAIL_PREFIX, expiration: Duration.days(props.rawMailRetentionDays) },
      { prefix: ATTACHMENT_PREFIX, expiration: Duration.days(props.rawMailRetentionDays) },
      { prefix: COPIED_RAW_PREFIX, expiration: Duration.days(props.rawMailRetentionDays) },
    ]);
    this.exports = secure('Exports', [{ expiration: Duration.days(props.exportRetentionDays) }]);
  }
}
