// Powertools Logger whose every log line passes through the domain's redact(): personal data (names, ID numbers,
// phones, cards, emails) is masked whatever a caller passes, message text included.
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { redact } from '../../domain/identity/redact.ts';
import type { StepLogger } from './deps.ts';

/** Powertools' standard keys, then every attribute redacted. */
export class RedactingLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const ctx = attributes.lambdaContext;
    const base: LogAttributes = {
      level: attributes.logLevel,
      message: attributes.message,
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: ctx?.coldStart,
      function_arn: ctx?.invokedFunctionArn,
      function_memory_size: ctx?.memoryLimitInMB,
      function_name: ctx?.functionName,
      function_request_id: ctx?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
    };
    const item = new LogItem({ attributes: base }).addAttributes(additional);
    item.setAttributes(redact(item.getAttributes()) as LogAttributes);
    return item;
  }
}

export function createLogger(serviceName = process.env['POWERTOOLS_SERVICE_NAME'] ?? 'rightsflow'): Logger {
  return new Logger({ serviceName, logFormatter: new RedactingLogFormatter() });
}

/** The Powertools logger as the steps' StepLogger. */
export function stepLogger(logger: Logger): StepLogger {
  return {
    debug: (msg, ...a) => logger.debug(msg, ...a),
    info: (msg, ...a) => logger.info(msg, ...a),
    warn: (msg, ...a) => logger.warn(msg, ...a),
    error: (msg, ...a) => logger.error(msg, ...(a as Record<string, unknown>[])),
  };
}

/** Wraps any logger so that messages and attributes are redacted before it sees them (local runtime, tests). */
export function redactingLogger(inner: StepLogger): StepLogger {
  const r = (attrs: unknown[]) => attrs.map((a) => redact(a) as Record<string, unknown>);
  const m = (s: string) => redact(s) as string;
  return {
    debug: (msg, ...a) => inner.debug(m(msg), ...r(a)),
    info: (msg, ...a) => inner.info(m(msg), ...r(a)),
    warn: (msg, ...a) => inner.warn(m(msg), ...r(a)),
    error: (msg, ...a) => inner.error(m(msg), ...r(a)),
  };
}
