// Mail through SES (global regions): the sending identity with Easy DKIM and a custom MAIL FROM, a configuration set
// whose bounce and complaint events reach the mail-events function, and the receipt rule that stores the privacy
// mailbox's raw mail in S3 (the bucket's notification starts mail-intake), activated by a custom resource.
// DNS: every record SES needs is a stack output; with a Route 53 zone (rightsflow:hostedZoneId/Name) they are
// created too. AWS China has none of this (no SES): see inbound-drop.ts and functions/shared/aws/smtp-mailer.ts.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, CustomResource, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as actions from 'aws-cdk-lib/aws-ses-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export const receiptRuleSetName = (stage: string) => `rightsflow-${stage}`;
export const configurationSetName = (stage: string) => `rightsflow-${stage}`;

export interface SesMailProps {
  stage: string;
  domain: string;
  /** The receipt rule's recipient (a dedicated subdomain, or where the corporate server forwards to). */
  receivingAddress: string;
  mailFromSubdomain: string;
  replaceActiveRuleSet: boolean;
  /** Receive through SES (false: mail comes in through the gateway's drop bucket; SES only sends). */
  receive: boolean;
  hostedZone?: { id: string; name: string };
  rawMail: s3.IBucket;
  rawMailPrefix: string;
  intake: lambda.IFunction;
  /** Receives bounce and complaint events (SNS). */
  mailEvents: lambda.IFunction;
  opsKey: kms.IKey;
  logRetentionDays: number;
  retain: boolean;
}

export class SesMail extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly ruleSet?: ses.ReceiptRuleSet;
  readonly configurationSet: ses.ConfigurationSet;
  readonly events: sns.Topic;
  readonly activation?: CustomResource;
  readonly activator?: nodejs.NodejsFunction;
  readonly provider?: cr.Provider;

  constructor(scope: Construct, id: string, props: SesMailProps) {
    super(scope, id);
    const { region } = Stack.of(this);
    const mailFromDomain = `${props.mailFromSubdomain}.${props.domain}`;
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.events = new sns.Topic(this, 'Events', {
      displayName: 'rightsflow SES bounces and complaints',
      masterKey: props.opsKey,
      enforceSSL: true,
    });
    this.events.addSubscription(new subs.LambdaSubscription(props.mailEvents));
    this.configurationSet = new ses.ConfigurationSet(this, 'Letters', {
      configurationSetName: configurationSetName(props.stage),
      reputationMetrics: true,
      sendingEnabled: true,
    });
    // A letter that bounces or is reported as spam was not delivered: the request shows it and staff get a task.
    this.configurationSet.addEventDestination('Undelivered', {
      destination: ses.EventDestination.snsTopic(this.events),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.REJECT],
    });

    this.identity = new ses.EmailIdentity(this, 'Sender', {
      identity: ses.Identity.domain(props.domain),
      mailFromDomain,
      configurationSet: this.configurationSet,
    });

    if (props.receive) {
      const r = this.receiving(props, removalPolicy);
      this.ruleSet = r.ruleSet;
      this.activator = r.activator;
      this.provider = r.provider;
      this.activation = r.activation;
    }

    // DNS: DKIM (three CNAMEs), MAIL FROM (MX + SPF TXT), and the MX of the receiving domain.
    const receivingDomain = props.receivingAddress.split('@')[1]!;
    const dkim = [1, 2, 3].map((n) => ({
      name: (this.identity as unknown as Record<string, string>)[`dkimDnsTokenName${n}`]!,
      value: (this.identity as unknown as Record<string, string>)[`dkimDnsTokenValue${n}`]!,
    }));
    const mailFromMx = `10 feedback-smtp.${region}.amazonses.com`;
    const spf = 'v=spf1 include:amazonses.com ~all';
    const receivingMx = `10 inbound-smtp.${region}.amazonaws.com`;
    new CfnOutput(this, 'DkimRecords', {
      description: 'Publish these three CNAME records (name → value) to verify the sending domain (Easy DKIM)',
      value: Fn.join(
        ' ; ',
        dkim.map((d) => Fn.join(' ', [d.name, 'CNAME', d.value])),
      ),
    });
    new CfnOutput(this, 'MailFromRecords', {
      description: 'Custom MAIL FROM: publish an MX and an SPF TXT record for this name',
      value: `${mailFromDomain} MX "${mailFromMx}" ; ${mailFromDomain} TXT "${spf}"`,
    });
    if (props.receive)
      new CfnOutput(this, 'ReceivingMx', {
        description: `MX of ${receivingDomain} (a domain dedicated to this mailbox): point it at SES receiving`,
        value: `${receivingDomain} MX "${receivingMx}"`,
      });

    if (props.hostedZone) {
      const zone = route53.PublicHostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: props.hostedZone.id,
        zoneName: props.hostedZone.name,
      });
      dkim.forEach((d, i) => {
        new route53.CnameRecord(this, `Dkim${i + 1}`, { zone, recordName: d.name, domainName: d.value });
      });
      new route53.MxRecord(this, 'MailFromMx', {
        zone,
        recordName: mailFromDomain,
        values: [{ priority: 10, hostName: `feedback-smtp.${region}.amazonses.com` }],
      });
      new route53.TxtRecord(this, 'MailFromSpf', { zone, recordName: mailFromDomain, values: [spf] });
      if (
        props.receive &&
        (receivingDomain === props.hostedZone.name || receivingDomain.endsWith(`.${props.hostedZone.name}`))
      )
        new route53.MxRecord(this, 'ReceivingMxRecord', {
          zone,
          recordName: receivingDomain,
          values: [{ priority: 10, hostName: `inbound-smtp.${region}.amazonaws.com` }],
        });
    }
  }

  /** The receipt rule set and rule, the S3 notification, and the custom resource that activates the set. */
  private receiving(props: SesMailProps, removalPolicy: RemovalPolicy) {
    // S3 first, then an S3 event: the whole raw message (SES's Lambda action carries no body) is stored before
    // anything parses it, so a failed intake can be replayed from the bucket and nothing is lost.
    const ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet', {
      receiptRuleSetName: receiptRuleSetName(props.stage),
      rules: [
        {
          receiptRuleName: 'privacy-mailbox',
          recipients: [props.receivingAddress],
          scanEnabled: true,
          tlsPolicy: ses.TlsPolicy.REQUIRE,
          actions: [new actions.S3({ bucket: props.rawMail, objectKeyPrefix: props.rawMailPrefix })],
        },
      ],
    });
    props.rawMail.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(props.intake), {
      prefix: props.rawMailPrefix,
    });

    // CloudFormation cannot activate a rule set: this deploy-time function does, and refuses to replace another.
    // Own roles with log-group-scoped grants (no AWS managed policy), as for the workflow functions.
    const activatorLogs = new logs.LogGroup(this, 'ActivateRuleSetLogs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy,
    });
    const activatorRole = new iam.Role(this, 'ActivateRuleSetRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'rightsflow deploy time: activates the SES receipt rule set',
    });
    activatorLogs.grantWrite(activatorRole);
    const activator = new nodejs.NodejsFunction(this, 'ActivateRuleSet', {
      role: activatorRole,
      entry: path.join(path.dirname(fileURLToPath(import.meta.url)), '../custom-resources/receipt-rule-set.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.seconds(30),
      logGroup: activatorLogs,
      bundling: { format: nodejs.OutputFormat.ESM, minify: true, externalModules: ['@aws-sdk/*'], target: 'node22' },
    });
    activator.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:DescribeActiveReceiptRuleSet', 'ses:SetActiveReceiptRuleSet'],
        // Neither action supports resource-level permissions (Service Authorization Reference, Amazon SES).
        resources: ['*'],
      }),
    );
    const providerLogs = new logs.LogGroup(this, 'RuleSetProviderLogs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy,
    });
    const providerRole = new iam.Role(this, 'RuleSetProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'rightsflow deploy time: custom resource provider of the receipt rule set activation',
    });
    providerLogs.grantWrite(providerRole);
    const provider = new cr.Provider(this, 'RuleSetProvider', {
      onEventHandler: activator,
      logGroup: providerLogs,
      frameworkOnEventRole: providerRole,
    });
    const activation = new CustomResource(this, 'ActiveRuleSet', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::SesActiveReceiptRuleSet',
      properties: { RuleSetName: ruleSet.receiptRuleSetName, ReplaceActive: String(props.replaceActiveRuleSet) },
    });
    activation.node.addDependency(ruleSet);

    new CfnOutput(this, 'ReceiptRuleSetName', {
      value: ruleSet.receiptRuleSetName,
      description: 'Activated by the stack (Custom::SesActiveReceiptRuleSet); deactivated when the stack is deleted',
    });
    return { ruleSet, activator, provider, activation };
  }
}
