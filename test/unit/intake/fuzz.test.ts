// Hostile mail at the intake (issue 14): random bytes, mutated MIME, deep nesting, huge parts, charset bombs. Whatever
// arrives, receiveRawEmail resolves (never throws), the raw bytes are kept, and the mail ends somewhere staff can see
// it: a request (triage when unreadable) or, for machine-sent mail, an intake record. A valid request wrapped in
// noise is still that request.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../../domain/calendar/files.ts';
import { residentIdCheckChar } from '../../../domain/identity/index.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { createIntakeService, type IntakeResult } from '../../../functions/intake/service.ts';
import { createMemoryStore } from '../../support/memory-store.ts';
import { composeMail } from './compose.ts';
import { fakeCipher, manualClock, memoryBlobs, recordingMailer } from './fakes.ts';

const policy = loadPolicy();
const calendar = calendarFor();
const ID = (() => {
  const first17 = '11010519870314231';
  return first17 + residentIdCheckChar(first17);
})();

function intakeOverMemory() {
  const clock = manualClock('2026-11-25T02:00:00Z');
  const store = createMemoryStore(() => clock.now());
  const blobs = memoryBlobs();
  const intake = createIntakeService({
    store,
    blobs,
    cipher: fakeCipher,
    mailer: recordingMailer(),
    clock,
    policy,
    calendar,
    senderAddress: 'privacy@lianlianpay.com',
    startWorkflow: async () => undefined,
    onVerificationCode: async () => undefined,
    subjectHashSalt: 'fuzz-salt',
  });
  return { store, blobs, intake };
}

/** Where the mail ended: a request that exists, or an intake record of its kind. Never nowhere. */
async function accountedFor(t: ReturnType<typeof intakeOverMemory>, res: IntakeResult): Promise<void> {
  if (res.automated) {
    const { items } = await t.store.listIntakeMail(res.automated, { limit: 1000 });
    expect(items.length).toBeGreaterThan(0);
    return;
  }
  expect(res.requestId).toMatch(/^RF-/);
  expect(await t.store.getRequest(res.requestId)).toBeDefined();
}

async function receive(raw: Uint8Array) {
  const t = intakeOverMemory();
  const res = await t.intake.receiveRawEmail(raw, { source: 'smtp' });
  // The raw bytes are the record of what the person sent: always kept, byte for byte.
  const kept = [...t.blobs.objects.entries()].find(([key]) => key.startsWith('raw/'));
  expect(kept && Buffer.from(kept[1]).equals(Buffer.from(raw))).toBe(true);
  await accountedFor(t, res);
  return { t, res };
}

const VALID = composeMail({
  from: '"张伟" <zhangwei@163.com>',
  subject: '申请删除个人信息',
  text: `本人张伟，身份证号${ID}，手机13800138000，请删除我的所有个人信息。`,
  messageId: '<fuzz@163.com>',
  attachments: [{ filename: '身份证.txt', content: Buffer.from('正反面'), contentType: 'text/plain' }],
});

/** Byte-level damage to a valid message: flips, cuts, repeats and junk inserted anywhere (headers included). */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), junk: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    junk: fc
      .constantFrom(
        '\r\n--',
        '\r\nContent-Type: multipart/mixed; boundary=x\r\n',
        '\r\nContent-Transfer-Encoding: base64\r\n',
        '=?gb18030?B?',
        '=?utf-7?Q?+AGE-?=',
        '\r\n\r\n',
        'charset="x-unknown-42"',
        '\u0000',
      )
      .map((s) => Buffer.from(s, 'latin1')),
  }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(base: Buffer, edits: Mutation[]): Buffer {
  let b = Buffer.from(base);
  for (const e of edits) {
    const at = b.length ? e.at % b.length : 0;
    if (e.kind === 'flip') b[at] = e.byte;
    else if (e.kind === 'cut') b = Buffer.concat([b.subarray(0, at), b.subarray(at + e.length)]);
    else if (e.kind === 'repeat') b = Buffer.concat([b.subarray(0, at + e.length), b.subarray(at)]);
    else b = Buffer.concat([b.subarray(0, at), Buffer.from(e.junk), b.subarray(at)]);
  }
  return b;
}

describe('hostile mail at the intake', () => {
  it('random bytes: never a throw, the raw kept, a request or an intake record for each', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 4096 }), async (raw) => {
        await receive(raw);
      }),
      { numRuns: 150 },
    );
  });

  it('a valid request mangled byte by byte: never a throw, never lost', async () => {
    const base = await VALID;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 8 }), async (edits) => {
        await receive(mutate(base, edits));
      }),
      { numRuns: 100 },
    );
  });

  it('a valid request wrapped in any text is still that request, with its right and its subject', async () => {
    const noise = fc.string({ unit: 'binary', maxLength: 300 }).map((s) => s.replace(/\d/g, ''));
    await fc.assert(
      fc.asyncProperty(noise, noise, async (before, after) => {
        const raw = await composeMail({
          from: '"张伟" <zhangwei@163.com>',
          subject: '申请删除个人信息',
          text: `${before}\n本人张伟，身份证号${ID}，手机13800138000，请删除我的所有个人信息。\n${after}`,
        });
        const { t, res } = await receive(raw);
        expect(res).toMatchObject({ created: true });
        const request = (await t.store.getRequest(res.requestId))!;
        expect(request.rights).toContain('delete');
        expect(request.subject.idNumber).toBe(ID);
      }),
      { numRuns: 30 },
    );
  });

  const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');
  const head = ['From: zhangwei@163.com', 'To: privacy@lianlianpay.com', 'Subject: =?utf-8?B?55Sz6K+35Yig6Zmk?='];

  it('multipart nested 2,000 deep: handled, the request kept (triage if nothing readable)', async () => {
    const depth = 2_000;
    const lines = [...head, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b0"', ''];
    for (let i = 1; i < depth; i++) lines.push(`--b${i - 1}`, `Content-Type: multipart/mixed; boundary="b${i}"`, '');
    lines.push(`--b${depth - 1}`, 'Content-Type: text/plain; charset=utf-8', '', `请删除我的个人信息，身份证号${ID}`);
    for (let i = depth - 1; i >= 0; i--) lines.push(`--b${i}--`);
    const { res } = await receive(crlf(lines));
    expect(res.created).toBe(true);
  }, 60_000);

  it('5,000 parts and an 8 MB base64 part: handled', async () => {
    const lines = [...head, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="p"', ''];
    for (let i = 0; i < 5_000; i++) lines.push('--p', 'Content-Type: text/plain; charset=utf-8', '', `第${i}段`);
    const base64 = Buffer.alloc(8 * 1024 * 1024, 7)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    lines.push('--p', 'Content-Type: application/octet-stream; name="big.bin"', 'Content-Transfer-Encoding: base64');
    lines.push('', base64, '--p--');
    const { res } = await receive(crlf(lines));
    expect(res.created).toBe(true);
  }, 60_000);

  it('a charset bomb (a thousand unknown or exotic charsets, in headers and parts): handled, flagged for staff', async () => {
    const names = ['utf-7', 'utf-16', 'utf-32', 'x-unknown', 'gb2312', 'iso-2022-jp', 'big5-hkscs', 'ebcdic'];
    const subject = Array.from({ length: 300 }, (_, i) => `=?${names[i % names.length]}${i}?B?5Yig6Zmk?=`).join(' ');
    const lines = [...head.slice(0, 2), `Subject: ${subject}`, 'MIME-Version: 1.0'];
    lines.push('Content-Type: multipart/mixed; boundary="c"', '');
    for (let i = 0; i < 1_000; i++)
      lines.push('--c', `Content-Type: text/plain; charset="${names[i % names.length]}-${i}"`, '', '\u00ff\u00fe+AGE-');
    lines.push('--c', 'Content-Type: text/plain; charset=utf-16', '', '\ufffe'.repeat(50_000), '--c--');
    const { t, res } = await receive(crlf(lines));
    expect(res.created).toBe(true);
    expect(res.triage).toBe(true);
    expect((await t.store.getRequest(res.requestId))?.status).toBe('triage');
  }, 60_000);

  it('a header line of 900 KB and 999 header fields: handled; one field more is a clear rejection kept for staff', async () => {
    const long = crlf([...head, `X-Long: ${'a'.repeat(900 * 1024)}`, '', `请删除我的个人信息`]);
    expect((await receive(long)).res.created).toBe(true);
    const many = (n: number) =>
      crlf([...Array.from({ length: n - 3 }, (_, i) => `X-F${i}: v`), ...head, '', '请删除我的个人信息']);
    const most = await receive(many(1_000));
    expect(most.res).toMatchObject({ created: true, triage: false });
    expect((await most.t.store.getRequest(most.res.requestId))?.rights).toEqual(['delete']);
    const rejected = await receive(many(1_001));
    expect(rejected.res).toMatchObject({ created: true, triage: true });
  }, 60_000);
});
