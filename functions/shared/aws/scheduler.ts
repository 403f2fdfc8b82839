// Scheduler over EventBridge Scheduler: one-off `at()` schedules that invoke a target and then delete themselves.
// Same name twice = already scheduled. The payload's `kind` picks the target: `timer` (a waiting step's durable
// timer → fire-timer, in the timers group), anything else (a deferred deletion at a hold's end → deferred-deletion).
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { Scheduler } from '../ports.ts';
import { type ClientSource, clientOf } from './lazy.ts';

export interface ScheduleTarget {
  groupName: string;
  targetArn: string;
  /** Dead-letter queue for failed invocations. */
  deadLetterArn?: string;
}

export interface EventBridgeSchedulerOptions extends Partial<ScheduleTarget> {
  roleArn: string;
  /** Durable timers of waiting steps (payload kind `timer`). */
  timers?: ScheduleTarget;
}

/** The payload kind of a waiting step's durable timer (fire-timer's input). */
export const TIMER_PAYLOAD_KIND = 'timer';

/** Schedule names: 1-64 of [0-9A-Za-z-_.]. */
export function scheduleName(name: string): string {
  return name.replace(/[^0-9A-Za-z_.-]/g, '-').slice(0, 64);
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC. */
export function atExpression(at: Date): string {
  return `at(${at.toISOString().slice(0, 19)})`;
}

export function createEventBridgeScheduler(
  client: ClientSource<SchedulerClient>,
  options: EventBridgeSchedulerOptions,
): Scheduler {
  return {
    async scheduleAt(name, at, payload) {
      const target: Partial<ScheduleTarget> | undefined =
        payload['kind'] === TIMER_PAYLOAD_KIND ? options.timers : options;
      if (!target?.groupName || !target.targetArn) {
        const e = new Error(`no schedule target for payload kind ${String(payload['kind'])}`);
        e.name = 'NotConfigured';
        throw e;
      }
      const { CreateScheduleCommand } = await import('@aws-sdk/client-scheduler');
      try {
        await (await clientOf(client)).send(
          new CreateScheduleCommand({
            Name: scheduleName(name),
            GroupName: target.groupName,
            ScheduleExpression: atExpression(at),
            ScheduleExpressionTimezone: 'UTC',
            FlexibleTimeWindow: { Mode: 'OFF' },
            ActionAfterCompletion: 'DELETE',
            Target: {
              Arn: target.targetArn,
              RoleArn: options.roleArn,
              Input: JSON.stringify(payload),
              RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
              ...(target.deadLetterArn ? { DeadLetterConfig: { Arn: target.deadLetterArn } } : {}),
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
