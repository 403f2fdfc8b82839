// SES: the privacy mailbox's receipt rule (store raw mail in S3; the bucket's notification starts mail-intake) and
// the sending identity.
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as actions from 'aws-cdk-lib/aws-ses-actions';
import { Construct } from 'constructs';

export class Mail extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly ruleSet: ses.ReceiptRuleSet;

  constructor(
    scope: Construct,
    id: string,
    props: {
      domain: string;
      privacyMailbox: string;
      rawMail: s3.IBucket;
      rawMailPrefix: string;
      intake: lambda.IFunction;
    },
  ) {
    super(scope, id);
    this.identity = new ses.EmailIdentity(this, 'Sender', { identity: ses.Identity.domain(props.domain) });
    // S3 first, then an S3 event: the whole raw message (SES's Lambda action carries no body) is stored before
    // anything parses it, so a failed intake can be replayed from the bucket and nothing is lost.
    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet', {
      rules: [
        {
          recipients: [props.privacyMailbox],
          scanEnabled: true,
          tlsPolicy: ses.TlsPolicy.REQUIRE,
          actions: [new actions.S3({ bucket: props.rawMail, objectKeyPrefix: props.rawMailPrefix })],
        },
      ],
    });
    props.rawMail.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(props.intake), {
      prefix: props.rawMailPrefix,
    });
  }
}
