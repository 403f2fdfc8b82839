// The Lambda entry: deps built from the environment on first call (AWS clients mocked), the step's errors surface
// with their names for the state machine's Retry/Catch.
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const ENV = {
  TABLE_NAME: 'rightsflow',
  EXPORTS_BUCKET_NAME: 'rightsflow-data',
  KMS_KEY_ID: 'alias/rightsflow',
  STATE_MACHINE_ARN: 'arn:aws-cn:states:cn-north-1:111111111111:stateMachine:rf',
  SENDER_ADDRESS: 'privacy@lianlianpay.com',
  PRIVACY_OFFICER_EMAIL: 'dpo@lianlianpay.com',
  PARTNER_ACK_BASE_URL: 'https://api.example.com/partner-ack',
  SCHEDULER_GROUP: 'rightsflow',
  SCHEDULER_ROLE_ARN: 'arn:role',
  SCHEDULER_TARGET_ARN: 'arn:fn',
  SUBJECT_HASH_SALT: 'salt',
  AWS_REGION: 'cn-north-1',
  POWERTOOLS_METRICS_DISABLED: 'true',
  COMPANY_CONNECTOR_URL: 'https://connector.example.invalid',
  COMPANY_CONNECTOR_TOKEN: 'not-a-secret',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

const ddb = mockClient(DynamoDBDocumentClient);
beforeAll(() => {
  for (const [k, v] of Object.entries(ENV)) vi.stubEnv(k, v);
});
afterAll(() => {
  vi.unstubAllEnvs();
  ddb.restore();
});

describe('lambdaHandler', () => {
  it('builds deps from the environment and rejects with the step error name', async () => {
    ddb.on(GetCommand).resolves({});
    const { handler } = await import('../../../functions/load-request/handler.ts');
    await expect(handler({ requestId: 'RF-20261125-AAAAAA' })).rejects.toMatchObject({ name: 'NotFound' });
    await expect(handler({ requestId: 'not-an-id' })).rejects.toMatchObject({ name: 'InvalidInput' });
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      TableName: 'rightsflow',
      Key: { pk: 'REQ#RF-20261125-AAAAAA', sk: 'META' },
    });
  });
});
