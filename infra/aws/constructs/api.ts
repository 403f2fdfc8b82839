// Staff API and console: HTTP API (API Gateway v2) with a JWT authorizer. Who signs staff in depends on the target:
//  - `cognito` (global regions, default): the stage's user pool (MFA, threat protection, the three groups), its
//    hosted sign-in domain and a public console client (authorization code + PKCE only);
//  - `oidc` (AWS China, where Cognito user pools do not exist, or any stage given rightsflow:oidcIssuer): the
//    company's issuer and audience; the roles come from its groups claim (STAFF_GROUPS_CLAIM).
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export const STAFF_GROUPS = ['agent', 'privacy_officer', 'admin'] as const;
/** The console's OAuth redirect path (the console's front end completes the code flow there). */
export const CONSOLE_CALLBACK_PATH = '/console/callback';

export type SignIn =
  | { kind: 'cognito'; domainPrefix: string }
  | {
      kind: 'oidc';
      issuer: string;
      audience: string[];
      groupsClaim: string;
      /** The console's public client at the issuer and its endpoints (discovery is not reachable at synth). */
      console?: { clientId: string; authorizeUrl: string; tokenUrl: string; logoutUrl?: string };
    };

/** What the console's code flow needs (functions/api/console-config.ts reads it from the API function's env). */
export interface ConsoleSignIn {
  issuer: string;
  clientId: string;
  authorizeUrl: string;
  tokenUrl: string;
  logoutUrl?: string;
}

export interface StaffApiProps {
  handler: lambda.IFunction;
  retain: boolean;
  logKey: kms.IKey;
  logRetentionDays: number;
  signIn: SignIn;
  /** `rightsflow-<stage>`: the API's name in the console. */
  name: string;
  /** Origins of a console served elsewhere (CORS, OAuth callbacks); the API's own origin needs neither. */
  consoleOrigins: string[];
  /** The public base URL (custom domain) when there is one: OAuth callbacks go there. */
  apiBaseUrl?: string;
}

export class StaffApi extends Construct {
  readonly userPool?: cognito.UserPool;
  readonly client?: cognito.UserPoolClient;
  readonly domain?: cognito.UserPoolDomain;
  readonly httpApi: apigw.HttpApi;
  /** The issuer and the claim the API reads the roles from. */
  readonly issuer: string;
  readonly groupsClaim: string;
  /** The console's sign-in (undefined: an OIDC issuer without the console's client settings). */
  readonly consoleSignIn?: ConsoleSignIn;
  /** Routes without the JWT authorizer (partner acknowledgements, console static files). */
  readonly openRoutes: apigw.HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: StaffApiProps) {
    super(scope, id);
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.httpApi = new apigw.HttpApi(this, 'Http', {
      apiName: props.name,
      description: 'rightsflow staff API, console and partner acknowledgements',
      createDefaultStage: false,
      // Preflight is answered by API Gateway before any authorizer (a console on another origin gets no 401).
      ...(props.consoleOrigins.length
        ? {
            corsPreflight: {
              allowOrigins: props.consoleOrigins,
              allowMethods: [apigw.CorsHttpMethod.ANY],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    const baseUrl = props.apiBaseUrl ?? this.httpApi.apiEndpoint;
    let audience: string[];
    if (props.signIn.kind === 'cognito') {
      const userPool = new cognito.UserPool(this, 'Staff', {
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
        userPool.addGroup(`group-${group}`, { groupName: group, description: `rightsflow ${group}` });
      }
      this.domain = userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: props.signIn.domainPrefix } });
      const callbacks = [
        `${baseUrl}${CONSOLE_CALLBACK_PATH}`,
        ...props.consoleOrigins.map((o) => `${o}${CONSOLE_CALLBACK_PATH}`),
      ];
      const logouts = [`${baseUrl}/`, ...props.consoleOrigins.map((o) => `${o}/`)];
      this.client = userPool.addClient('Console', {
        // A browser app: no secret; authorization code with PKCE only (no implicit flow), SRP for tooling.
        generateSecret: false,
        authFlows: { userSrp: true },
        oAuth: {
          flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
          scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
          callbackUrls: callbacks,
          logoutUrls: logouts,
        },
        supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
        preventUserExistenceErrors: true,
        accessTokenValidity: Duration.hours(1),
        idTokenValidity: Duration.hours(1),
        refreshTokenValidity: Duration.hours(12),
      });
      this.userPool = userPool;
      // The issuer of a user pool is regional and partition-specific: built from AWS::URLSuffix.
      this.issuer = `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}/${userPool.userPoolId}`;
      this.groupsClaim = 'cognito:groups';
      audience = [this.client.userPoolClientId];
      // The hosted UI's OAuth endpoints (Cognito user pools exist only in the aws partition).
      const hosted = this.domain.baseUrl();
      this.consoleSignIn = {
        issuer: this.issuer,
        clientId: this.client.userPoolClientId,
        authorizeUrl: `${hosted}/oauth2/authorize`,
        tokenUrl: `${hosted}/oauth2/token`,
        logoutUrl: `${hosted}/logout`,
      };
    } else {
      this.issuer = props.signIn.issuer;
      this.groupsClaim = props.signIn.groupsClaim;
      audience = props.signIn.audience;
      if (props.signIn.console) this.consoleSignIn = { issuer: this.issuer, ...props.signIn.console };
    }
    const authorizer = new HttpJwtAuthorizer('StaffJwt', this.issuer, {
      jwtAudience: audience,
      authorizerName: `${props.name}-staff`,
    });
    const integration = new HttpLambdaIntegration('Api', props.handler);
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
    this.httpApi.addRoutes({ path: '/api/{proxy+}', methods: [apigw.HttpMethod.ANY], integration, authorizer });
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
