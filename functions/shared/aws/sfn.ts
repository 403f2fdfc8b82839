// Step Functions adapters: task callbacks (SendTaskSuccess/Failure) and the workflow starter (StartExecution).
import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { TaskCallbacks, WorkflowStarter } from '../ports.ts';

const CAUSE_MAX = 32_768;
const ERROR_MAX = 256;

export function createSfnCallbacks(sfn: SFNClient): TaskCallbacks {
  return {
    async succeed(taskToken, output) {
      await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) }));
    },
    async fail(taskToken, error, cause) {
      await sfn.send(
        new SendTaskFailureCommand({ taskToken, error: error.slice(0, ERROR_MAX), cause: cause.slice(0, CAUSE_MAX) }),
      );
    },
  };
}

/** Execution name for a request's first run or a staff retry (names stay taken 90 days after a Standard run). */
export function executionName(requestId: string, attempt?: number): string {
  return attempt ? `${requestId}-r${attempt}` : requestId;
}

/** Starting the same name twice is harmless: ExecutionAlreadyExists counts as started. */
export function createSfnStarter(sfn: SFNClient, stateMachineArn: string): WorkflowStarter {
  return {
    async start(requestId, options = {}) {
      try {
        await sfn.send(
          new StartExecutionCommand({
            stateMachineArn,
            name: executionName(requestId, options.attempt),
            input: JSON.stringify({ requestId }),
          }),
        );
      } catch (err) {
        if ((err as { name?: string }).name === 'ExecutionAlreadyExists') return;
        throw err;
      }
    },
  };
}
