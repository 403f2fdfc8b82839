// M3: transient faults leave a step under a retryable name (the workflow retries them with backoff and jitter);
// permanent ones keep theirs and reach RecordFailure at once.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { smtpError } from '../../../functions/shared/aws/smtp-mailer.ts';
import { defineStep, runStep } from '../../../functions/shared/step.ts';
import { asRetryable, transientKind } from '../../../functions/shared/transient-errors.ts';

const named = (name: string, extra: object = {}) => Object.assign(new Error(name), { name }, extra);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe('transient errors', () => {
  it('names throttling of SES, KMS, DynamoDB and Step Functions after the SDK gave up', () => {
    for (const name of [
      'TooManyRequestsException',
      'ThrottlingException',
      'ProvisionedThroughputExceededException',
      'RequestLimitExceeded',
      'SlowDown',
    ])
      expect(transientKind(named(name)), name).toBe('Transient.Throttled');
    expect(transientKind(named('Whatever', { $metadata: { httpStatusCode: 429 } }))).toBe('Transient.Throttled');
  });

  it('names 5xx, timeouts and broken connections (AWS, the connector, the relay)', () => {
    for (const e of [
      named('InternalServerError'),
      named('ServiceUnavailable'),
      named('Company.Unavailable'),
      named('TimeoutError'),
      named('X', { $metadata: { httpStatusCode: 503 } }),
      named('X', { code: 'ECONNRESET' }),
      Object.assign(new TypeError('fetch failed'), { cause: named('Y', { code: 'ECONNREFUSED' }) }),
      smtpError({ responseCode: 451, message: 'try later' }),
    ])
      expect(transientKind(e), e.name).toBe('Transient.Unavailable');
  });

  it('leaves permanent faults alone: never retried blindly', () => {
    for (const e of [
      named('AccessDeniedException', { $metadata: { httpStatusCode: 403 } }),
      named('Company.ConnectorError'),
      named('MessageRejected', { $metadata: { httpStatusCode: 400 } }),
      named('ValidationException'),
      smtpError({ responseCode: 550, message: 'no such user' }),
      new Error('plain'),
    ])
      expect(transientKind(e), e.name).toBeUndefined();
    const permanent = named('AccessDeniedException');
    expect(asRetryable(permanent)).toBe(permanent);
  });

  it('runStep rethrows a transient fault under its retryable name, keeping the original as the cause', async () => {
    const step = defineStep({
      name: 'Probe',
      input: z.object({}),
      run: async () => {
        throw named('ThrottlingException');
      },
    });
    const err = await runStep(step, {}, { logger: quiet } as never).catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'Transient.Throttled' });
    expect((err as Error).cause).toMatchObject({ name: 'ThrottlingException' });
  });
});
