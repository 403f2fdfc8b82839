// Which faults are worth retrying. Step Functions retries by error name, and a Lambda error's name is the thrown
// error's `name`, so runStep renames a transient fault to one of these before it leaves the handler; the workflow
// (workflows/rights-request.ts) retries exactly these names with backoff and full jitter. Anything else (a 4xx from
// the connector, AccessDenied, a validation error) keeps its name and is caught by RecordFailure at once.
// Pure: names and status codes only, no SDK import.

export const TRANSIENT = {
  /** AWS throttled us (SES sending rate, KMS, DynamoDB, Step Functions…) after the SDK's own retries. */
  throttled: 'Transient.Throttled',
  /** A 5xx, a timeout or a broken connection: AWS, the company connector, the SMTP relay or the SMS webhook. */
  unavailable: 'Transient.Unavailable',
} as const;
export type TransientName = (typeof TRANSIENT)[keyof typeof TRANSIENT];

/** Error names the AWS SDK v3 gives throttling (service by service). */
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'TransactionInProgressException',
]);
const UNAVAILABLE = new Set([
  'InternalServerError',
  'InternalServerException',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ServiceException',
  'DependencyTimeoutException',
  'KMSInternalException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
  'Company.Unavailable',
  'Mail.TemporaryFailure',
  'Sms.Unavailable',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ESOCKET',
]);

interface ErrorLike {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
  cause?: unknown;
}

/** The transient class of an error, or undefined when it is permanent (or unknown: never retried blindly). */
export function transientKind(err: unknown): TransientName | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as ErrorLike;
  if (e.name === TRANSIENT.throttled || e.name === TRANSIENT.unavailable) return e.name;
  if (e.$retryable?.throttling || (e.name && THROTTLING.has(e.name)) || e.$metadata?.httpStatusCode === 429)
    return TRANSIENT.throttled;
  if (e.name && UNAVAILABLE.has(e.name)) return TRANSIENT.unavailable;
  if (e.code && NETWORK_CODES.has(e.code)) return TRANSIENT.unavailable;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return TRANSIENT.unavailable;
  // fetch() wraps network failures: TypeError('fetch failed') with the socket error as its cause.
  if (e.name === 'TypeError' && e.cause) return transientKind(e.cause);
  return undefined;
}

/** The same error renamed to its transient class (message and cause kept), or the error unchanged. */
export function asRetryable(err: unknown): unknown {
  const kind = transientKind(err);
  if (!kind || (err as ErrorLike).name === kind) return err;
  const e = err as Error;
  const renamed = new Error(`${e.name}: ${e.message}`, { cause: err });
  renamed.name = kind;
  return renamed;
}
