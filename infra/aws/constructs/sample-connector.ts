// Dev stages only: the sample company deployed as the company connector (infra/aws/sample-connector/handler.ts),
// with its own table and a generated bearer token, behind a Lambda function URL. The workflow functions call it
// through the http connector port like any real company's connector.
import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TABLE_INDEXES, TABLE_KEYS } from '../../../functions/shared/table-schema.ts';
import { REPO_ROOT, viaService } from './lambdas.ts';

export class SampleConnector extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly url: lambda.FunctionUrl;
  readonly token: secrets.Secret;
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: { stage: string; key: kms.IKey; logRetentionDays: number }) {
    super(scope, id);
    const attr = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.Table(this, 'Records', {
      tableName: `rightsflow-${props.stage}-sample-company`,
      partitionKey: attr(TABLE_KEYS.partitionKey),
      sortKey: attr(TABLE_KEYS.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    for (const ix of TABLE_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: ix.indexName,
        partitionKey: attr(ix.partitionKey),
        sortKey: attr(ix.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    this.token = new secrets.Secret(this, 'Token', {
      secretName: `rightsflow/${props.stage}/sample-company-token`,
      description: 'rightsflow dev: bearer token of the sample company connector',
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/rightsflow-${props.stage}-sample-company`,
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Own role, explicit grants (no AWS managed policy): its table and key, its token, its logs.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'rightsflow dev: the sample company connector',
    });
    logGroup.grantWrite(role);
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:Query',
          'dynamodb:BatchWriteItem',
        ],
        resources: [this.table.tableArn, ...TABLE_INDEXES.map((ix) => `${this.table.tableArn}/index/${ix.indexName}`)],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [props.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': viaService('dynamodb') } },
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.token.secretArn] }),
    );
    this.fn = new nodejs.NodejsFunction(this, 'Connector', {
      role,
      functionName: `rightsflow-${props.stage}-sample-company`,
      entry: path.join(REPO_ROOT, 'infra/aws/sample-connector/handler.ts'),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(60),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      environment: {
        SAMPLE_COMPANY_TABLE: this.table.tableName,
        COMPANY_CONNECTOR_TOKEN_SECRET: this.token.secretName,
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        minify: true,
        target: 'node22',
        externalModules: ['@aws-sdk/*'],
        banner:
          "import { createRequire as __rfCreateRequire } from 'node:module'; const require = __rfCreateRequire(import.meta.url);",
      },
    });
    // The bearer token is the access control (as for a company's own connector), checked in constant time.
    this.url = this.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  }
}
