// The Lambda functions of the stack and what each may touch. The stack turns these into IAM grants; the infra
// tests read the same table to check that the synthesized policies give no more than this.
import type { OptionalPort } from '../../functions/shared/aws/env.ts';
import { WORKFLOW_STEPS, type WorkflowFunctionName } from '../../workflows/steps.ts';

export type IndexName = 'gsi1' | 'gsi2';

export interface FunctionAccess {
  /** GetItem/Query/ConditionCheckItem on the table; `write` adds PutItem/UpdateItem (TransactWriteItems uses these). No DeleteItem, no Scan. */
  table: 'read' | 'readwrite';
  /** Query on these GSIs. */
  indexes?: IndexName[];
  /** Personal fields: `open` = kms:Decrypt, `seal` = kms:GenerateDataKey on the field key. */
  fields?: ('open' | 'seal')[];
  /** ses:SendEmail from the sender identity. */
  sendMail?: boolean;
  /** states:SendTaskSuccess/Failure (completes waiting steps; a re-driven waiting step hands back its recorded result). */
  taskResponse?: boolean;
  /** states:StartExecution on the RightsRequest state machine. */
  startExecution?: boolean;
  rawMail?: 'read';
  /** s3:PutObject of sealed attachments under attachments/ in the raw mail bucket (+ the storage key via S3). */
  attachments?: 'write';
  /**
   * s3:DeleteObject of raw mail (inbound/) and attachments (attachments/) whose retention ended
   * (policy/request-records.yaml; functions/retention/purge.ts): the BlobStore on the raw mail bucket.
   */
  purgeRequestMail?: boolean;
  /**
   * The sample company connector keeps the company's records in this table (CUST#…, CUSTIDX#…): erasing them needs
   * DeleteItem/BatchWriteItem, granted only on those partition keys (dynamodb:LeadingKeys), never on requests.
   */
  companyErase?: boolean;
  exports?: ('read' | 'write')[];
  /** scheduler:CreateSchedule in the deferred-deletions group + iam:PassRole of the scheduler's role (SCHEDULER_* env). */
  schedule?: boolean;
  /** Invoked asynchronously (S3, EventBridge, Scheduler): gets an encrypted SQS DLQ. */
  async?: boolean;
  timeoutSeconds?: number;
  memoryMb?: number;
}

export type FunctionName = WorkflowFunctionName | 'ses-intake' | 'api' | 'sweep' | 'deferred-deletion';

const rw = { table: 'readwrite' } as const;
// The store opens the sealed request on every read and seals it again on every write (dynamo-store.ts), so each
// function that reads a request needs `open` and each that updates one needs `seal` on the field key.
const rwFields: FunctionAccess = { table: 'readwrite', fields: ['open', 'seal'] };

export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = {
  'load-request': { ...rwFields },
  'request-verification': { ...rwFields, sendMail: true, taskResponse: true },
  'check-exceptions': { ...rwFields, indexes: ['gsi2'] },
  'request-review': { ...rwFields, sendMail: true, taskResponse: true },
  'request-fee-acceptance': { ...rwFields, sendMail: true, taskResponse: true },
  'fulfil-right': { ...rwFields, exports: ['write'], companyErase: true, timeoutSeconds: 240, memoryMb: 1024 },
  // Reads step results only (no request item).
  'plan-notices': { ...rw },
  'send-recipient-notice': { ...rw, fields: ['open'], sendMail: true },
  'isolate-backups': { ...rw, fields: ['open'] },
  'schedule-deferred-deletions': { ...rw, schedule: true },
  'send-reply': { ...rwFields, sendMail: true, exports: ['read'] },
  'record-outcome': { ...rwFields },
  'await-acknowledgements': { ...rwFields, taskResponse: true },
  'chase-acknowledgements': { ...rwFields, sendMail: true },
  'record-failure': { ...rwFields },
  // EventBridge Scheduler's target at a hold's end: erases, or re-schedules when the hold was extended.
  'deferred-deletion': { ...rw, companyErase: true, schedule: true, async: true, timeoutSeconds: 120 },
  'ses-intake': {
    ...rwFields,
    indexes: ['gsi2'],
    sendMail: true,
    // A verification code in a reply completes the waiting verification task.
    taskResponse: true,
    startExecution: true,
    rawMail: 'read',
    attachments: 'write',
    async: true,
    timeoutSeconds: 60,
    // Mails up to 40 MB are parsed in memory (raw bytes, decoded parts, sealed copies).
    memoryMb: 1024,
  },
  api: {
    ...rwFields,
    indexes: ['gsi1', 'gsi2'],
    sendMail: true,
    taskResponse: true,
    startExecution: true,
    exports: ['read'],
    timeoutSeconds: 29,
    memoryMb: 512,
  },
  sweep: {
    ...rwFields,
    indexes: ['gsi1'],
    // Deletes the mail of answered requests once its retention ended.
    purgeRequestMail: true,
    sendMail: true,
    taskResponse: true,
    // Starts requests left `received` when the intake's or the API's StartExecution failed.
    startExecution: true,
    async: true,
    timeoutSeconds: 300,
  },
};

export const FUNCTION_NAMES = Object.keys(FUNCTION_ACCESS) as FunctionName[];

/** Workflow steps are invoked synchronously by Step Functions: keep their timeout below the Task's. */
export const DEFAULT_STEP_TIMEOUT_SECONDS = 90;

export const isWorkflowFunction = (fn: FunctionName): fn is WorkflowFunctionName =>
  Object.values(WORKFLOW_STEPS).some((s) => s.fn === fn);

/** The optional ports (functions/shared/aws/env.ts) a function's access gives it: their variables must be set. */
export function portsOf(access: FunctionAccess): OptionalPort[] {
  const ports: OptionalPort[] = [];
  if (access.attachments || access.purgeRequestMail || access.exports?.length) ports.push('blobs');
  if (access.startExecution) ports.push('starter');
  if (access.schedule) ports.push('scheduler');
  return ports;
}

/** The bucket behind a function's BlobStore: intake seals attachments next to the raw mail; the rest, exports. */
export const blobBucketOf = (access: FunctionAccess): 'rawMail' | 'exports' | undefined =>
  access.attachments || access.purgeRequestMail ? 'rawMail' : access.exports?.length ? 'exports' : undefined;
