// The SES receipt Lambda's event handling: S3 event → object → intake, with the object key as the raw key.
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../../domain/calendar/files.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { createIntakeService } from '../../../functions/intake/service.ts';
import { handleS3Event, objectKey } from '../../../functions/mail-intake/handler.ts';
import { createMemoryStore } from '../../support/memory-store.ts';
import { composeMail } from './compose.ts';
import { fakeCipher, manualClock, memoryBlobs, recordingMailer } from './fakes.ts';

const s3Event = (key: string) => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'cn-north-1',
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: 'raw-mail' }, object: { key, size: 100 } },
    },
  ],
});

describe('mail-intake handler', () => {
  it('fetches the stored object and creates one request per message, even when the event is delivered twice', async () => {
    const clock = manualClock('2026-11-25T02:00:00Z');
    const store = createMemoryStore(() => clock.now());
    const blobs = memoryBlobs();
    const started: string[] = [];
    const intake = createIntakeService({
      store,
      blobs,
      cipher: fakeCipher,
      mailer: recordingMailer(),
      clock,
      policy: loadPolicy(),
      calendar: calendarFor(),
      senderAddress: 'privacy@lianlianpay.com',
      startWorkflow: async (id) => {
        started.push(id);
      },
    });
    const objects = new Map([
      ['inbound/abc def', await composeMail({ text: '请删除我的个人信息。', messageId: '<ses-1@qq.com>' })],
    ]);
    const fetched: string[] = [];
    const runtime = {
      intake,
      async fetch(bucket: string, key: string) {
        fetched.push(`${bucket}/${key}`);
        const body = objects.get(key);
        if (!body) throw new Error('NoSuchKey');
        return body;
      },
    };
    const [first] = await handleS3Event(s3Event('inbound/abc+def'), runtime);
    const [second] = await handleS3Event(s3Event('inbound/abc+def'), runtime);
    expect(fetched).toEqual(['raw-mail/inbound/abc def', 'raw-mail/inbound/abc def']);
    expect(first).toMatchObject({ created: true, triage: false });
    expect(second).toMatchObject({ requestId: first!.requestId, created: false });
    expect((await store.getRequest(first!.requestId))?.source.rawKey).toBe('inbound/abc def');
    expect(blobs.puts).toEqual([]); // already in S3: not stored again
    expect(started).toEqual([first!.requestId]);
  });

  it('copies a message the mail gateway dropped into its own bucket into the raw-mail bucket (AWS China)', async () => {
    const clock = manualClock('2026-11-25T02:00:00Z');
    const blobs = memoryBlobs();
    const intake = createIntakeService({
      store: createMemoryStore(() => clock.now()),
      blobs,
      cipher: fakeCipher,
      mailer: recordingMailer(),
      clock,
      policy: loadPolicy(),
      calendar: calendarFor(),
      senderAddress: 'privacy@rights.lianlianpay.cn',
      startWorkflow: async () => undefined,
    });
    const raw = await composeMail({ text: '请删除我的个人信息。', messageId: '<drop-1@163.com>' });
    const runtime = { intake, ownBucket: 'raw-mail', fetch: async () => raw };
    const drop = s3Event('privacy/2026/11/25/msg-1.eml');
    drop.Records[0]!.s3.bucket.name = 'lianlian-mail-gateway';
    const [res] = await handleS3Event(drop, runtime);
    expect(res).toMatchObject({ created: true });
    // Stored under the intake's own content-addressed key, in the raw-mail bucket with its retention.
    expect(blobs.puts.filter((k) => k.startsWith('raw/'))).toHaveLength(1);
    // SES's setup probe of a new receipt rule is not mail.
    expect(await handleS3Event(s3Event('inbound/AMAZON_SES_SETUP_NOTIFICATION'), runtime)).toEqual([]);
  });

  it('rejects an event that is not an S3 ObjectCreated notification', async () => {
    const runtime = {
      intake: { receiveRawEmail: async () => ({ requestId: 'x', created: false, triage: false }) },
      fetch: async () => new Uint8Array(),
    };
    await expect(handleS3Event({ Records: [] }, runtime)).rejects.toThrow();
    await expect(handleS3Event({ detail: {} }, runtime)).rejects.toThrow();
    const removed = s3Event('inbound/x');
    removed.Records[0]!.eventName = 'ObjectRemoved:Delete';
    await expect(handleS3Event(removed, runtime)).rejects.toThrow();
  });

  it('decodes S3 keys', () => {
    expect(objectKey('inbound/a+b%2Bc%E4%B8%AD')).toBe('inbound/a b+c中');
  });
});
