// The Lambda functions of the stack and what each may touch. The stack turns these into IAM grants; the infra
// tests read the same table to check that the synthesized policies give no more than this.
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
  exports?: ('read' | 'write')[];
  /** scheduler:CreateSchedule in the deferred-deletions group + iam:PassRole of the scheduler's role. */
  schedule?: boolean;
  /** Invoked asynchronously (S3, EventBridge, Scheduler): gets an encrypted SQS DLQ. */
  async?: boolean;
  timeoutSeconds?: number;
  memoryMb?: number;
}

export type FunctionName = WorkflowFunctionName | 'ses-intake' | 'api' | 'sweep';

const rw = { table: 'readwrite' } as const;

export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = {
  'load-request': { ...rw, fields: ['open'] },
  'request-verification': { ...rw, fields: ['open'], sendMail: true, taskResponse: true },
  'check-exceptions': { ...rw, indexes: ['gsi2'], fields: ['open'] },
  'request-review': { ...rw, sendMail: true, taskResponse: true },
  'request-fee-acceptance': { ...rw, fields: ['open'], sendMail: true, taskResponse: true },
  // Also the EventBridge Scheduler target for deferred deletions (async, hence a DLQ).
  'fulfil-right': { ...rw, fields: ['open'], exports: ['write'], async: true, timeoutSeconds: 240, memoryMb: 1024 },
  'plan-notices': { ...rw },
  'send-recipient-notice': { ...rw, fields: ['open'], sendMail: true },
  'isolate-backups': { ...rw },
  'schedule-deferred-deletions': { ...rw, schedule: true },
  'send-reply': { ...rw, fields: ['open'], sendMail: true, exports: ['read'] },
  'record-outcome': { ...rw },
  'await-acknowledgements': { ...rw, taskResponse: true },
  'chase-acknowledgements': { ...rw, sendMail: true },
  'record-failure': { ...rw },
  'ses-intake': {
    ...rw,
    indexes: ['gsi2'],
    fields: ['seal', 'open'],
    sendMail: true,
    startExecution: true,
    rawMail: 'read',
    async: true,
    timeoutSeconds: 60,
    memoryMb: 512,
  },
  api: {
    ...rw,
    indexes: ['gsi1', 'gsi2'],
    fields: ['seal', 'open'],
    sendMail: true,
    taskResponse: true,
    startExecution: true,
    exports: ['read'],
    timeoutSeconds: 29,
    memoryMb: 512,
  },
  sweep: { ...rw, indexes: ['gsi1'], sendMail: true, taskResponse: true, async: true, timeoutSeconds: 300 },
};

export const FUNCTION_NAMES = Object.keys(FUNCTION_ACCESS) as FunctionName[];

/** Workflow steps are invoked synchronously by Step Functions: keep their timeout below the Task's. */
export const DEFAULT_STEP_TIMEOUT_SECONDS = 90;

export const isWorkflowFunction = (fn: FunctionName): fn is WorkflowFunctionName =>
  Object.values(WORKFLOW_STEPS).some((s) => s.fn === fn);
