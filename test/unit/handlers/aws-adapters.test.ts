// The AWS adapters against mocked SDK clients: the right calls, idempotency on "already exists", envelope format.
import { randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand, GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsDeps, deriveSalt } from '../../../functions/shared/aws/aws-deps.ts';
import { createKmsCipher } from '../../../functions/shared/aws/kms-cipher.ts';
import { createS3BlobStore } from '../../../functions/shared/aws/s3-blobs.ts';
import { atExpression, createEventBridgeScheduler, scheduleName } from '../../../functions/shared/aws/scheduler.ts';
import { createSesMailer } from '../../../functions/shared/aws/ses-mailer.ts';
import { createSfnCallbacks, createSfnStarter } from '../../../functions/shared/aws/sfn.ts';
import { RedactingLogFormatter } from '../../../functions/shared/logger.ts';

const kms = mockClient(KMSClient);
const s3 = mockClient(S3Client);
const ses = mockClient(SESv2Client);
const sfn = mockClient(SFNClient);
const sched = mockClient(SchedulerClient);
beforeEach(() => {
  for (const m of [kms, s3, ses, sfn, sched]) m.reset();
});

function err(name: string, status = 400) {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

describe('KMS envelope cipher', () => {
  it('seals with one data key for many values, opens with a cached Decrypt, and detects tampering', async () => {
    const plain = randomBytes(32);
    const wrapped = Buffer.from('wrapped-data-key-1');
    kms.on(GenerateDataKeyCommand).resolves({ Plaintext: plain, CiphertextBlob: wrapped });
    kms.on(DecryptCommand).resolves({ Plaintext: plain });
    const cipher = createKmsCipher(new KMSClient({}), { keyId: 'alias/rf' });
    const a = await cipher.seal('张三 13800001234');
    const b = await cipher.seal('second');
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(1);
    expect(kms.commandCalls(GenerateDataKeyCommand)[0]?.args[0].input).toMatchObject({
      KeyId: 'alias/rf',
      KeySpec: 'AES_256',
      EncryptionContext: { app: 'rightsflow', purpose: 'field' },
    });
    expect(a.startsWith('kms1.')).toBe(true);
    expect(a).not.toContain('13800001234');
    // A fresh container opens what another sealed (one Decrypt, then cached).
    const other = createKmsCipher(new KMSClient({}), { keyId: 'alias/rf' });
    expect(await other.open(a)).toBe('张三 13800001234');
    expect(await other.open(b)).toBe('second');
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(1);
    const [p, k, body] = a.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[flipped.length - 1]! ^= 1;
    await expect(other.open(`${p}.${k}.${flipped.toString('base64url')}`)).rejects.toThrow();
  });

  it('makes a new data key after its lifetime', async () => {
    let t = 0;
    kms.on(GenerateDataKeyCommand).callsFake(() => ({ Plaintext: randomBytes(32), CiphertextBlob: randomBytes(16) }));
    const cipher = createKmsCipher(new KMSClient({}), { keyId: 'k', dataKeyTtlMs: 1000, now: () => t });
    await cipher.seal('x');
    t = 500;
    await cipher.seal('x');
    t = 1500;
    await cipher.seal('x');
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(2);
  });

  it('derives the subject-hash salt from a KMS HMAC key', async () => {
    kms.on(GenerateMacCommand).resolves({ Mac: Buffer.from([1, 2, 255]) });
    expect(await deriveSalt(new KMSClient({}), 'hmac-key')).toBe('0102ff');
  });
});

describe('S3 blob store', () => {
  it('puts with SSE-KMS and answers exists() false on 404', async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(HeadObjectCommand).rejectsOnce(err('NotFound', 404)).resolves({});
    const blobs = createS3BlobStore(new S3Client({}), { bucket: 'b', kmsKeyId: 'key-1' });
    await blobs.put('exports/x.json.enc', new Uint8Array([1]), 'application/octet-stream');
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'b',
      Key: 'exports/x.json.enc',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'key-1',
    });
    expect(await blobs.exists('a')).toBe(false);
    expect(await blobs.exists('a')).toBe(true);
  });
});

describe('SES mailer', () => {
  it('sends UTF-8 text and html with threading headers', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const mailer = createSesMailer(new SESv2Client({}));
    const res = await mailer.send({
      key: 'reply:RF-20261125-AAAAAA',
      kind: 'reply',
      requestId: 'RF-20261125-AAAAAA',
      from: 'privacy@lianlianpay.com',
      to: ['a@example.com'],
      subject: '答复',
      text: '正文',
      html: '<p>正文</p>',
      inReplyTo: '<m1@example.com>',
      references: ['<m1@example.com>'],
    });
    expect(res).toEqual({ messageId: 'ses-1' });
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Destination?.ToAddresses).toEqual(['a@example.com']);
    expect(input.Content?.Simple?.Body?.Html?.Data).toBe('<p>正文</p>');
    expect(input.Content?.Simple?.Headers).toContainEqual({ Name: 'In-Reply-To', Value: '<m1@example.com>' });
  });
});

describe('Step Functions', () => {
  it('starts one execution per request id: ExecutionAlreadyExists counts as started', async () => {
    sfn.on(StartExecutionCommand).rejects(err('ExecutionAlreadyExists'));
    await expect(createSfnStarter(new SFNClient({}), 'arn:sm').start('RF-20261125-AAAAAA')).resolves.toBeUndefined();
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: 'arn:sm',
      name: 'RF-20261125-AAAAAA',
      input: '{"requestId":"RF-20261125-AAAAAA"}',
    });
    sfn.on(StartExecutionCommand).rejects(err('AccessDenied'));
    await expect(createSfnStarter(new SFNClient({}), 'arn:sm').start('RF-20261125-AAAAAA')).rejects.toThrow();
  });

  it('names a staff retry <id>-r<attempt>: a Standard execution name stays taken for 90 days', async () => {
    sfn.on(StartExecutionCommand).resolves({});
    await createSfnStarter(new SFNClient({}), 'arn:sm').start('RF-20261125-AAAAAA', { attempt: 2 });
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.name).toBe('RF-20261125-AAAAAA-r2');
  });

  it('completes task tokens', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    sfn.on(SendTaskFailureCommand).resolves({});
    const cb = createSfnCallbacks(new SFNClient({}));
    await cb.succeed('tok', { verified: true });
    await cb.fail('tok', 'Task.Expired', 'x'.repeat(40_000));
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({
      taskToken: 'tok',
      output: '{"verified":true}',
    });
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]?.args[0].input.cause).toHaveLength(32_768);
  });
});

describe('EventBridge Scheduler', () => {
  it('creates a one-off at() schedule that deletes itself; an existing one is fine', async () => {
    sched.on(CreateScheduleCommand).rejectsOnce(err('ConflictException')).resolves({});
    const s = createEventBridgeScheduler(new SchedulerClient({}), {
      groupName: 'rightsflow',
      roleArn: 'arn:role',
      targetArn: 'arn:fn',
    });
    await s.scheduleAt('rf-RF-20261125-AAAAAA-deferred-2036-01-01', new Date('2035-12-31T16:00:00Z'), { a: 1 });
    const input = sched.commandCalls(CreateScheduleCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      ScheduleExpression: 'at(2035-12-31T16:00:00)',
      ActionAfterCompletion: 'DELETE',
      GroupName: 'rightsflow',
      Target: { Arn: 'arn:fn', RoleArn: 'arn:role', Input: '{"a":1}' },
    });
    expect(scheduleName('a b:c'.repeat(20))).toMatch(/^[0-9A-Za-z_.-]{1,64}$/);
    expect(atExpression(new Date('2026-01-02T03:04:05.678Z'))).toBe('at(2026-01-02T03:04:05)');
  });
});

describe('awsDeps', () => {
  it('names the missing settings', async () => {
    await expect(awsDeps({ env: { TABLE_NAME: 't' } })).rejects.toThrow(/RAW_MAIL_BUCKET_NAME/);
  });

  const base = {
    TABLE_NAME: 'rightsflow',
    KMS_KEY_ID: 'alias/rightsflow',
    SENDER_ADDRESS: 'privacy@lianlianpay.com',
    PRIVACY_OFFICER_EMAIL: 'dpo@lianlianpay.com',
    PARTNER_ACK_BASE_URL: 'https://api.example.com/partner-ack',
    SUBJECT_HASH_SALT: 'salt',
    COMPANY_CONNECTOR_URL: 'https://connector.example.invalid',
    COMPANY_CONNECTOR_TOKEN: 'not-a-secret',
    BUCKET_KEY_ID: 'key-1',
  };
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };

  it('sends each blob to the bucket of its kind: raw mail and attachments, or exports (the api has both)', async () => {
    s3.on(HeadObjectCommand).resolves({});
    s3.on(GetObjectCommand).resolves({ Body: { transformToByteArray: async () => new Uint8Array([1]) } as never });
    const { blobs } = await awsDeps({
      env: { ...base, RAW_MAIL_BUCKET_NAME: 'raw-mail', EXPORTS_BUCKET_NAME: 'exports' },
      logger: quiet,
    });
    await blobs.get('inbound/ses-message-id');
    await blobs.get('raw/2026/11/abc.eml');
    await blobs.put('attachments/2026/11/abc-def.sealed', new Uint8Array([1]));
    await blobs.exists('exports/RF-20261125-AAAAAA/copy.json.enc');
    await blobs.get('exports/RF-20261125-AAAAAA/copy.json.enc');
    expect(s3.commandCalls(GetObjectCommand).map((c) => [c.args[0].input.Bucket, c.args[0].input.Key])).toEqual([
      ['raw-mail', 'inbound/ses-message-id'],
      ['raw-mail', 'raw/2026/11/abc.eml'],
      ['exports', 'exports/RF-20261125-AAAAAA/copy.json.enc'],
    ]);
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({
      Bucket: 'raw-mail',
      Key: 'attachments/2026/11/abc-def.sealed',
      SSEKMSKeyId: 'key-1',
    });
    expect(s3.commandCalls(HeadObjectCommand)[0]!.args[0].input.Bucket).toBe('exports');
    // A key of no known kind is never guessed into a bucket.
    await expect(blobs.get('elsewhere/x')).rejects.toThrow(/no known kind/);
  });

  it('a function without the raw-mail bucket refuses raw mail (NotConfigured), not reads it from exports', async () => {
    const { blobs } = await awsDeps({ env: { ...base, EXPORTS_BUCKET_NAME: 'exports' }, logger: quiet });
    await expect(blobs.get('inbound/ses-message-id')).rejects.toMatchObject({ name: 'NotConfigured' });
    await expect(blobs.put('attachments/a.sealed', new Uint8Array([1]))).rejects.toMatchObject({
      name: 'NotConfigured',
    });
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });
});

describe('redacting log formatter', () => {
  it('masks personal data in messages and attributes', () => {
    const f = new RedactingLogFormatter();
    const item = f.formatAttributes(
      {
        logLevel: 'INFO',
        message: 'mail to fake.person@example.com about 13800001234',
        timestamp: new Date('2026-11-25T00:00:00Z'),
        serviceName: 'rightsflow',
        sampleRateValue: 0,
        awsRegion: 'cn-north-1',
      },
      { subject: { name: '测试用户', idNumber: '11010519491231002X' }, requestId: 'RF-20261125-AAAAAA' },
    );
    const out = JSON.stringify(item.getAttributes());
    for (const p of ['fake.person@example.com', '13800001234', '测试用户', '11010519491231002X'])
      expect(out).not.toContain(p);
    expect(out).toContain('RF-20261125-AAAAAA');
    expect(out).toContain('138****1234');
  });
});
