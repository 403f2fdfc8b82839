// Stage settings, read from CDK context (cdk.json `rightsflow:*` keys, or `-c rightsflow:stage=dev`), and the
// target they describe. One definition, two targets, chosen by the stack's region:
//  - a global region (partition `aws`): SES sends and (in a receiving region) receives; staff sign in through the
//    stage's Cognito user pool, or any OIDC issuer given by `rightsflow:oidcIssuer`;
//  - mainland China (`cn-north-1`, `cn-northwest-1`, partition `aws-cn`): there is no SES and no Cognito user pool, so
//    mail leaves through the company's SMTP relay (`rightsflow:mailTransport=smtp`, `rightsflow:smtpSecret`), comes in
//    through an S3 bucket the company's mail gateway drops raw messages into (`rightsflow:inboundBucket`), and staff
//    sign in through the company's OIDC issuer (`rightsflow:oidcIssuer`, `rightsflow:oidcAudience`).
// Synth fails, naming the keys to set, whenever a target lacks what it cannot work without.
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { Node } from 'constructs';
import * as z from 'zod';
import { loadPolicy } from '../../domain/policy/load.ts';
import { withRecipientChannels } from '../../domain/policy/overrides.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { storageLifecycleDays } from '../../domain/request/retention.ts';

const email = z.email();
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
/** Comma-separated list (context values from the command line are strings) or a JSON array. */
const list = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean));

export const StageConfig = z.object({
  stage: z.string().regex(/^[a-z][a-z0-9-]{1,15}$/),
  /** The sending domain: the SES identity (DKIM, MAIL FROM) or the domain the SMTP relay sends for. */
  domain: z.string().min(3),
  /** The address people write to (policy §9 contact). */
  privacyMailbox: email,
  /**
   * Where SES receives (the receipt rule's recipient, default the privacy mailbox). Its domain's MX points at SES,
   * so it must be a dedicated subdomain (privacy@rights.example.com), or the address the corporate mail server
   * forwards the public mailbox to.
   */
  receivingAddress: email.optional(),
  /** Allow receiving on what looks like the company's own apex domain (its whole MX would move to SES). */
  receiveOnApex: flag.default(false),
  /** Allow activating this stage's receipt rule set while another set is active in the account and region. */
  replaceActiveRuleSet: flag.default(false),
  /** AWS documents receiving only in some regions: set after checking the "Email receiving endpoints" table. */
  sesReceivingRegionConfirmed: flag.default(false),
  senderAddress: email,
  privacyOfficerEmail: email,
  /** Route 53 public hosted zone of `domain` (id and name): DKIM, MAIL FROM and the receiving MX are created in it. */
  hostedZoneId: z
    .string()
    .regex(/^Z[A-Z0-9]{4,32}$/)
    .optional(),
  hostedZoneName: z.string().min(3).optional(),
  /** Subdomain of `domain` for the custom MAIL FROM (SPF alignment). */
  mailFromSubdomain: z
    .string()
    .regex(/^[a-z0-9-]{1,63}$/)
    .default('mail'),
  /** `ses` (global regions) or `smtp` (the company's relay: required in AWS China). Default by partition. */
  mailTransport: z.enum(['ses', 'smtp']).optional(),
  /** Secrets Manager secret name with the relay's JSON settings {host, port, secure, user, pass}. */
  smtpSecret: z
    .string()
    .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/)
    .optional(),
  /** `bucket` or `bucket/prefix` the company's mail gateway writes raw RFC 822 messages into (same region). */
  inboundBucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9!_.*'()/-]*)?$/)
    .optional(),
  /** Staff sign-in through this OIDC issuer (https URL) instead of a Cognito user pool; required in AWS China. */
  oidcIssuer: z.url({ protocol: /^https$/ }).optional(),
  /** Client id(s) the issuer puts in `aud` (comma-separated). */
  oidcAudience: list.optional(),
  /** The console's public client at the OIDC issuer (code flow with PKCE); default: the first oidcAudience. */
  oidcClientId: z.string().min(1).optional(),
  /** The issuer's authorization and token endpoints for the console (its discovery document, read once by a person). */
  oidcAuthorizeUrl: z.url({ protocol: /^https$/ }).optional(),
  oidcTokenUrl: z.url({ protocol: /^https$/ }).optional(),
  /** Optional end-session endpoint (called with client_id and logout_uri). */
  oidcLogoutUrl: z.url({ protocol: /^https$/ }).optional(),
  /** The token claim carrying the staff roles (agent, privacy_officer, admin). */
  oidcGroupsClaim: z.string().min(1).default('groups'),
  /** Cognito hosted UI domain prefix (globally unique per region); default rightsflow-<stage>-<account>. */
  cognitoDomainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/)
    .optional(),
  /** Extra origins allowed by CORS and extra OAuth callback URLs (e.g. a console on its own domain). */
  consoleOrigins: list.default([]),
  /** Attach the functions to these private subnets and security groups (an internal company connector). */
  vpcSubnetIds: list.optional(),
  vpcSecurityGroupIds: list.optional(),
  /** Public base URL of the API (a custom domain); default: the HTTP API's own endpoint. No trailing slash. */
  apiBaseUrl: z.url().regex(/[^/]$/).optional(),
  /**
   * Days S3 keeps raw mail (and attachments) at most, from receipt. Default from policy/request-records.yaml
   * (longest open + the keeping period: PIPL art. 19); a stage may only shorten it.
   */
  rawMailRetentionDays: z.coerce.number().int().positive().optional(),
  /** Exports are handed over by link, then removed. */
  exportRetentionDays: z.coerce.number().int().positive().default(30),
  logRetentionDays: z.coerce
    .number()
    .int()
    .refine((d) => LOG_RETENTION_DAYS.includes(d), {
      message: `rightsflow:logRetentionDays must be one of CloudWatch's values (${[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].join(', ')})`,
    })
    .default(365),
  /**
   * Chain anchors and isolation entries stay locked (S3 Object Lock, compliance) this long: the evidence that a request
   * was handled must outlive the period a complaint or a suit about it can be brought. Hashes and dates only.
   */
  evidenceRetentionDays: z.coerce.number().int().positive().default(1830),
  /** Where the company's data lives: `sample` (dev only: the sample company deployed as the connector) or `http`. */
  companyConnector: z.enum(['sample', 'http']).default('sample'),
  /** The http connector's base URL (https). */
  companyConnectorUrl: z.url({ protocol: /^https$/ }).optional(),
  /** Secrets Manager secret name holding the http connector's bearer token (read on first use). */
  companyConnectorTokenSecret: z
    .string()
    .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/)
    .optional(),
  /** Partner id → `{email}` or `{webhook}` (JSON text or object): the partners' real notice channels. */
  recipientChannels: z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .default({})
    .transform((v, ctx) => {
      try {
        const parsed: unknown = typeof v === 'string' ? JSON.parse(v) : v;
        return z.record(z.string(), z.record(z.string(), z.unknown())).parse(parsed);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'rightsflow:recipientChannels must be a JSON object of objects' });
        return z.NEVER;
      }
    }),
});
export type StageConfig = z.infer<typeof StageConfig>;

/** CloudWatch Logs accepts only these retention periods (CloudFormation rejects others; CDK only warns). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/**
 * Regions where AWS documents SES email receiving (checked against the SES developer guide's "Email receiving
 * endpoints"). AWS adds regions: for another one, check the table and set rightsflow:sesReceivingRegionConfirmed.
 */
export const SES_RECEIVING_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** Where the stack runs, and what it uses there. */
export interface Target {
  region: string;
  partition: string;
  /** Service endpoints' domain: amazonaws.com, or amazonaws.com.cn in AWS China. */
  urlSuffix: string;
  mailTransport: 'ses' | 'smtp';
  /** `ses`: SES receipt rule → raw-mail bucket; `s3drop`: the company's gateway writes into inboundBucket. */
  inbound: 'ses' | 's3drop';
  /** `cognito`: the stage's user pool; `oidc`: the issuer in rightsflow:oidcIssuer. */
  signIn: 'cognito' | 'oidc';
}

export interface Stage extends StageConfig {
  target: Target;
}

const KEYS = Object.keys(StageConfig.shape) as (keyof StageConfig)[];

/** The region the stack deploys to: `CDK_DEFAULT_REGION` (set by the CDK CLI from the profile) or AWS_REGION. */
export function targetRegion(env: NodeJS.ProcessEnv = process.env): string {
  const region = env['CDK_DEFAULT_REGION'] ?? env['AWS_REGION'];
  if (!region)
    throw new Error(
      'rightsflow: set the target region (CDK_DEFAULT_REGION or AWS_REGION, e.g. cn-northwest-1 or us-east-1): ' +
        'the partition, service names and mail transport depend on it, so the template is not region-agnostic',
    );
  return region;
}

export function readStageConfig(node: Node, region: string = targetRegion()): Stage {
  const raw = Object.fromEntries(
    KEYS.map((k) => [k, node.tryGetContext(`rightsflow:${k}`)]).filter(([, v]) => v !== undefined),
  );
  const config = StageConfig.parse(raw);
  const target = targetOf(config, region);
  checkStageConfig(config, target);
  return { ...config, target };
}

export function targetOf(config: StageConfig, region: string): Target {
  const info = RegionInfo.get(region);
  const partition = info.partition ?? 'aws';
  const china = partition === 'aws-cn';
  return {
    region,
    partition,
    urlSuffix: info.domainSuffix ?? 'amazonaws.com',
    mailTransport: config.mailTransport ?? (china ? 'smtp' : 'ses'),
    inbound: config.inboundBucket || china ? 's3drop' : 'ses',
    signIn: config.oidcIssuer || china ? 'oidc' : 'cognito',
  };
}

/** `example.com`, `example.com.cn`: what looks like a registrable apex (its MX is the whole company's mail). */
export function looksLikeApex(domain: string): boolean {
  const labels = domain.toLowerCase().split('.');
  if (labels.length <= 2) return true;
  return labels.length === 3 && /^(com|net|org|gov|edu|ac|co)$/.test(labels[1]!) && labels[2]!.length === 2;
}

/**
 * The settings a stage may not deploy without. Every stage: an http connector needs its URL and token secret;
 * the target's mail and sign-in keys. prod: never the sample connector (it would tell people "we hold no data"),
 * never placeholder partner addresses (deletion notices would go nowhere). Fails synth with the keys to set.
 */
export function checkStageConfig(config: StageConfig, target: Target, policy: Policy = loadPolicy()): void {
  const problems: string[] = [];
  const allowed = storageLifecycleDays(policy.requestRecords).rawMail;
  if (config.rawMailRetentionDays !== undefined && config.rawMailRetentionDays > allowed)
    problems.push(
      `rightsflow:rawMailRetentionDays=${config.rawMailRetentionDays} keeps request mail longer than policy/request-records.yaml allows (${allowed} days from receipt; PIPL art. 19): lower it or change the policy`,
    );
  const china = target.partition === 'aws-cn';
  if (config.companyConnector === 'http') {
    if (!config.companyConnectorUrl)
      problems.push('set rightsflow:companyConnectorUrl (https base URL of the connector)');
    if (!config.companyConnectorTokenSecret)
      problems.push('set rightsflow:companyConnectorTokenSecret (Secrets Manager secret name of its token)');
  }
  if (china) {
    const missing: string[] = [];
    if (config.mailTransport === 'ses') missing.push('rightsflow:mailTransport=smtp (AWS China has no SES)');
    if (!config.smtpSecret) missing.push('rightsflow:smtpSecret (Secrets Manager secret with the SMTP relay settings)');
    if (!config.inboundBucket)
      missing.push("rightsflow:inboundBucket (the S3 bucket the company's mail gateway writes raw mail to)");
    if (!config.oidcIssuer) missing.push("rightsflow:oidcIssuer (the company's OIDC issuer; no Cognito user pools)");
    if (!config.oidcAudience?.length) missing.push('rightsflow:oidcAudience (the OIDC client id)');
    if (missing.length) problems.push(`region ${target.region} is AWS China (aws-cn): set ${missing.join(', ')}`);
  } else {
    if (target.mailTransport === 'smtp' && !config.smtpSecret)
      problems.push('set rightsflow:smtpSecret (Secrets Manager secret with the SMTP relay settings)');
    if (config.oidcIssuer && !config.oidcAudience?.length)
      problems.push('set rightsflow:oidcAudience (the client id the issuer puts in aud)');
  }
  if (Boolean(config.oidcAuthorizeUrl) !== Boolean(config.oidcTokenUrl))
    problems.push(
      "set both rightsflow:oidcAuthorizeUrl and rightsflow:oidcTokenUrl (the console's code flow; from the issuer's discovery document)",
    );
  if (target.inbound === 'ses') {
    if (!SES_RECEIVING_REGIONS.includes(target.region) && !config.sesReceivingRegionConfirmed)
      problems.push(
        `SES email receiving is documented only in ${SES_RECEIVING_REGIONS.join(', ')}, not ${target.region}: deploy there, ` +
          "or set rightsflow:inboundBucket (the company's mail gateway drops raw mail into S3), or, after checking " +
          'the SES "Email receiving endpoints" table, set rightsflow:sesReceivingRegionConfirmed=true',
      );
    const receiving = (config.receivingAddress ?? config.privacyMailbox).split('@')[1]!;
    if (looksLikeApex(receiving) && !config.receiveOnApex)
      problems.push(
        `SES receives ${config.receivingAddress ?? config.privacyMailbox}: the MX of ${receiving} would have to point at SES ` +
          'and every other mail of that domain would be lost. Use a dedicated subdomain (privacy@rights.' +
          `${receiving}, set rightsflow:privacyMailbox), or forward the public mailbox from the corporate server to one ` +
          '(set rightsflow:receivingAddress), or set rightsflow:receiveOnApex=true if that domain serves nothing else',
      );
  }
  if (isProd(config)) {
    if (config.companyConnector !== 'http')
      problems.push(
        'stage prod cannot use the sample company: set rightsflow:companyConnector=http (with rightsflow:companyConnectorUrl and rightsflow:companyConnectorTokenSecret)',
      );
    const left = placeholderRecipients(withRecipientChannels(policy, config.recipientChannels));
    if (left.length > 0)
      problems.push(
        `stage prod has placeholder partner addresses: set rightsflow:recipientChannels for ${left.join(', ')} (JSON: {"<partner id>": {"type": "email", "address": "…"} or {"type": "signed_webhook", "url": "…"}})`,
      );
  }
  if (problems.length > 0) throw new Error(`rightsflow stage ${config.stage}: ${problems.join('; ')}`);
}

/** Partner ids (banks as `issuing_bank:CODE`) whose notice channel is still a placeholder. */
export function placeholderRecipients(policy: Policy): string[] {
  const out: string[] = [];
  for (const r of policy.recipients.recipients) {
    if (r.channel?.placeholder) out.push(r.id);
    for (const b of r.banks) if (b.channel?.placeholder) out.push(`${r.id}:${b.code}`);
  }
  return out;
}

export const isProd = (c: StageConfig) => c.stage === 'prod';
