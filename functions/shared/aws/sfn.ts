// Step Functions adapters: task callbacks (SendTaskSuccess/Failure) and the workflow starter (StartExecution).
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { TaskCallbacks, WorkflowStarter } from '../ports.ts';
import { type ClientSource, clientOf } from './lazy.ts';

const CAUSE_MAX = 32_768;
const ERROR_MAX = 256;

export function createSfnCallbacks(sfn: ClientSource<SFNClient>): TaskCallbacks {
  return {
    async succeed(taskToken, output) {
      const { SendTaskSuccessCommand } = await import('@aws-sdk/client-sfn');
      await (await clientOf(sfn)).send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) }));
    },
    async fail(taskToken, error, cause) {
      const { SendTaskFailureCommand } = await import('@aws-sdk/client-sfn');
      await (await clientOf(sfn)).send(
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
export function createSfnStarter(sfn: ClientSource<SFNClient>, stateMachineArn: string): WorkflowStarter {
  return {
    async start(requestId, options = {}) {
      const { StartExecutionCommand } = await import('@aws-sdk/client-sfn');
      try {
        await (await clientOf(sfn)).send(
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
