// The deadline promise as people and the privacy officer read it (issue 9 item 10; legal review L1–L3, newcomer
// review D27, D28): the clock runs from when the mail arrived; the acknowledgement says a missing schedule is not
// loaded and names the year; escalations and task notices call the 15 working days the policy's promise; an overdue
// escalation on the weekend after the deadline does not say "overdue by 0 working days"; a request being answered
// right now gets no "deadline near"; a loaded schedule that makes a deadline earlier than promised is flagged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarFor, chineseDaysSchedules } from '../../../domain/calendar/files.ts';
import { computeDeadline, WorkingCalendar } from '../../../domain/calendar/index.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { createIntakeService } from '../../../functions/intake/service.ts';
import { handleS3Event } from '../../../functions/mail-intake/handler.ts';
import { composeTaskNotice } from '../../../functions/shared/mail/task-notice.ts';
import { recomputeRequestDeadline } from '../../../functions/sweep/recompute.ts';
import { runSweep } from '../../../functions/sweep/sweep.ts';
import { createMemoryStore } from '../../support/memory-store.ts';
import { composeMail } from '../intake/compose.ts';
import { fakeCipher, manualClock, memoryBlobs, recordingMailer } from '../intake/fakes.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

const MAIL = {
  from: '"张伟" <zhangwei@163.com>',
  subject: '申请删除个人信息',
  text: '本人张伟，手机13800138000，请删除我的所有个人信息。',
  messageId: '<late-night@163.com>',
};

function intakeAt(now: string) {
  const clock = manualClock(now);
  const store = createMemoryStore(() => clock.now());
  const mailer = recordingMailer();
  const intake = createIntakeService({
    store,
    blobs: memoryBlobs(),
    cipher: fakeCipher,
    mailer,
    clock,
    policy: loadPolicy(),
    calendar: calendarFor(),
    senderAddress: 'privacy@lianlianpay.com',
    startWorkflow: async () => {},
  });
  return { store, mailer, intake };
}

describe('the clock runs from when the mail arrived (L3)', () => {
  it('SES: a mail stored at 23:59 Friday in Shanghai, processed after midnight, was received on Friday', async () => {
    const t = intakeAt('2026-11-27T16:30:00Z'); // Sat 00:30 in Shanghai: intake runs late (a retry, a queue)
    const raw = await composeMail(MAIL);
    const event = {
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          eventTime: '2026-11-27T15:59:00.000Z', // Fri 23:59 in Shanghai, when SES stored it
          s3: { bucket: { name: 'raw-mail' }, object: { key: 'inbound/late-night', size: raw.length } },
        },
      ],
    };
    const [res] = await handleS3Event(event, { intake: t.intake, fetch: async () => raw });
    const r = await t.store.getRequest(res!.requestId);
    expect(r?.receivedAt).toBe('2026-11-27T15:59:00.000Z');
    expect(r?.deadline.receivedOn).toBe('2026-11-27');
    expect(r?.deadline.deadline).toBe(computeDeadline({ receivedAt: '2026-11-27' }, calendarFor()).deadline);
    expect(t.mailer.sent[0]?.text).toContain('我们已于2026年11月27日收到您的个人信息权利请求');
  });

  it('SMTP and the like: the time handed in; never one in the future (a skewed clock)', async () => {
    const t = intakeAt('2026-11-27T16:30:00Z');
    const a = await t.intake.receiveRawEmail(await composeMail(MAIL), {
      source: 'smtp',
      receivedAt: new Date('2026-11-27T15:58:00Z'),
    });
    expect((await t.store.getRequest(a.requestId))?.deadline.receivedOn).toBe('2026-11-27');
    const b = await t.intake.receiveRawEmail(await composeMail({ ...MAIL, messageId: '<skewed@163.com>' }), {
      source: 'smtp',
      receivedAt: new Date('2026-11-29T00:00:00Z'),
    });
    expect((await t.store.getRequest(b.requestId))?.receivedAt).toBe('2026-11-27T16:30:00.000Z');
  });
});

describe('the acknowledgement of a provisional deadline (L1, L2)', () => {
  it('names the year whose schedule is not loaded and the policy that makes the promise', async () => {
    const t = intakeAt('2026-12-18T02:00:00Z'); // 15 working days reach into 2027, not loaded here
    await t.intake.receiveRawEmail(await composeMail(MAIL), { source: 'smtp' });
    const ack = t.mailer.sent.find((m) => m.kind === 'ack')!;
    expect(ack.text).toContain('2027年的节假日安排（国务院办公厅通知）尚未载入我们的系统');
    expect(ack.text).toContain('实际截止日期只会与之相同或更晚');
    expect(ack.text).toContain('我们都会在隐私政策承诺的十五个工作日内答复您');
    expect(ack.text).not.toMatch(/尚未公布|法律规定计算/);
  });
});

describe('task notices (L1)', () => {
  it('call the 15 working days the policy’s promise', () => {
    const { text } = composeTaskNotice({
      kind: 'review',
      request: {
        id: 'RF-20261201-7K3QZ8',
        status: 'under_review',
        deadline: computeDeadline({ receivedAt: '2026-12-01' }, calendarFor()),
      },
      reasons: ['fee_quote'],
    });
    expect(text).not.toMatch(/法律不允许|cannot be paused/);
    expect(text).toContain('十五个工作日的答复期限是我们在隐私政策中向用户作出的承诺');
    expect(text).toContain('our privacy policy promises (§3(4), §4(4), §8(2))');
  });
});

describe('the sweep', () => {
  let db: Db;
  beforeAll(async () => {
    db = await startDb();
  });
  afterAll(async () => {
    await db?.stop();
  });

  it('D27: the Saturday after a Friday deadline the overdue mail says one day, not "0 working days"', async () => {
    const h = await harness(db);
    // Received Fri 2026-11-27: deadline Fri 2026-12-18; the sweep runs on Sat 12-19.
    const deadline = computeDeadline({ receivedAt: '2026-11-27' }, h.deps.calendar);
    expect(deadline.deadline).toBe('2026-12-18');
    const r = await h.create({ status: 'under_review', receivedAt: '2026-11-27T02:00:00.000Z', deadline });
    h.clock.t = new Date('2026-12-19T02:00:00Z');
    await runSweep(h.deps);
    // The sweep's digest (one mail per run, M6) carries the request's line in the escalation letter's words.
    const withRequest = () => h.mailer.byKind('escalation_digest').filter((m) => m.text.includes(r.id));
    const mail = withRequest()[0];
    expect(mail?.subject).toContain('已超过答复期限');
    expect(mail?.text).not.toContain('超期0个工作日');
    expect(mail?.text).toContain(`${r.id}  答复期限（2026年12月18日）已过1天（其间没有工作日）`);
    expect(mail?.text).not.toContain('法律不允许');
    h.clock.t = new Date('2026-12-22T02:00:00Z'); // Tue: two working days past
    await runSweep(h.deps);
    expect(withRequest()).toHaveLength(1); // once only
  });

  it('D28: no "deadline near" for a request whose reply is going out; a stuck one is escalated', async () => {
    const h = await harness(db);
    const deadline = computeDeadline({ receivedAt: '2026-11-25' }, h.deps.calendar);
    const replying = await h.create({ status: 'replying', deadline });
    const working = await h.create({ status: 'fulfilling', deadline });
    h.clock.t = new Date('2026-12-10T02:00:00Z'); // working day 11: past the first threshold (10)
    const stamp = (id: string, at: string) =>
      h.store.getRequest(id).then((r) => h.store.updateRequest(id, r!.version, { updatedAt: at }));
    await stamp(replying.id, '2026-12-10T01:59:00.000Z'); // moved to replying a minute ago
    await runSweep(h.deps);
    const near = (id: string) =>
      h.mailer.byKind('escalation_digest').filter((m) => m.text.includes(`${id}  距答复期限`));
    expect(near(working.id)).toHaveLength(1);
    expect(near(replying.id)).toEqual([]);
    // Still `replying` two hours later: SendReply is stuck, the officer must hear of it.
    h.clock.t = new Date('2026-12-10T04:00:00Z');
    await runSweep(h.deps);
    expect(near(replying.id)).toHaveLength(1);
  });

  it('a loaded notice that makes a provisional deadline earlier than promised is flagged', async () => {
    const h = await harness(db);
    const provisionalCal = new WorkingCalendar(chineseDaysSchedules());
    const received = '2026-12-18T02:00:00.000Z';
    const promised = computeDeadline({ receivedAt: received }, provisionalCal);
    expect(promised.provisional).toBe(true);
    const r = await h.create({ receivedAt: received, deadline: promised });
    // Outside the rule space: both weekends around 元旦 worked (a 个别特殊情形 of art. 7).
    const special = new WorkingCalendar([
      ...chineseDaysSchedules(),
      {
        year: 2027,
        source: 'test: a notice outside the rule space',
        holidays: ['2027-01-01'],
        workdays: ['2026-12-26', '2026-12-27', '2027-01-02', '2027-01-03'],
      },
    ]);
    const { request, changed } = await recomputeRequestDeadline(h.deps, r, special);
    expect(changed).toBe(true);
    expect(request.deadline.deadline < promised.deadline).toBe(true);
    expect(h.metrics).toContain('ProvisionalDeadlineEarlier');
    const event = (await h.store.listEvents(r.id)).find((e) => e.type === 'deadline.recomputed');
    expect(event?.data).toMatchObject({ from: promised.deadline, to: request.deadline.deadline, earlier: true });
    expect(h.logger.lines.join('\n')).toContain('earlier than promised');
  });
});
