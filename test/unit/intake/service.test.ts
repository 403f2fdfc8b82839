// The intake service over an in-memory store: raw first, duplicates, threads, follow-ups, triage, the
// acknowledgement and the workflow start, malformed mail.
import { describe, expect, it, vi } from 'vitest';
import { calendarFor } from '../../../domain/calendar/files.ts';
import { residentIdCheckChar } from '../../../domain/identity/index.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { openAttachment } from '../../../functions/intake/attachments.ts';
import { createIntakeService } from '../../../functions/intake/service.ts';
import { createMemoryStore } from '../../support/memory-store.ts';
import { composeMail } from './compose.ts';
import { fakeCipher, manualClock, memoryBlobs, recordingMailer } from './fakes.ts';

const policy = loadPolicy();
const calendar = calendarFor();
const ID = (() => {
  const first17 = '11010519870314231';
  return first17 + residentIdCheckChar(first17);
})();

function setup(
  options: { salt?: boolean; limits?: { maxBytes: number; maxHeaders: number; maxHeaderBytes: number } } = {},
) {
  const clock = manualClock('2026-11-25T02:00:00Z');
  const store = createMemoryStore(() => clock.now());
  const blobs = memoryBlobs();
  const mailer = recordingMailer();
  const started: string[] = [];
  const codes: [string, string][] = [];
  const intake = createIntakeService({
    store,
    blobs,
    cipher: fakeCipher,
    mailer,
    clock,
    policy,
    calendar,
    senderAddress: 'privacy@lianlianpay.com',
    startWorkflow: async (id) => {
      started.push(id);
    },
    onVerificationCode: async (id, code) => {
      codes.push([id, code]);
    },
    ...(options.salt !== false && { subjectHashSalt: 'test-salt' }),
    ...(options.limits && { limits: options.limits }),
  });
  return { clock, store, blobs, mailer, started, codes, intake };
}

const DELETE_MAIL = {
  from: '"张伟" <zhangwei@163.com>',
  subject: '申请删除个人信息',
  text: `本人张伟，身份证号${ID}，手机13800138000，请删除我的所有个人信息。`,
  messageId: '<m1@163.com>',
};

describe('intake service', () => {
  it('stores the raw mail first, then creates a received request, acknowledges once and starts the workflow', async () => {
    const t = setup();
    const raw = await composeMail(DELETE_MAIL);
    const res = await t.intake.receiveRawEmail(raw, { source: 'smtp' });

    expect(res).toMatchObject({ created: true, triage: false });
    expect(res.requestId).toMatch(/^RF-20261125-[0-9A-Z]{6}$/);
    expect(t.blobs.puts[0]).toMatch(/^raw\/2026\/11\/[0-9a-f]{64}\.eml$/);
    expect(Buffer.from(t.blobs.objects.get(t.blobs.puts[0]!)!).equals(raw)).toBe(true);

    const request = (await t.store.getRequest(res.requestId))!;
    expect(request).toMatchObject({
      channel: 'email',
      status: 'received',
      rights: ['delete'],
      language: 'zh',
      minor: false,
      verification: { level: 'none' },
      requester: { type: 'self', email: 'zhangwei@163.com', name: '张伟' },
      subject: { name: '张伟', idNumber: ID, idNumberValid: true, phone: '13800138000', email: 'zhangwei@163.com' },
      source: { messageId: '<m1@163.com>', rawKey: t.blobs.puts[0], subjectLine: '申请删除个人信息' },
      deadline: { receivedOn: '2026-11-25', provisional: false, clockStart: 'receipt', workingDays: 15 },
    });
    expect(request.deadline.deadline).toBe('2026-12-16');

    expect(t.mailer.sent).toHaveLength(1);
    const ack = t.mailer.sent[0]!;
    expect(ack).toMatchObject({
      key: `ack:${res.requestId}`,
      kind: 'ack',
      to: ['zhangwei@163.com'],
      inReplyTo: '<m1@163.com>',
    });
    expect(ack.text).toContain(res.requestId);
    expect(ack.text).toContain('删除');
    expect(ack.text).toContain('2026年12月16日');
    expect(ack.text).toContain('400-018-8888');
    expect(ack.text).not.toContain('English version');
    expect(await t.store.findRequestIdByLookupKey(`thread:${ack.messageId}`)).toBe(res.requestId);
    expect(t.started).toEqual([res.requestId]);

    const events = await t.store.listEvents(res.requestId);
    expect(events.map((e) => e.type)).toEqual(['email.received', 'mail.ack_sent']);
    // Events never carry personal data in clear.
    expect(JSON.stringify(events)).not.toMatch(new RegExp(`${ID}|13800138000|张伟|zhangwei@`));
  });

  it('adds the English version of the acknowledgement when the mail was English', async () => {
    const t = setup();
    const raw = await composeMail({
      from: 'john@example.com',
      subject: 'Delete my data',
      text: 'Please delete all my personal data. Regards,\nJohn Smith',
    });
    const res = await t.intake.receiveRawEmail(raw, { source: 'smtp' });
    const ack = t.mailer.sent[0]!;
    expect((await t.store.getRequest(res.requestId))?.language).toBe('en');
    expect(ack.text).toContain('尊敬的用户');
    expect(ack.text).toContain('English version');
    expect(ack.text).toMatch(/deletion/i);
  });

  it('never counts the sender address as verification, even when it matches an earlier request', async () => {
    const t = setup();
    await t.intake.receiveRawEmail(await composeMail(DELETE_MAIL), { source: 'smtp' });
    const spoof = await composeMail({
      ...DELETE_MAIL,
      messageId: '<spoof@163.com>',
      text: `${DELETE_MAIL.text}\n另外请提供我的信息副本。`,
    });
    const res = await t.intake.receiveRawEmail(spoof, { source: 'smtp' });
    const request = (await t.store.getRequest(res.requestId))!;
    expect(request.verification).toEqual({ level: 'none' });
  });

  it('yields one request when the same Message-ID is delivered twice', async () => {
    const t = setup();
    const raw = await composeMail(DELETE_MAIL);
    const first = await t.intake.receiveRawEmail(raw, { source: 'ses', rawKey: 'inbound/abc' });
    const second = await t.intake.receiveRawEmail(raw, { source: 'ses', rawKey: 'inbound/def' });
    expect(second).toEqual({ requestId: first.requestId, created: false, triage: false, attachedTo: first.requestId });
    expect(t.store.requests.size).toBe(1);
    expect(t.mailer.sent).toHaveLength(1);
    expect(t.started).toHaveLength(1);
    // SES path: the object is already in S3, nothing is stored again.
    expect(t.blobs.puts).toEqual([]);
    expect((await t.store.getRequest(first.requestId))?.source.rawKey).toBe('inbound/abc');
  });

  it("resumes a crashed first delivery (ack, workflow) on Lambda's async retry a minute later", async () => {
    const t = setup();
    const raw = await composeMail(DELETE_MAIL);
    const failing = createIntakeService({
      store: t.store,
      blobs: t.blobs,
      cipher: fakeCipher,
      mailer: t.mailer,
      clock: t.clock,
      policy,
      calendar,
      senderAddress: 'privacy@lianlianpay.com',
      startWorkflow: async () => {
        throw new Error('StartExecution throttled');
      },
    });
    await expect(failing.receiveRawEmail(raw, { source: 'smtp' })).rejects.toThrow('throttled');
    expect(t.started).toEqual([]);
    // Lambda retries an async invocation after about a minute: the request must not be dropped.
    t.clock.advance(60_000);
    const again = await t.intake.receiveRawEmail(raw, { source: 'smtp' });
    expect(again.created).toBe(false);
    expect(t.started).toEqual([again.requestId]);
    expect(t.mailer.sent).toHaveLength(1); // the ack went out once
    // A third delivery finds both done: nothing more.
    await t.intake.receiveRawEmail(raw, { source: 'smtp' });
    expect(t.started).toEqual([again.requestId]);
    expect(t.mailer.sent).toHaveLength(1);
  });

  it('resumes at once when the acknowledgement failed on the first delivery', async () => {
    const t = setup();
    const raw = await composeMail(DELETE_MAIL);
    const failing = createIntakeService({
      store: t.store,
      blobs: t.blobs,
      cipher: fakeCipher,
      mailer: {
        async send() {
          throw new Error('SES throttled');
        },
      },
      clock: t.clock,
      policy,
      calendar,
      senderAddress: 'privacy@lianlianpay.com',
      startWorkflow: async () => {},
    });
    await expect(failing.receiveRawEmail(raw, { source: 'smtp' })).rejects.toThrow('throttled');
    t.clock.advance(5_000);
    const again = await t.intake.receiveRawEmail(raw, { source: 'smtp' });
    expect(t.mailer.sent).toHaveLength(1);
    expect(t.started).toEqual([again.requestId]);
  });

  it('attaches a reply to the acknowledgement (In-Reply-To) and hands over its verification code once', async () => {
    const t = setup();
    const created = await t.intake.receiveRawEmail(await composeMail(DELETE_MAIL), { source: 'smtp' });
    const ackId = t.mailer.sent[0]!.messageId;
    const reply = await composeMail({
      from: 'zhangwei@163.com',
      subject: 'Re: 我们已收到您的个人信息权利请求',
      text: `验证码：482913\n\n在 2026-11-25 10:12，"连连支付" 写道：\n> 请删除`,
      messageId: '<r1@163.com>',
      inReplyTo: `<${ackId}>`,
      references: [`<${ackId}>`],
    });
    const res = await t.intake.receiveRawEmail(reply, { source: 'smtp' });
    expect(res).toEqual({
      requestId: created.requestId,
      created: false,
      triage: false,
      attachedTo: created.requestId,
      verificationCode: '482913',
    });
    expect(t.codes).toEqual([[created.requestId, '482913']]);
    const events = await t.store.listEvents(created.requestId);
    const replyEvent = events.find((e) => e.type === 'email.reply_received')!;
    expect(replyEvent.data).toMatchObject({ sameSender: true, hasVerificationCode: true });
    expect(JSON.stringify(replyEvent)).not.toContain('482913');
    expect(t.store.requests.size).toBe(1);

    const again = await t.intake.receiveRawEmail(reply, { source: 'smtp' });
    expect(again.attachedTo).toBe(created.requestId);
    expect(t.codes).toHaveLength(1);
    expect(events.filter((e) => e.type === 'email.reply_received')).toHaveLength(1);
  });

  it('attaches a reply by the request number in its subject when the thread headers are gone', async () => {
    const t = setup();
    const created = await t.intake.receiveRawEmail(await composeMail(DELETE_MAIL), { source: 'smtp' });
    const reply = await composeMail({
      from: 'zhangwei@163.com',
      subject: `回复：${created.requestId} 补充材料`,
      text: '身份证照片见附件。',
      attachments: [{ filename: '张伟身份证.jpg', content: Buffer.from('JPEG-BYTES-张伟'), contentType: 'image/jpeg' }],
    });
    const res = await t.intake.receiveRawEmail(reply, { source: 'smtp' });
    expect(res.attachedTo).toBe(created.requestId);
    const event = (await t.store.listEvents(created.requestId)).find((e) => e.type === 'email.reply_received')!;
    const [stored] = event.data!['attachments'] as { key: string; contentType: string; size: number }[];
    expect(stored).toMatchObject({ contentType: 'image/jpeg', size: 'JPEG-BYTES-张伟'.length + 4 });
    // Sealed at rest: neither the name nor the bytes are readable in the stored object.
    const blob = Buffer.from(t.blobs.objects.get(stored!.key)!).toString('utf8');
    expect(blob).not.toContain('张伟');
    expect(blob).not.toContain(Buffer.from('JPEG-BYTES').toString('base64').slice(0, 8));
    const opened = await openAttachment(stored!.key, { blobs: t.blobs, cipher: fakeCipher });
    expect(opened.filename).toBe('张伟身份证.jpg');
    expect(opened.content.toString()).toBe('JPEG-BYTES-张伟');
  });

  it('opens a new request for a "Re:" mail that belongs to no thread of ours', async () => {
    const t = setup();
    const res = await t.intake.receiveRawEmail(
      await composeMail({ subject: 'Re: 你好', text: '请删除我的个人信息。', inReplyTo: '<unknown@elsewhere>' }),
      { source: 'smtp' },
    );
    expect(res).toMatchObject({ created: true, triage: false });
  });

  it('links a second mail from the same sender about the same person instead of duplicating it', async () => {
    const t = setup();
    const first = await t.intake.receiveRawEmail(await composeMail(DELETE_MAIL), { source: 'smtp' });
    // Same ask again (new Message-ID): part of the open request.
    const again = await t.intake.receiveRawEmail(
      await composeMail({ ...DELETE_MAIL, messageId: '<m2@163.com>', text: `身份证号${ID}。请尽快删除我的个人信息！` }),
      { source: 'smtp' },
    );
    expect(again).toMatchObject({ requestId: first.requestId, created: false, attachedTo: first.requestId });
    expect((await t.store.listEvents(first.requestId)).map((e) => e.type)).toContain('email.followup_received');
    // Something new asked: a new request, linked to the open one.
    const more = await t.intake.receiveRawEmail(
      await composeMail({
        ...DELETE_MAIL,
        messageId: '<m3@163.com>',
        text: `身份证号${ID}。另外请先提供我个人信息的副本。`,
      }),
      { source: 'smtp' },
    );
    expect(more.created).toBe(true);
    expect((await t.store.getRequest(more.requestId))?.linkedRequestIds).toEqual([first.requestId]);
    // Another sender with the same ID number is not "the same sender": not linked.
    const other = await t.intake.receiveRawEmail(
      await composeMail({ ...DELETE_MAIL, from: 'someone@qq.com', messageId: '<m4@qq.com>' }),
      { source: 'smtp' },
    );
    expect(other.created).toBe(true);
  });

  it('makes a complaint a triage request: no acknowledgement, no workflow', async () => {
    const t = setup();
    const res = await t.intake.receiveRawEmail(
      await composeMail({ subject: '退款', text: '我的退款一直没到账，请尽快处理！' }),
      { source: 'smtp' },
    );
    expect(res).toMatchObject({ created: true, triage: true });
    expect((await t.store.getRequest(res.requestId))?.status).toBe('triage');
    expect(t.mailer.sent).toEqual([]);
    expect(t.started).toEqual([]);
  });

  it('records a guardian acting for a child under 14', async () => {
    const t = setup();
    const child = '11010820160520301';
    const childId = child + residentIdCheckChar(child);
    const res = await t.intake.receiveRawEmail(
      await composeMail({
        text: `我是孩子的家长，我叫王大明。孩子叫王小明，身份证号${childId}，请删除孩子的个人信息。`,
      }),
      { source: 'smtp' },
    );
    expect(await t.store.getRequest(res.requestId)).toMatchObject({
      minor: true,
      requester: { type: 'guardian', name: '王大明' },
      subject: { name: '王小明', idNumberValid: true },
    });
  });

  it('fails without creating anything when the raw mail cannot be stored (the sender retries)', async () => {
    const t = setup();
    t.blobs.failPuts = true;
    await expect(t.intake.receiveRawEmail(await composeMail(DELETE_MAIL), { source: 'smtp' })).rejects.toThrow();
    expect(t.store.requests.size).toBe(0);
  });
});

describe('intake service: malformed mail never crashes and the raw is kept', () => {
  const cases: [string, () => Promise<Buffer>, { triage: boolean; rights?: string[] }][] = [
    [
      'broken boundary',
      async () =>
        Buffer.from(
          'From: a@example.com\r\nSubject: x\r\nMessage-ID: <bb@x>\r\nContent-Type: multipart/mixed; boundary="XYZ"\r\n\r\n--ABC\r\nContent-Type: text/plain\r\n\r\n请删除我的个人信息\r\n--ABC--\r\n',
        ),
      { triage: true, rights: ['delete'] },
    ],
    [
      'bogus charset',
      async () =>
        Buffer.from(
          'From: a@example.com\r\nSubject: x\r\nContent-Type: text/plain; charset=x-bogus\r\n\r\n请删除我的个人信息\r\n',
        ),
      { triage: true, rights: ['delete'] },
    ],
    [
      'NUL bytes',
      async () => Buffer.from('From: a@example.com\r\nSubject: x\0y\r\n\r\n请删除\0我的个人信息\0\r\n'),
      { triage: false, rights: ['delete'] },
    ],
    [
      '10,000 headers',
      async () => {
        let h = 'From: a@example.com\r\n';
        for (let i = 0; i < 10_000; i++) h += `X-Spam-${i}: ${i}\r\n`;
        return Buffer.from(`${h}Subject: x\r\n\r\n请删除我的个人信息\r\n`);
      },
      { triage: true, rights: [] },
    ],
    ['no headers, no body', async () => Buffer.from('\r\n\r\n'), { triage: true }],
    [
      'binary garbage',
      async () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      { triage: true },
    ],
  ];

  it.each(cases)('%s', async (_name, build, expected) => {
    const t = setup();
    const raw = await build();
    const res = await t.intake.receiveRawEmail(raw, { source: 'smtp' });
    expect(res.created).toBe(true);
    expect(res.triage).toBe(expected.triage);
    const request = (await t.store.getRequest(res.requestId))!;
    if (expected.rights) expect(request.rights).toEqual(expected.rights);
    expect(Buffer.from(t.blobs.objects.get(request.source.rawKey!)!).equals(raw)).toBe(true);
  });

  it('a 20 MB attachment: parsed, sealed and stored', async () => {
    const t = setup();
    const big = Buffer.alloc(20 * 1024 * 1024, 0x41);
    const raw = await composeMail({
      text: '请删除我的个人信息，身份证照片见附件。',
      attachments: [{ filename: 'id.jpg', content: big }],
    });
    const res = await t.intake.receiveRawEmail(raw, { source: 'smtp' });
    expect(res).toMatchObject({ created: true, triage: false });
    const event = (await t.store.listEvents(res.requestId))[0]!;
    expect(event.data!['attachments']).toEqual([expect.objectContaining({ size: big.length })]);
    expect(t.blobs.objects.get(t.blobs.puts[0]!)!.byteLength).toBe(raw.length);
  });

  it('a message over the size limit: a triage request with the raw kept', async () => {
    const t = setup({ limits: { maxBytes: 1024, maxHeaders: 1000, maxHeaderBytes: 1024 } });
    const raw = await composeMail({ text: `请删除我的个人信息。${'x'.repeat(2000)}` });
    const res = await t.intake.receiveRawEmail(raw, { source: 'smtp' });
    expect(res).toMatchObject({ created: true, triage: true });
    const events = await t.store.listEvents(res.requestId);
    expect(events[0]).toMatchObject({ type: 'email.rejected', data: { reason: 'too_large' } });
    // Delivered again: the same triage request.
    const again = await t.intake.receiveRawEmail(raw, { source: 'smtp' });
    expect(again.requestId).toBe(res.requestId);
    expect(t.store.requests.size).toBe(1);
  });

  it('never logs personal data', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (...a: unknown[]) => lines.push(JSON.stringify(a)),
      info: (...a: unknown[]) => lines.push(JSON.stringify(a)),
      warn: (...a: unknown[]) => lines.push(JSON.stringify(a)),
      error: (...a: unknown[]) => lines.push(JSON.stringify(a)),
    };
    const t = setup();
    const intake = createIntakeService({
      store: t.store,
      blobs: t.blobs,
      cipher: fakeCipher,
      mailer: t.mailer,
      clock: t.clock,
      policy,
      calendar,
      senderAddress: 'privacy@lianlianpay.com',
      startWorkflow: vi.fn(async () => {}),
      logger,
    });
    await intake.receiveRawEmail(await composeMail(DELETE_MAIL), { source: 'smtp' });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toMatch(new RegExp(`${ID}|13800138000|张伟|zhangwei`));
  });
});

describe('intake service: no work lost, none invented (D2, D12, D30)', () => {
  async function closeRequest(t: ReturnType<typeof setup>, id: string) {
    const r = (await t.store.getRequest(id))!;
    t.store.requests.set(id, { ...r, status: 'closed' });
  }

  it('a mail quoting a closed request number and asking something new becomes a new linked, acknowledged request', async () => {
    const t = setup();
    const first = await t.intake.receiveRawEmail(await composeMail(DELETE_MAIL), { source: 'smtp' });
    await closeRequest(t, first.requestId);
    const acksBefore = t.mailer.sent.length;
    const res = await t.intake.receiveRawEmail(
      await composeMail({
        from: 'zhangwei@163.com',
        subject: `关于 ${first.requestId} 的补充`,
        text: `关于请求 ${first.requestId}，我至今未收到导出文件。另外，我现在要求提供我个人信息的副本。`,
        messageId: '<later@163.com>',
      }),
      { source: 'smtp' },
    );
    expect(res).toMatchObject({ created: true, triage: false, linkedTo: first.requestId });
    expect(res.requestId).not.toBe(first.requestId);
    const created = (await t.store.getRequest(res.requestId))!;
    expect(created.status).toBe('received');
    expect(created.rights).toContain('copy');
    expect(created.linkedRequestIds).toContain(first.requestId);
    expect(t.started).toContain(res.requestId);
    // Its own acknowledgement, to the sender.
    expect(t.mailer.sent.length).toBe(acksBefore + 1);
    expect(t.mailer.sent.at(-1)!.text).toContain(res.requestId);
    // The closed request is told of the link and takes no reply event.
    const oldEvents = (await t.store.listEvents(first.requestId)).map((e) => e.type);
    expect(oldEvents).toContain('request.linked');
    expect(oldEvents).not.toContain('email.reply_received');
    expect((await t.store.getRequest(first.requestId))!.status).toBe('closed');
  });

  it('a reply in the thread of an open request that adds a right opens a linked request for the new right only', async () => {
    const t = setup();
    const first = await t.intake.receiveRawEmail(await composeMail(DELETE_MAIL), { source: 'smtp' });
    const ackId = t.mailer.sent[0]!.messageId;
    const res = await t.intake.receiveRawEmail(
      await composeMail({
        from: 'zhangwei@163.com',
        subject: 'Re: 我们已收到您的个人信息权利请求',
        text: '另外请先提供我个人信息的副本。',
        messageId: '<r9@163.com>',
        inReplyTo: `<${ackId}>`,
      }),
      { source: 'smtp' },
    );
    expect(res).toMatchObject({ created: true, linkedTo: first.requestId });
    expect((await t.store.getRequest(res.requestId))!.rights).toEqual(['copy']);
    expect((await t.store.getRequest(first.requestId))!.rights).toEqual(['delete']);
  });

  it('a reply that asks nothing new joins its open request (no new request)', async () => {
    const t = setup();
    const first = await t.intake.receiveRawEmail(await composeMail(DELETE_MAIL), { source: 'smtp' });
    const res = await t.intake.receiveRawEmail(
      await composeMail({ from: 'zhangwei@163.com', subject: `回复：${first.requestId}`, text: '请尽快删除。' }),
      { source: 'smtp' },
    );
    expect(res).toMatchObject({ created: false, attachedTo: first.requestId });
    expect(t.store.requests.size).toBe(1);
  });

  it('an RFC 3464 bounce of our acknowledgement is recorded on the request: no new request, no deadline', async () => {
    const t = setup();
    const first = await t.intake.receiveRawEmail(await composeMail(DELETE_MAIL), { source: 'smtp' });
    const ackId = t.mailer.sent[0]!.messageId;
    const dsn = Buffer.from(
      [
        'From: Mail Delivery System <MAILER-DAEMON@mx.163.com>',
        'To: privacy@lianlianpay.com',
        `Subject: Undelivered Mail Returned to Sender`,
        'Message-ID: <dsn1@mx.163.com>',
        'Auto-Submitted: auto-replied',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
        '',
        '--B',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'This is the mail system. Your message could not be delivered to zhangwei@163.com.',
        '--B',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.163.com',
        '',
        'Final-Recipient: rfc822; zhangwei@163.com',
        'Action: failed',
        'Status: 5.1.1',
        '--B',
        'Content-Type: text/rfc822-headers',
        '',
        `Message-ID: <${ackId}>`,
        `Subject: 您的请求 ${first.requestId} 已受理`,
        '--B--',
        '',
      ].join('\r\n'),
    );
    const res = await t.intake.receiveRawEmail(dsn, { source: 'smtp' });
    expect(res).toMatchObject({ created: false, automated: 'bounce', attachedTo: first.requestId });
    expect(t.store.requests.size).toBe(1);
    expect((await t.store.listEvents(first.requestId)).map((e) => e.type)).toContain('email.bounced');
    expect((await t.store.listIntakeMail('bounce')).items).toEqual([
      expect.objectContaining({ kind: 'bounce', signal: 'rfc3464_dsn', attachedTo: first.requestId }),
    ]);
    // Delivered again: recorded once.
    await t.intake.receiveRawEmail(dsn, { source: 'smtp' });
    expect((await t.store.listEvents(first.requestId)).filter((e) => e.type === 'email.bounced')).toHaveLength(1);
  });

  it.each([
    ['out-of-office (Auto-Submitted)', { 'Auto-Submitted': 'auto-replied' }, 'Out of Office', 'auto_reply'],
    ['auto-reply (X-Autoreply)', { 'X-Autoreply': 'yes' }, '自动回复: 您好', 'auto_reply'],
    ['bulk (Precedence)', { Precedence: 'bulk' }, '会员专享优惠，请删除前确认', 'bulk'],
    ['spam verdict (SES)', { 'X-SES-Spam-Verdict': 'FAIL' }, '请删除我的个人信息', 'spam'],
  ])('%s: recorded without a request, an acknowledgement or a workflow', async (_n, headers, subject, kind) => {
    const t = setup();
    const res = await t.intake.receiveRawEmail(
      await composeMail({ subject, text: '本人张伟，请删除我的所有个人信息。', headers }),
      { source: 'smtp' },
    );
    expect(res).toMatchObject({ requestId: '', created: false, triage: false, automated: kind });
    expect(t.store.requests.size).toBe(0);
    expect(t.mailer.sent).toEqual([]);
    expect(t.started).toEqual([]);
    expect((await t.store.listIntakeMail(kind as 'spam')).items).toHaveLength(1);
  });

  it('a triage request opens a staff task and notifies the officer once; it is never re-driven as a workflow', async () => {
    const clock = manualClock('2026-11-25T02:00:00Z');
    const store = createMemoryStore(() => clock.now());
    const mailer = recordingMailer();
    const intake = createIntakeService({
      store,
      blobs: memoryBlobs(),
      cipher: fakeCipher,
      mailer,
      clock,
      policy,
      calendar,
      startWorkflow: async () => undefined,
      senderAddress: 'privacy@lianlianpay.com',
      officer: { privacyOfficerEmail: 'dpo@lianlianpay.com' },
    });
    const res = await intake.receiveRawEmail(
      await composeMail({ subject: '退款', text: '我的退款一直没到账，请尽快处理！' }),
      { source: 'smtp' },
    );
    expect(res.triage).toBe(true);
    expect(await store.listOpenTasks(res.requestId)).toEqual([
      expect.objectContaining({ kind: 'triage', status: 'open', assignee: 'agent' }),
    ]);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.to).toEqual(['dpo@lianlianpay.com']);
    expect(mailer.sent[0]!.subject).toContain('待人工分拣');
    expect(mailer.sent[0]!.text).not.toContain('退款一直没到账');
    expect(await store.listOpenRequestIds()).not.toContain(res.requestId);
  });
});
