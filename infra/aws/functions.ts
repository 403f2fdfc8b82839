// The Lambda functions of the stack and what each may touch. The stack turns these into IAM grants
// (constructs/lambdas.ts); test/infra/grant-by-use runs every handler against recording fakes and checks that each
// role holds exactly what the handler's calls need: an entry here is a claim that test proves or refutes.
import type { OptionalPort } from '../../functions/shared/aws/env.ts';
import { type BlobKind, MAIL_BLOB_PREFIX as MAIL } from '../../functions/shared/blob-kinds.ts';
import { WORKFLOW_STEPS, type WorkflowFunctionName } from '../../workflows/steps.ts';

export type IndexName = 'gsi1' | 'gsi2';
export type BlobOp = 'put' | 'get' | 'exists' | 'delete';

export interface BlobGrant {
  bucket: BlobKind;
  ops: BlobOp[];
  /** Raw-mail bucket: the prefixes (functions/shared/blob-kinds.ts MAIL_BLOB_PREFIX); exports: the whole bucket. */
  prefixes?: string[];
}

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
   * The BlobStore port: per grant, a bucket, the operations used and (raw-mail bucket) the prefixes they touch; a
   * function may hold grants on both buckets and on several prefixes with different operations (the api reads raw
   * mail but writes only attachments). `exists` is HeadObject: s3:GetObject, and s3:ListBucket so that a missing key
   * answers 404, not 403. `delete` is s3:DeleteObject (the sweep, once a request's mail is past its retention:
   * policy/request-records.yaml). The handler routes each key to its bucket by kind (functions/shared/blob-kinds.ts).
   */
  blobs?: BlobGrant[];
  /**
   * Sends one-time codes by SMS when the stage has an SMS channel (rightsflow:sms): sms-voice:SendTextMessage from the
   * stage's origination identity (End User Messaging), or the gateway's signing secret (webhook).
   */
  sms?: boolean;
  /** Reads the secrets agreed with partners (`<prefix>/<partner id>`): notices carrying an encrypted reference. */
  partnerSecrets?: boolean;
  /** Calls the company's systems (the http connector): its bearer token secret, read on first use. */
  company?: boolean;
  /**
   * The evidence bucket (Object Lock): `append` = PutObject (write-once anchors and isolation entries) plus reading
   * them back (an anchor is written after reading the last one); `write` = PutObject only (never reads back);
   * `read` = GetObject/ListBucket only. Gives the EvidenceVault port (EVIDENCE_BUCKET_NAME).
   */
  evidence?: 'append' | 'write' | 'read';
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
  | 'sms-inbound'
  | 'restore-guard';

// The store opens the sealed request on every read and seals it again on every write (dynamo-store.ts), so each
// function that reads a request needs `open` and each that updates one needs `seal` on the field key.
const rwFields: FunctionAccess = { table: 'readwrite', fields: ['open', 'seal'] };

export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = {
  // Looks the subject up at the company (identifiers pointing to two customers, a child's data): the officer's task
  // notice is a letter.
  'load-request': { ...rwFields, company: true, sendMail: true },
  'request-verification': {
    ...rwFields,
    sendMail: true,
    sms: true,
    taskResponse: true,
    company: true,
    schedule: ['timer'],
  },
  'check-exceptions': { ...rwFields, indexes: ['gsi2'], company: true },
  'request-review': { ...rwFields, sendMail: true, taskResponse: true },
  'request-fee-acceptance': { ...rwFields, sendMail: true, taskResponse: true, schedule: ['timer'] },
  'fulfil-right': {
    ...rwFields,
    company: true,
    blobs: [{ bucket: 'exports', ops: ['put', 'exists'] }],
    timeoutSeconds: 240,
    memoryMb: 1024,
  },
  // Waits for staff follow-ups (a correction) inside the deadline: its timer is the cut-off.
  'await-follow-ups': { table: 'readwrite', fields: ['open'], taskResponse: true, schedule: ['timer'] },
  // Plans from what FulfilRight recorded: neither the request's personal fields nor the company (grant-by-use).
  'plan-notices': { table: 'readwrite' },
  'send-recipient-notice': { ...rwFields, sendMail: true, partnerSecrets: true },
  // Writes the isolation list (the customer reference sealed) and its event; each isolation entry goes to the evidence
  // bucket too, so a restore of the table itself still knows what to erase. It never reads the bucket.
  'isolate-backups': { ...rwFields, evidence: 'write' },
  // Schedules from what FulfilRight recorded (the holds' ends): no company call, no personal field.
  'schedule-deferred-deletions': { table: 'readwrite', schedule: ['deferred_deletion'] },
  // A download code goes by SMS to the phone on file when the stage has an SMS channel.
  'send-reply': { ...rwFields, sendMail: true, sms: true, company: true },
  // Closing a request anchors its chain head in the evidence bucket (moveStatus → closed).
  'record-outcome': { ...rwFields, evidence: 'append' },
  // Notices, the plan and its own task: never the request's personal fields, never a close (the chase or the partner's
  // answer closes, and anchors).
  'await-acknowledgements': { table: 'readwrite', taskResponse: true, schedule: ['timer'] },
  'chase-acknowledgements': { ...rwFields, sendMail: true, evidence: 'append' },
  // The officer's failure notice is a letter like any other (M1: it had no mail grant).
  'record-failure': { ...rwFields, sendMail: true },
  // EventBridge Scheduler's target at a hold's end: erases, or re-schedules when the hold was extended.
  'deferred-deletion': {
    // When it erases what a processor kept storage-only for us, that processor gets a deletion notice: the request's
    // reference (opened), the letter (sealed in the table) and the mail. What it erases goes on the isolation list,
    // in the table and in the evidence bucket (written, never read).
    ...rwFields,
    sendMail: true,
    company: true,
    evidence: 'write',
    schedule: ['deferred_deletion'],
    async: true,
    timeoutSeconds: 120,
  },
  // EventBridge Scheduler's target when a waiting step's timer is due: completes that one task.
  'fire-timer': { table: 'readwrite', taskResponse: true, async: true, timeoutSeconds: 60 },
  // SES bounce and complaint events (SNS): "not delivered" on the request and a staff task.
  'mail-events': { table: 'readwrite', fields: ['open'], async: true, timeoutSeconds: 60 },
  // SMS replies through End User Messaging two-way messaging (SNS): a code in a reply completes the verification.
  'sms-inbound': { ...rwFields, taskResponse: true, async: true, timeoutSeconds: 60 },
  // An operator invokes it after a PITR or AWS Backup restore ({"since": restore point}): erases again what was
  // deleted, through the company connector, from the isolation list in the table and in the evidence bucket.
  'restore-guard': {
    // Opens the sealed customer reference of an isolation entry; seals nothing.
    table: 'readwrite',
    fields: ['open'],
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
    blobs: [{ bucket: 'rawMail', ops: ['put'], prefixes: [MAIL.attachments, MAIL.copied] }],
    async: true,
    timeoutSeconds: 60,
    // Mails up to 40 MB are parsed in memory (raw bytes, decoded parts, sealed copies).
    memoryMb: 1024,
  },
  api: {
    ...rwFields,
    indexes: ['gsi1', 'gsi2'],
    sendMail: true,
    // A code asked again (or a download link re-issued) by SMS; POST /sms-inbound checks the gateway's signature.
    sms: true,
    taskResponse: true,
    startExecution: true,
    company: true,
    // GET /api/requests/{id}/audit compares the chain with its anchor; closing through the partners' page anchors it.
    evidence: 'append',
    blobs: [
      // The person's export download (GET /download/…/files/{name} reads the sealed package) and staff's re-issue
      // (POST /api/requests/{id}/exports/{right}/reissue checks the package is still there): without them the link
      // in the letter answered 500 in AWS.
      { bucket: 'exports', ops: ['get', 'exists'] },
      // Quarantined mail (GET /api/quarantine/{id}, POST …/release): the raw mail where SES stored it or where the
      // intake copied a gateway drop; a release stores the mail's sealed attachments like the intake does.
      { bucket: 'rawMail', ops: ['get'], prefixes: [MAIL.inbound, MAIL.copied] },
      { bucket: 'rawMail', ops: ['put'], prefixes: [MAIL.attachments] },
    ],
    timeoutSeconds: 29,
    memoryMb: 512,
  },
  sweep: {
    ...rwFields,
    indexes: ['gsi1'],
    // Deletes the mail of answered requests once its retention ended (SES's inbound/, the intake's raw/ copies, the
    // sealed attachments): functions/retention/purge.ts, policy/request-records.yaml.
    blobs: [{ bucket: 'rawMail', ops: ['delete'], prefixes: [MAIL.inbound, MAIL.copied, MAIL.attachments] }],
    sendMail: true,
    taskResponse: true,
    // Starts requests left `received` when the intake's or the API's StartExecution failed.
    startExecution: true,
    // Backup expiry evidence: the request's chain head is anchored again after the event.
    evidence: 'append',
    // Partners' daily lists of notices: each notice's reference travels in a ZIP under the partner's secret.
    partnerSecrets: true,
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
  if (access.blobs?.some((g) => g.bucket === 'rawMail')) ports.push('mailBlobs');
  if (access.blobs?.some((g) => g.bucket === 'exports')) ports.push('exportBlobs');
  if (access.startExecution) ports.push('starter');
  if (access.schedule?.length) ports.push('scheduler');
  if (access.evidence) ports.push('evidence');
  return ports;
}
