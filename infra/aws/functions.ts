// The Lambda functions of the stack and what each may touch. The stack turns these into IAM grants
// (constructs/lambdas.ts); test/infra/grant-by-use runs every handler against recording fakes and checks that each
// role holds exactly what the handler's calls need: an entry here is a claim that test proves or refutes.
import type { OptionalPort } from '../../functions/shared/aws/env.ts';
import { WORKFLOW_STEPS, type WorkflowFunctionName } from '../../workflows/steps.ts';

export type IndexName = 'gsi1' | 'gsi2';
export type BlobOp = 'put' | 'get' | 'exists' | 'delete';

export interface FunctionAccess {
  /** GetItem/Query/ConditionCheckItem on the table; `readwrite` adds PutItem/UpdateItem (TransactWriteItems uses these). No DeleteItem, no Scan. */
  table: 'read' | 'readwrite';
  /** Query on these GSIs. */
  indexes?: IndexName[];
  /** Personal fields: `open` = kms:Decrypt, `seal` = kms:GenerateDataKey on the field key. */
  fields?: ('open' | 'seal')[];
  /** Sends letters: ses:SendEmail from the stage's sender (SES), or the SMTP relay's secret (smtp). */
  sendMail?: boolean;
  /** states:SendTaskSuccess/Failure (completes waiting steps; a re-driven waiting step hands back its recorded result). */
  taskResponse?: boolean;
  /** states:StartExecution on the RightsRequest state machine. */
  startExecution?: boolean;
  /** s3:GetObject of raw mail where it lands: inbound/ of the raw-mail bucket (SES) or the mail gateway's drop bucket. */
  rawMail?: 'read';
  /**
   * The BlobStore port: one bucket, the operations used, and (raw-mail bucket) the prefixes written or deleted.
   * `exists` is HeadObject: s3:GetObject, and s3:ListBucket so that a missing key answers 404, not 403. `delete` is
   * s3:DeleteObject (the sweep, once a request's mail is past its retention: policy/request-records.yaml).
   */
  blobs?: { bucket: 'rawMail' | 'exports'; ops: BlobOp[]; prefixes?: string[] };
  /** Calls the company's systems (the http connector): its bearer token secret, read on first use. */
  company?: boolean;
  /**
   * The evidence bucket (Object Lock): `append` = PutObject (write-once anchors and isolation entries) plus reading
   * them back; `read` = GetObject/ListBucket only. Gives the EvidenceVault port (EVIDENCE_BUCKET_NAME).
   */
  evidence?: 'append' | 'read';
  /** One-time EventBridge Scheduler schedules: deferred deletions at a hold's end, and the durable timers of waits. */
  schedule?: ('deferred_deletion' | 'timer')[];
  /** At most one instance at a time (reserved concurrency 1). */
  singleton?: boolean;
  /** Invoked asynchronously (S3, SNS, EventBridge, Scheduler): gets an encrypted SQS DLQ. */
  async?: boolean;
  timeoutSeconds?: number;
  memoryMb?: number;
}

export type FunctionName =
  | WorkflowFunctionName
  | 'mail-intake'
  | 'api'
  | 'sweep'
  | 'deferred-deletion'
  | 'fire-timer'
  | 'mail-events'
  | 'restore-guard';

// The store opens the sealed request on every read and seals it again on every write (dynamo-store.ts), so each
// function that reads a request needs `open` and each that updates one needs `seal` on the field key.
const rwFields: FunctionAccess = { table: 'readwrite', fields: ['open', 'seal'] };

export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = {
  'load-request': { ...rwFields },
  'request-verification': { ...rwFields, sendMail: true, taskResponse: true, company: true, schedule: ['timer'] },
  'check-exceptions': { ...rwFields, indexes: ['gsi2'], company: true },
  'request-review': { ...rwFields, sendMail: true, taskResponse: true },
  'request-fee-acceptance': { ...rwFields, sendMail: true, taskResponse: true, schedule: ['timer'] },
  'fulfil-right': {
    ...rwFields,
    company: true,
    blobs: { bucket: 'exports', ops: ['put', 'exists'] },
    timeoutSeconds: 240,
    memoryMb: 1024,
  },
  // Waits for staff follow-ups (a correction) inside the deadline: its timer is the cut-off.
  'await-follow-ups': { ...rwFields, taskResponse: true, schedule: ['timer'] },
  'plan-notices': { ...rwFields, company: true },
  'send-recipient-notice': { ...rwFields, sendMail: true },
  // Writes each isolation entry to the evidence bucket too (a restore of the table itself still knows what to erase).
  'isolate-backups': { ...rwFields, evidence: 'append' },
  'schedule-deferred-deletions': { ...rwFields, company: true, schedule: ['deferred_deletion'] },
  'send-reply': { ...rwFields, sendMail: true },
  // Closing a request anchors its chain head in the evidence bucket (moveStatus → closed).
  'record-outcome': { ...rwFields, evidence: 'append' },
  'await-acknowledgements': { ...rwFields, taskResponse: true, schedule: ['timer'], evidence: 'append' },
  'chase-acknowledgements': { ...rwFields, sendMail: true, evidence: 'append' },
  // The officer's failure notice is a letter like any other (M1: it had no mail grant).
  'record-failure': { ...rwFields, sendMail: true },
  // EventBridge Scheduler's target at a hold's end: erases, or re-schedules when the hold was extended.
  'deferred-deletion': {
    ...rwFields,
    company: true,
    schedule: ['deferred_deletion'],
    async: true,
    timeoutSeconds: 120,
  },
  // EventBridge Scheduler's target when a waiting step's timer is due: completes that one task.
  'fire-timer': { ...rwFields, taskResponse: true, async: true, timeoutSeconds: 60 },
  // SES bounce and complaint events (SNS): "not delivered" on the request and a staff task.
  'mail-events': { ...rwFields, async: true, timeoutSeconds: 60 },
  // An operator invokes it after a PITR or AWS Backup restore ({"since": restore point}): erases again what was
  // deleted, through the company connector, from the isolation list in the table and in the evidence bucket.
  'restore-guard': {
    ...rwFields,
    indexes: ['gsi1'],
    company: true,
    evidence: 'append',
    singleton: true,
    timeoutSeconds: 900,
    memoryMb: 1024,
  },
  'mail-intake': {
    ...rwFields,
    indexes: ['gsi2'],
    sendMail: true,
    // A verification code in a reply completes the waiting verification task.
    taskResponse: true,
    startExecution: true,
    rawMail: 'read',
    // Sealed attachments; raw mail copied from the mail gateway's drop bucket.
    blobs: { bucket: 'rawMail', ops: ['put'], prefixes: ['attachments/', 'raw/'] },
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
    company: true,
    // GET /api/requests/{id}/audit compares the chain with its anchor; closing through the partners' page anchors it.
    evidence: 'append',
    timeoutSeconds: 29,
    memoryMb: 512,
  },
  sweep: {
    ...rwFields,
    indexes: ['gsi1'],
    // Deletes the mail of answered requests once its retention ended (SES's inbound/, the intake's raw/ copies, the
    // sealed attachments): functions/retention/purge.ts, policy/request-records.yaml.
    blobs: { bucket: 'rawMail', ops: ['delete'], prefixes: ['inbound/', 'raw/', 'attachments/'] },
    sendMail: true,
    taskResponse: true,
    // Starts requests left `received` when the intake's or the API's StartExecution failed.
    startExecution: true,
    // Backup expiry evidence: the request's chain head is anchored again after the event.
    evidence: 'append',
    async: true,
    singleton: true,
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
  if (access.blobs) ports.push('blobs');
  if (access.startExecution) ports.push('starter');
  if (access.schedule?.length) ports.push('scheduler');
  if (access.evidence) ports.push('evidence');
  return ports;
}

/** The bucket behind a function's BlobStore. */
export const blobBucketOf = (access: FunctionAccess): 'rawMail' | 'exports' | undefined => access.blobs?.bucket;
