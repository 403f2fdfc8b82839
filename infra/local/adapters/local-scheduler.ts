// Scheduler for the local runtime (EventBridge Scheduler in AWS): one item per schedule name, indexed on GSI1
// under `SCHEDULE` by due time so the timer loop finds what is due without a Scan. Firing is at-least-once:
// the item is marked fired only after the handler returned.

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Scheduler } from '../../../functions/shared/ports.ts';

export const SCHEDULE_GSI_PK = 'SCHEDULE';

export interface DueSchedule {
  name: string;
  at: string;
  payload: Record<string, unknown>;
}

export interface LocalScheduler extends Scheduler {
  listDue(at: Date): Promise<DueSchedule[]>;
  markFired(name: string, firedAt: Date): Promise<void>;
}

export function createLocalScheduler(deps: { client: DynamoDBDocumentClient; tableName: string }): LocalScheduler {
  const { client, tableName } = deps;
  const key = (name: string) => ({ pk: `SCHEDULE#${name}`, sk: 'SCHEDULE' });
  return {
    async scheduleAt(name, at, payload) {
      const atIso = at.toISOString();
      // Same name = same schedule (as in EventBridge Scheduler): re-scheduling replaces it, unless it already fired.
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...key(name),
              name,
              at: atIso,
              payload,
              gsi1pk: SCHEDULE_GSI_PK,
              gsi1sk: `${atIso}#${name}`,
            },
            ConditionExpression: 'attribute_not_exists(firedAt)',
          }),
        );
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      }
    },
    async listDue(at) {
      const due: DueSchedule[] = [];
      let cursor: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :to',
            ExpressionAttributeValues: { ':pk': SCHEDULE_GSI_PK, ':to': `${at.toISOString()}#\uffff` },
            ExclusiveStartKey: cursor,
          }),
        );
        for (const item of page.Items ?? []) {
          due.push({
            name: item['name'] as string,
            at: item['at'] as string,
            payload: (item['payload'] ?? {}) as Record<string, unknown>,
          });
        }
        cursor = page.LastEvaluatedKey;
      } while (cursor);
      return due;
    },
    async markFired(name, firedAt) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key(name),
          UpdateExpression: 'SET firedAt = :f REMOVE gsi1pk, gsi1sk',
          ExpressionAttributeValues: { ':f': firedAt.toISOString() },
        }),
      );
    },
  };
}
