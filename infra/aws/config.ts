// Stage settings, read from CDK context (cdk.json `rightsflow:*` keys, or `-c rightsflow:stage=dev`).
import type { Node } from 'constructs';
import { z } from 'zod';

const email = z.email();

export const StageConfig = z.object({
  stage: z.string().regex(/^[a-z][a-z0-9-]{1,15}$/),
  domain: z.string().min(3),
  privacyMailbox: email,
  senderAddress: email,
  privacyOfficerEmail: email,
  /** Public base URL of the API (a custom domain); default: the HTTP API's own endpoint. No trailing slash. */
  apiBaseUrl: z.url().regex(/[^/]$/).optional(),
  /** Raw inbound mail is evidence of the request: kept this long (policy §4(5): 5 years). */
  rawMailRetentionDays: z.coerce.number().int().positive().default(1830),
  /** Exports are handed over by link, then removed. */
  exportRetentionDays: z.coerce.number().int().positive().default(30),
  logRetentionDays: z.coerce.number().int().positive().default(365),
  /** Verification window backstop for the waiting task (seconds, < 2,000,000). */
  verificationTimeoutSeconds: z.coerce.number().int().positive().max(1_999_999).default(1_728_000),
});
export type StageConfig = z.infer<typeof StageConfig>;

const KEYS = Object.keys(StageConfig.shape) as (keyof StageConfig)[];

export function readStageConfig(node: Node): StageConfig {
  const raw = Object.fromEntries(
    KEYS.map((k) => [k, node.tryGetContext(`rightsflow:${k}`)]).filter(([, v]) => v !== undefined),
  );
  return StageConfig.parse(raw);
}

export const isProd = (c: StageConfig) => c.stage === 'prod';
