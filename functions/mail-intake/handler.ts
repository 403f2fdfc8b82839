// The mail intake Lambda: raw mail lands in S3 first, and the bucket's ObjectCreated notification invokes this
// function, which hands the object to the intake service. Two ways in, one handler:
//  - global regions: SES receives the privacy mailbox and stores each message in the stack's raw-mail bucket
//    (inbound/); the object already is the evidence copy, so its key is the request's raw key;
//  - AWS China (no SES) or any stage with `rightsflow:inboundBucket`: the company's mail gateway drops each raw
//    message into its own bucket; the intake copies it into the raw-mail bucket (content-addressed, under the same
//    retention) before parsing, so the evidence never depends on the gateway's bucket.
// Thin: parse the event, fetch the bytes, call receiveRawEmail. A failure throws so that the asynchronous invocation
// retries; the intake is idempotent (Message-ID / raw-hash lookup keys), so a retry never duplicates a request.
import type { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { intakeServiceFor } from '../intake/for-steps.ts';
import type { IntakeResult, IntakeService } from '../intake/service.ts';
import { awsLambdaDeps } from '../shared/aws/aws-deps.ts';
import { ENV } from '../shared/aws/env.ts';
import { once } from '../shared/aws/lazy.ts';
import type { StepDeps } from '../shared/deps.ts';

/** The fields of an S3 event notification this function reads (the rest is ignored). */
export const S3Event = z.object({
  Records: z
    .array(
      z.object({
        eventSource: z.literal('aws:s3'),
        eventName: z.string().startsWith('ObjectCreated:'),
        /** When S3 stored the mail: the moment it reached the mailbox (the reply deadline runs from it). */
        eventTime: z.iso.datetime({ offset: true }).optional(),
        s3: z.object({
          bucket: z.object({ name: z.string().min(1) }),
          object: z.object({ key: z.string().min(1), size: z.number().int().nonnegative().optional() }),
        }),
      }),
    )
    .min(1),
});
export type S3Event = z.infer<typeof S3Event>;

/** S3 notifications URL-encode the key, with '+' for spaces. */
export const objectKey = (encoded: string): string => decodeURIComponent(encoded.replace(/\+/g, ' '));

/** SES writes this object when a receipt rule with an S3 action is created: a test of the bucket, not mail. */
export const SES_SETUP_NOTIFICATION = 'AMAZON_SES_SETUP_NOTIFICATION';

export interface SesIntakeRuntime {
  intake: Pick<IntakeService, 'receiveRawEmail'>;
  fetch(bucket: string, key: string): Promise<Uint8Array>;
  /** The raw-mail bucket (SES stores there); an object from any other bucket is a gateway drop and is copied. */
  ownBucket?: string;
}

export async function handleS3Event(event: unknown, runtime: SesIntakeRuntime): Promise<IntakeResult[]> {
  const parsed = S3Event.parse(event);
  const results: IntakeResult[] = [];
  for (const record of parsed.Records) {
    const key = objectKey(record.s3.object.key);
    if (key.endsWith(SES_SETUP_NOTIFICATION)) continue;
    const bucket = record.s3.bucket.name;
    const raw = await runtime.fetch(bucket, key);
    const own = runtime.ownBucket === undefined || bucket === runtime.ownBucket;
    const receivedAt = record.eventTime ? { receivedAt: new Date(record.eventTime) } : {};
    results.push(
      await runtime.intake.receiveRawEmail(
        raw,
        own ? { source: 'ses', rawKey: key, ...receivedAt } : { source: 's3', ...receivedAt },
      ),
    );
  }
  return results;
}

function runtimeFrom(deps: StepDeps): SesIntakeRuntime {
  const intake = intakeServiceFor(deps);
  const s3 = once<S3Client>(async () => new (await import('@aws-sdk/client-s3')).S3Client({}));
  const ownBucket = process.env[ENV.rawMailBucket];
  return {
    intake,
    ...(ownBucket ? { ownBucket } : {}),
    async fetch(bucket, key) {
      const { GetObjectCommand } = await import('@aws-sdk/client-s3');
      const res = await (await s3()).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!res.Body) throw new Error('empty S3 object');
      return res.Body.transformToByteArray();
    },
  };
}

let runtime: Promise<{ rt: SesIntakeRuntime; flush(): void }> | undefined;

export async function handler(event: unknown): Promise<{ processed: number }> {
  runtime ??= awsLambdaDeps().then(({ deps, flush }) => ({ rt: runtimeFrom(deps), flush }));
  let ready: { rt: SesIntakeRuntime; flush(): void };
  try {
    ready = await runtime;
  } catch (error) {
    runtime = undefined; // a failed cold start is retried on the next invocation
    throw error;
  }
  try {
    const results = await handleS3Event(event, ready.rt);
    return { processed: results.length };
  } finally {
    ready.flush();
  }
}
