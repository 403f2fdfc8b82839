// SMS replies through AWS End User Messaging SMS two-way messaging: the origination phone number publishes each
// inbound text to this encrypted topic (set it as the number's two-way destination; the stack outputs its ARN), and
// the sms-inbound function takes the code in it (functions/sms-inbound/handler.ts). Only End User Messaging in this
// account may publish. A company SMS gateway (aws-cn) posts replies to the API's POST /sms-inbound instead.
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface SmsRepliesProps {
  stage: string;
  key: kms.IKey;
  handler: lambda.IFunction;
}

export class SmsReplies extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: SmsRepliesProps) {
    super(scope, id);
    const { account } = Stack.of(this);
    const smsVoice = new iam.ServicePrincipal('sms-voice.amazonaws.com');
    this.topic = new sns.Topic(this, 'Replies', {
      topicName: `rightsflow-${props.stage}-sms-replies`,
      displayName: 'rightsflow SMS replies',
      masterKey: props.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EndUserMessagingPublishesReplies',
        principals: [smsVoice],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    // The topic is encrypted with the stage's ops key: End User Messaging needs to use it to publish.
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EndUserMessagingPublishesSmsReplies',
        principals: [smsVoice],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    this.topic.addSubscription(new subs.LambdaSubscription(props.handler));
  }
}
