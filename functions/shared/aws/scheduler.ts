// Scheduler over EventBridge Scheduler: one-off `at()` schedules that invoke a target (the deferred deletion
// function) at a hold's end and then delete themselves. Same name twice = already scheduled.
import { CreateScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import type { Scheduler } from '../ports.ts';

export interface EventBridgeSchedulerOptions {
  groupName: string;
  roleArn: string;
  targetArn: string;
  /** Dead-letter queue for failed invocations. */
  deadLetterArn?: string;
}

/** Schedule names: 1-64 of [0-9A-Za-z-_.]. */
export function scheduleName(name: string): string {
  return name.replace(/[^0-9A-Za-z_.-]/g, '-').slice(0, 64);
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC. */
export function atExpression(at: Date): string {
  return `at(${at.toISOString().slice(0, 19)})`;
}

export function createEventBridgeScheduler(client: SchedulerClient, options: EventBridgeSchedulerOptions): Scheduler {
  return {
    async scheduleAt(name, at, payload) {
      try {
        await client.send(
          new CreateScheduleCommand({
            Name: scheduleName(name),
            GroupName: options.groupName,
            ScheduleExpression: atExpression(at),
            ScheduleExpressionTimezone: 'UTC',
            FlexibleTimeWindow: { Mode: 'OFF' },
            ActionAfterCompletion: 'DELETE',
            Target: {
              Arn: options.targetArn,
              RoleArn: options.roleArn,
              Input: JSON.stringify(payload),
              RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
              ...(options.deadLetterArn ? { DeadLetterConfig: { Arn: options.deadLetterArn } } : {}),
            },
          }),
        );
      } catch (err) {
        if ((err as { name?: string }).name === 'ConflictException') return;
        throw err;
      }
    },
  };
}
