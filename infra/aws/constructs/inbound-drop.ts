// Mail in without SES (AWS China, or any stage given rightsflow:inboundBucket): the company's mail gateway writes
// each raw RFC 822 message for the privacy mailbox into an S3 bucket of its own (same account and region); the
// bucket's ObjectCreated notification starts mail-intake, which copies the message into the raw-mail bucket before
// parsing it. Chosen over an IMAP poller: push, not polling (no timer, no "last seen" state, nothing read twice);
// no mailbox password in AWS; the gateway needs only s3:PutObject on one prefix, over the AWS network; and the raw
// bytes are stored before anything parses them, exactly as with SES.
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';

/** `bucket` or `bucket/prefix` (rightsflow:inboundBucket). */
export function parseInboundBucket(value: string): { bucketName: string; prefix: string } {
  const [bucketName, ...rest] = value.split('/');
  const prefix = rest.join('/');
  return { bucketName: bucketName!, prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix };
}

export class InboundDrop extends Construct {
  readonly bucket: s3.IBucket;
  readonly prefix: string;

  constructor(scope: Construct, id: string, props: { bucket: s3.IBucket; prefix: string; intake: lambda.IFunction }) {
    super(scope, id);
    const { prefix } = props;
    this.bucket = props.bucket;
    this.prefix = prefix;
    // For an imported bucket CDK's notification resource adds this configuration and keeps the bucket's others.
    this.bucket.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new s3n.LambdaDestination(props.intake),
      ...(prefix ? [{ prefix }] : []),
    );
  }
}
