// The SES receipt Lambda: SES stores the raw message in S3 (nothing is parsed before it is stored), the bucket's
// ObjectCreated notification invokes this function, which hands the object to the intake service. Thin: parse
// the event, fetch the bytes, call receiveRawEmail. A failure throws so that the asynchronous invocation retries;
// the intake is idempotent (Message-ID / raw-hash lookup keys), so a retry never duplicates a request.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { createIntakeService, type IntakeResult, type IntakeService } from '../intake/service.ts';
import { verifyCode } from '../request-verification/operations.ts';
import { awsDeps } from '../shared/aws/aws-deps.ts';
import type { StepDeps } from '../shared/deps.ts';

/** The fields of an S3 event notification this function reads (the rest is ignored). */
export const S3Event = z.object({
  Records: z
    .array(
      z.object({
        eventSource: z.literal('aws:s3'),
        eventName: z.string().startsWith('ObjectCreated:'),
        /** When SES stored the mail: the moment it reached the mailbox (the reply deadline runs from it). */
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

export interface SesIntakeRuntime {
  intake: Pick<IntakeService, 'receiveRawEmail'>;
  fetch(bucket: string, key: string): Promise<Uint8Array>;
}

export async function handleS3Event(event: unknown, runtime: SesIntakeRuntime): Promise<IntakeResult[]> {
  const parsed = S3Event.parse(event);
  const results: IntakeResult[] = [];
  for (const record of parsed.Records) {
    const key = objectKey(record.s3.object.key);
    const raw = await runtime.fetch(record.s3.bucket.name, key);
    results.push(
      await runtime.intake.receiveRawEmail(raw, {
        source: 'ses',
        rawKey: key,
        ...(record.eventTime ? { receivedAt: new Date(record.eventTime) } : {}),
      }),
    );
  }
  return results;
}

function runtimeFrom(deps: StepDeps, s3: S3Client): SesIntakeRuntime {
  const intake = createIntakeService({
    store: deps.store,
    blobs: deps.blobs,
    cipher: deps.cipher,
    mailer: deps.mailer,
    clock: deps.clock,
    policy: deps.policy,
    calendar: deps.calendar,
    startWorkflow: (id) => deps.starter.start(id),
    subjectHashSalt: deps.config.subjectHashSalt,
    officer: {
      senderAddress: deps.config.senderAddress,
      privacyOfficerEmail: deps.config.privacyOfficerEmail,
      consoleUrl: deps.config.consoleUrl,
    },
    // A code in a reply is checked like one typed into the console (attempts counted, one use).
    onVerificationCode: async (id, code) => {
      await verifyCode(deps, id, code);
    },
    logger: deps.logger,
  });
  return {
    intake,
    async fetch(bucket, key) {
      const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!res.Body) throw new Error('empty S3 object');
      return res.Body.transformToByteArray();
    },
  };
}

let runtime: Promise<SesIntakeRuntime> | undefined;

export async function handler(event: unknown): Promise<{ processed: number }> {
  runtime ??= awsDeps().then((deps) => runtimeFrom(deps, new S3Client({})));
  let rt: SesIntakeRuntime;
  try {
    rt = await runtime;
  } catch (error) {
    runtime = undefined; // a failed cold start is retried on the next invocation
    throw error;
  }
  const results = await handleS3Event(event, rt);
  return { processed: results.length };
}
