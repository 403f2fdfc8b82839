// S3: raw inbound mail and its attachments (kept only as policy/request-records.yaml says: the sweep deletes them on
// time, the lifecycle rules below at the latest) and exports (copies handed to people), plus the access log bucket.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { MAIL_BLOB_PREFIX } from '../../../functions/shared/blob-kinds.ts';

/** Where SES stores received mail; the intake's copies and the sealed attachments: functions/shared/blob-kinds.ts. */
export const RAW_MAIL_PREFIX = MAIL_BLOB_PREFIX.inbound;
const ATTACHMENT_PREFIX = MAIL_BLOB_PREFIX.attachments;
const COPIED_RAW_PREFIX = MAIL_BLOB_PREFIX.copied;

export class Storage extends Construct {
  readonly rawMail: s3.Bucket;
  readonly exports: s3.Bucket;
  /** Object Lock (compliance): chain anchors and the off-table isolation list (functions/shared/aws/s3-evidence-vault.ts). */
  readonly evidence: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(
    scope: Construct,
    id: string,
    props: {
      key: kms.IKey;
      retain: boolean;
      rawMailRetentionDays: number;
      attachmentRetentionDays: number;
      exportRetentionDays: number;
      evidenceRetentionDays: number;
    },
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
    const secure = (name: string, lifecycleRules: s3.LifecycleRule[], extra: Partial<s3.BucketProps> = {}) =>
      new s3.Bucket(this, name, {
        ...extra,
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: props.key,
        bucketKeyEnabled: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        versioned: true,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: `${name}/`,
        removalPolicy: extra.removalPolicy ?? removalPolicy,
        lifecycleRules: [
          ...lifecycleRules,
          { noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) },
        ],
      });
    this.rawMail = secure('RawMail', [
      { prefix: RAW_MAIL_PREFIX, expiration: Duration.days(props.rawMailRetentionDays) },
      { prefix: ATTACHMENT_PREFIX, expiration: Duration.days(props.attachmentRetentionDays) },
      { prefix: COPIED_RAW_PREFIX, expiration: Duration.days(props.rawMailRetentionDays) },
    ]);
    this.exports = secure('Exports', [{ expiration: Duration.days(props.exportRetentionDays) }]);
    // Append-only evidence: compliance-mode Object Lock, so no one (root included) can change or delete an anchor or
    // an isolation entry before its retention ends. Hashes, dates and sealed ids only: no personal data in clear.
    // Always retained: a locked bucket cannot be emptied, so a stack deletion leaves it behind by design.
    this.evidence = secure('Evidence', [{ expiration: Duration.days(props.evidenceRetentionDays + 1) }], {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(props.evidenceRetentionDays)),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
