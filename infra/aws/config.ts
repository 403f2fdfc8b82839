// Stage settings, read from CDK context (cdk.json `rightsflow:*` keys, or `-c rightsflow:stage=dev`).
import type { Node } from 'constructs';
import { z } from 'zod';
import { loadPolicy } from '../../domain/policy/load.ts';
import { withRecipientChannels } from '../../domain/policy/overrides.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { storageLifecycleDays } from '../../domain/request/retention.ts';

const email = z.email();

export const StageConfig = z.object({
  stage: z.string().regex(/^[a-z][a-z0-9-]{1,15}$/),
  domain: z.string().min(3),
  privacyMailbox: email,
  senderAddress: email,
  privacyOfficerEmail: email,
  /** Public base URL of the API (a custom domain); default: the HTTP API's own endpoint. No trailing slash. */
  apiBaseUrl: z.url().regex(/[^/]$/).optional(),
  /**
   * Days S3 keeps raw mail (and attachments) at most, from receipt. Default from policy/request-records.yaml
   * (longest open + the keeping period: PIPL art. 19); a stage may only shorten it.
   */
  rawMailRetentionDays: z.coerce.number().int().positive().optional(),
  /** Exports are handed over by link, then removed. */
  exportRetentionDays: z.coerce.number().int().positive().default(30),
  logRetentionDays: z.coerce.number().int().positive().default(365),
  /** Verification window backstop for the waiting task (seconds, < 2,000,000). */
  verificationTimeoutSeconds: z.coerce.number().int().positive().max(1_999_999).default(1_728_000),
  /** Where the company's data lives: `sample` (demo data in the table) or `http` (the company's connector service). */
  companyConnector: z.enum(['sample', 'http']).default('sample'),
  /** The http connector's base URL (https). */
  companyConnectorUrl: z.url({ protocol: /^https$/ }).optional(),
  /** Secrets Manager secret name holding the http connector's bearer token (read by the functions at cold start). */
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

const KEYS = Object.keys(StageConfig.shape) as (keyof StageConfig)[];

export function readStageConfig(node: Node): StageConfig {
  const raw = Object.fromEntries(
    KEYS.map((k) => [k, node.tryGetContext(`rightsflow:${k}`)]).filter(([, v]) => v !== undefined),
  );
  const config = StageConfig.parse(raw);
  checkStageConfig(config);
  return config;
}

/**
 * The settings a stage may not deploy without. Every stage: an http connector needs its URL and token secret.
 * prod: never the sample connector (it would tell people "we hold no data"), never placeholder partner addresses
 * (deletion notices would go nowhere). Fails synth with the context keys to set.
 */
export function checkStageConfig(config: StageConfig, policy: Policy = loadPolicy()): void {
  const problems: string[] = [];
  const allowed = storageLifecycleDays(policy.requestRecords).rawMail;
  if (config.rawMailRetentionDays !== undefined && config.rawMailRetentionDays > allowed)
    problems.push(
      `rightsflow:rawMailRetentionDays=${config.rawMailRetentionDays} keeps request mail longer than policy/request-records.yaml allows (${allowed} days from receipt; PIPL art. 19): lower it or change the policy`,
    );
  if (config.companyConnector === 'http') {
    if (!config.companyConnectorUrl)
      problems.push('set rightsflow:companyConnectorUrl (https base URL of the connector)');
    if (!config.companyConnectorTokenSecret)
      problems.push('set rightsflow:companyConnectorTokenSecret (Secrets Manager secret name of its token)');
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
