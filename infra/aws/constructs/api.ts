// Staff API and console: HTTP API (API Gateway v2) with a Cognito JWT authorizer; groups carry the roles.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export const STAFF_GROUPS = ['agent', 'privacy_officer', 'admin'] as const;

export class StaffApi extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly httpApi: apigw.HttpApi;
  /** Routes without the JWT authorizer (partner acknowledgements, console static files). */
  readonly openRoutes: apigw.HttpRoute[] = [];

  constructor(
    scope: Construct,
    id: string,
    props: { handler: lambda.IFunction; retain: boolean; logKey: kms.IKey; logRetentionDays: number },
  ) {
    super(scope, id);
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.userPool = new cognito.UserPool(this, 'Staff', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: props.retain,
      removalPolicy,
    });
    for (const group of STAFF_GROUPS) {
      this.userPool.addGroup(`group-${group}`, { groupName: group, description: `rightsflow ${group}` });
    }
    this.client = this.userPool.addClient('Console', {
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    const region = Stack.of(this).region;
    const authorizer = new HttpJwtAuthorizer(
      'StaffJwt',
      `https://cognito-idp.${region}.amazonaws.com/${this.userPool.userPoolId}`,
      { jwtAudience: [this.client.userPoolClientId] },
    );
    const integration = new HttpLambdaIntegration('Api', props.handler);
    this.httpApi = new apigw.HttpApi(this, 'Http', {
      description: 'rightsflow staff API, console and partner acknowledgements',
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      encryptionKey: props.logKey,
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy,
    });
    new apigw.HttpStage(this, 'Default', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
    });
    this.httpApi.addRoutes({ path: '/api/{proxy+}', methods: [apigw.HttpMethod.ANY], integration });
    // Partners acknowledge by a signed, single-purpose token in the path; the console's static files carry no data.
    const open = new apigw.HttpNoneAuthorizer();
    this.openRoutes.push(
      ...this.httpApi.addRoutes({
        path: '/partner-ack/{token}',
        methods: [apigw.HttpMethod.POST],
        integration,
        authorizer: open,
      }),
      ...this.httpApi.addRoutes({ path: '/', methods: [apigw.HttpMethod.GET], integration, authorizer: open }),
      ...this.httpApi.addRoutes({ path: '/{proxy+}', methods: [apigw.HttpMethod.GET], integration, authorizer: open }),
    );
  }
}
