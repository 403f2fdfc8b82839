// End to end on the real runtime, the two ASL paths the other files leave out: the fee branch (a portability
// request repeated beyond the policy's threshold → privacy officer quotes a fee on the cost basis → accepted and
// paid → fulfilled; or the quote lapses → the request is withdrawn, with a letter that says so) and the error path (a step fails for good → RecordFailure: status `failed`, a
// redacted audit event, an open `failure` task, no reply; the next start on the same DATA_DIR re-drives it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as planNotices } from '../../functions/plan-notices/step.ts';
import type { StepDeps } from '../../functions/shared/deps.ts';
import { runStep } from '../../functions/shared/step.ts';
import { DEMO_ACTIVE, DEMO_FORMER } from '../../infra/local/company/demo-customers.ts';
import type { StepLike } from '../../infra/local/engine.ts';
import { type RuntimeHandle, startRuntime } from '../../infra/local/runtime.ts';
import { duplicateKeys, hotlineCall, mailOf, requestOf, statusIs } from './flows.ts';
import { FAST_RETRIES, type Json, startTestRuntime, type TestRuntime, waitFor } from './harness.ts';

/**
 * Fault injection: PlanRecipientNotices fails for deletions with an error no Retry matches, its message quoting a
 * phone number; other requests (the fee path's portability) run the real step.
 */
let faultHits = 0;
const brokenPlan: StepLike<StepDeps> = {
  input: { parse: (payload) => payload },
  async run(payload: { requestId: string }, deps) {
    const request = await deps.store.getRequest(payload.requestId);
    if (!request?.rights.includes('delete')) return runStep(planNotices, payload, deps);
    faultHits++;
    const error = new Error(`partner registry unreachable while planning for ${DEMO_FORMER.phone}`);
    error.name = 'Registry.Unavailable';
    throw error;
  },
};

let t: TestRuntime;
let restarted: RuntimeHandle | undefined;
beforeAll(async () => {
  t = await startTestRuntime({ stepOverrides: { PlanRecipientNotices: brokenPlan } });
});
afterAll(async () => {
  await restarted?.stop();
  await t?.close(); // stops the first runtime (again) and removes the data dir
});

async function portabilityCall(n: number): Promise<string> {
  const res = await t.api(
    'agent',
    'POST',
    '/api/requests',
    hotlineCall(DEMO_ACTIVE, ['portability'], `来电要求将个人信息转移（第${n}次）`),
    { 'idempotency-key': `fee-it-portability-${n}` },
  );
  expect(res.status).toBe(201);
  return res.json.request.id as string;
}

/** States entered by the request's latest execution, in order, once it ended with `status`. */
async function statesEntered(id: string, status: 'succeeded' | 'failed'): Promise<string[]> {
  const record = await t.rt.engine.settled(id);
  expect(record?.status).toBe(status);
  return (record?.events ?? []).filter((e) => e.type === 'StateEntered').map((e) => e.state ?? '');
}

describe('fee path', { timeout: 60_000 }, () => {
  let acceptedId: string;

  it('the third portability request within 12 months goes to review; a fee quote is mailed; accepted → fulfilled', async () => {
    // Two earlier requests of the same right by the same person (threshold 3 in policy/settings.yaml).
    const first = await portabilityCall(1);
    const second = await portabilityCall(2);
    // The package is delivered through an expiring link (its code by SMS): the portability is completed.
    for (const id of [first, second])
      expect((await statusIs(t, id, ['replied', 'closed'], 30_000)).outcome).toBe('completed');

    acceptedId = await portabilityCall(3);
    const review = await statusIs(t, acceptedId, ['under_review'], 30_000);
    expect(review.status).toBe('under_review');
    const detail = (await t.api('privacy_officer', 'GET', `/api/requests/${acceptedId}`)).json;
    expect(detail.openTasks.map((x: Json) => x.kind)).toContain('review');
    const checked = detail.timeline.find((e: Json) => e.type === 'exceptions_checked');
    expect(checked?.data?.reviewReasons).toContain('fee_quote');

    // A fee quote without its amount is refused by the API's schema.
    const noAmount = await t.api('privacy_officer', 'POST', `/api/requests/${acceptedId}/review`, {
      decision: 'fee_quote',
    });
    expect(noAmount.status).toBe(400);
    expect(noAmount.json.error.code).toBeTruthy();

    const decided = await t.api('privacy_officer', 'POST', `/api/requests/${acceptedId}/review`, {
      decision: 'fee_quote',
      fee: { amount: 30, currency: 'CNY' },
    });
    expect(decided.status).toBe(200);

    const quote = await mailOf(t, acceptedId, 'fee_quote', 30_000);
    expect(quote.to).toEqual([DEMO_ACTIVE.email]);
    expect(quote.subject).toContain(acceptedId);
    // The cost basis, the amount in 人民币 below it, how to pay, and a window that ends before the reply deadline.
    expect(quote.text).toContain('· 导出数据的整理与核对：1小时 × 人民币60元 = 人民币60元');
    expect(quote.text).toContain('费用：人民币30元（低于上述成本合计人民币70元）');
    expect(quote.text).toContain(`付款时请提供请求编号 ${acceptedId}`);
    expect(quote.text).toContain('第3次');
    expect(quote.text).toContain('《网络数据安全管理条例》第二十五条第二款');
    const due = (await requestOf(t, acceptedId)).deadline.deadline as string;
    const acceptBy = (await t.api('admin', 'GET', `/api/requests/${acceptedId}`)).json.openTasks.find(
      (x: Json) => x.kind === 'fee_acceptance',
    ).context.acceptBy as string;
    expect(acceptBy < due).toBe(true);
    const [y, m, d] = acceptBy.split('-').map(Number);
    expect(quote.text).toContain(`如您同意支付，请于${y}年${m}月${d}日前回复`);
    expect(quote.text).not.toContain(DEMO_ACTIVE.idNumber);
    expect((await statusIs(t, acceptedId, ['awaiting_fee'])).status).toBe('awaiting_fee');
    // Nothing exported while the quote is open.
    expect((await t.outbox(acceptedId)).filter((m) => m.kind === 'reply')).toEqual([]);

    const accepted = await t.api('agent', 'POST', `/api/requests/${acceptedId}/fee-acceptance`, {
      accepted: true,
      paymentReference: 'HL-20261130-0001',
    });
    expect(accepted.status).toBe(200);
    const again = await t.api('agent', 'POST', `/api/requests/${acceptedId}/fee-acceptance`, { accepted: true });
    expect(again.status).toBe(409);

    const reply = await mailOf(t, acceptedId, 'reply', 30_000);
    expect((await statusIs(t, acceptedId, ['replied', 'closed'])).outcome).toBe('completed');
    expect(reply.text).toContain(acceptedId);
    expect(reply.text).toContain('您可转移的个人信息副本（机器可读格式）已准备好');
    const timeline = (await t.api('admin', 'GET', `/api/requests/${acceptedId}`)).json.timeline as Json[];
    const types = timeline.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['review_decided', 'fee_quoted', 'fee_accepted', 'right_fulfilled']));
    expect(JSON.stringify(timeline)).not.toContain(DEMO_ACTIVE.phone);

    const path = await statesEntered(acceptedId, 'succeeded');
    const order = [
      'CheckExceptions',
      'AwaitPrivacyOfficerReview',
      'ReviewDecision?',
      'AwaitFeeAcceptance',
      'FeeAccepted?',
      'FulfilRights',
      'SendReply',
      'RecordOutcome',
    ];
    expect(path.filter((s) => order.includes(s))).toEqual(order);
    expect(path.at(-1)).toBe('Done');
    const mails = await t.outbox(acceptedId);
    expect(duplicateKeys(mails)).toEqual([]);
    expect(mails.filter((m) => m.kind === 'fee_quote')).toHaveLength(1);
    expect(mails.filter((m) => m.kind === 'reply')).toHaveLength(1);
  });

  it('a quote nobody accepts lapses when its window passes: withdrawn, with a letter that says so, nothing fulfilled', async () => {
    const id = await portabilityCall(4);
    await statusIs(t, id, ['under_review'], 30_000);
    const decided = await t.api('privacy_officer', 'POST', `/api/requests/${id}/review`, {
      decision: 'fee_quote',
      fee: { amount: 45, currency: 'CNY' },
    });
    expect(decided.status).toBe(200);
    const quote = await mailOf(t, id, 'fee_quote', 30_000);
    expect(quote.text).toContain('费用：人民币45元');
    expect(quote.text).toContain('第4次');
    await statusIs(t, id, ['awaiting_fee']);
    const task = (await t.api('admin', 'GET', `/api/requests/${id}`)).json.openTasks.find(
      (x: Json) => x.kind === 'fee_acceptance',
    );
    expect(task.context.acceptBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(task.dueAt > t.clock.now().toISOString()).toBe(true);

    t.clock.set(new Date(new Date(task.dueAt).getTime() + 60_000)); // a minute past the acceptance window
    await t.rt.timers.tick();
    const reply = await mailOf(t, id, 'reply', 30_000);
    const request = await statusIs(t, id, ['withdrawn'], 30_000);
    expect(request.outcome).toBe('fee_declined');
    expect(reply.subject).toContain('您的请求已按撤回处理');
    expect(reply.text).toContain('按照费用说明，视为您撤回了本次请求');
    expect(reply.text).toContain('这并非拒绝您行使权利');
    expect(reply.text).not.toMatch(/人民法院|无法予以办理|lawsuit/);

    const path = await statesEntered(id, 'succeeded');
    expect(path).toContain('AwaitFeeAcceptance');
    expect(path).toContain('FeeAccepted?');
    expect(path).not.toContain('FulfilRights');
    expect(path.slice(-3)).toEqual(['RecordOutcome', 'AcknowledgementsPending?', 'Done']);
    const mails = await t.outbox(id);
    expect(duplicateKeys(mails)).toEqual([]);
    // To the person: the quote and the reply only (staff escalations may go to the privacy officer meanwhile).
    const toPerson = mails.filter((m) => m.to.includes(DEMO_ACTIVE.email));
    expect(toPerson.map((m) => m.kind).sort()).toEqual(['fee_quote', 'reply']);
    // The quote's lapse is no acceptance: the accepted request above is untouched.
    expect((await requestOf(t, acceptedId)).outcome).toBe('completed');
  });
});

describe('error path', { timeout: 60_000 }, () => {
  it('a step that fails for good is recorded (no reply, an admin task); the next start re-drives it to the end', async () => {
    const res = await t.api(
      'agent',
      'POST',
      '/api/requests',
      hotlineCall(DEMO_FORMER, ['delete'], '来电申请删除个人信息'),
      { 'idempotency-key': 'fail-it-delete-1' },
    );
    expect(res.status).toBe(201);
    const id = res.json.request.id as string;

    const failed = await statusIs(t, id, ['failed'], 30_000);
    expect(failed.status).toBe('failed');
    expect(faultHits).toBe(1); // not a retried error
    const path = await statesEntered(id, 'failed');
    expect(path).toContain('FulfilRights');
    expect(path.slice(-3)).toEqual(['PlanRecipientNotices', 'RecordFailure', 'Failed']);
    expect(path).not.toContain('SendReply');

    const detail = (await t.api('admin', 'GET', `/api/requests/${id}`)).json;
    const task = detail.openTasks.find((x: Json) => x.kind === 'failure');
    expect(task).toMatchObject({ kind: 'failure', status: 'open', assignee: 'admin' });
    expect(task.context.error).toBe('Registry.Unavailable');
    expect(task.taskToken).toBeUndefined();
    const event = detail.timeline.find((e: Json) => e.type === 'step_failed');
    expect(event?.data?.error).toBe('Registry.Unavailable');
    expect(event?.data?.cause).toContain('partner registry unreachable');
    expect(JSON.stringify(detail)).not.toContain(DEMO_FORMER.phone);
    expect(JSON.stringify(detail.timeline)).not.toContain(DEMO_FORMER.name);
    const before = await t.outbox(id);
    expect(before.filter((m) => m.kind === 'reply' || m.kind === 'partner_notice')).toEqual([]);
    const erasedBefore = detail.timeline.filter((e: Json) => e.type === 'right_fulfilled');
    expect(erasedBefore).toHaveLength(1);

    // The fault is fixed (a start without it) on the same data: the failed request is re-driven from the top.
    await t.rt.stop();
    restarted = await startRuntime({
      dataDir: t.dataDir,
      port: 0,
      smtpPort: 0,
      clock: t.clock,
      timerIntervalMs: 250,
      retryIntervalOverrides: FAST_RETRIES,
      sampleCustomers: 8,
      log: (line) => {
        if (process.env['RF_IT_VERBOSE']) console.error(line);
      },
    });
    expect(restarted.redriven).toContain(id);
    const rt = restarted;
    const get = async (path: string) => {
      const r = await fetch(`${rt.urls.http}${path}`, {
        headers: { authorization: `Bearer ${rt.credentials.admin.token}` },
      });
      return (await r.json()) as Json;
    };
    const reply = await waitFor(
      'the reply after the re-drive',
      async () => (await rt.outbox.listOutbox({ requestId: id })).find((m) => m.kind === 'reply'),
      30_000,
    );
    expect(reply.to).toEqual([DEMO_FORMER.email]);
    const done = await waitFor('the request to be replied', async () => {
      const d = await get(`/api/requests/${id}`);
      return ['replied', 'closed'].includes(d.request.status) ? d : undefined;
    });
    expect(done.request.outcome).toBe('completed');
    // The re-drive took over the failure: no admin task left open for it.
    expect(done.openTasks.filter((x: Json) => x.kind === 'failure')).toEqual([]);
    const types = done.timeline.map((e: Json) => e.type);
    expect(types.indexOf('failure_redriven')).toBeGreaterThan(types.indexOf('step_failed'));
    // Fulfilment was recorded before the failure and is not done again.
    expect(done.timeline.filter((e: Json) => e.type === 'right_fulfilled')).toHaveLength(1);
    const mails = await rt.outbox.listOutbox({ requestId: id });
    expect(duplicateKeys(mails)).toEqual([]);
    expect(mails.filter((m) => m.kind === 'reply')).toHaveLength(1);
    expect(mails.filter((m) => m.kind === 'partner_notice').length).toBeGreaterThan(0);
    // The re-drive went on past the failed step and now waits for the recipients' acknowledgements.
    expect(types.filter((x: string) => x === 'notices_planned')).toHaveLength(1);
    expect(done.openTasks.map((x: Json) => x.kind)).toContain('acknowledgements');
    expect(rt.engine.isRunning(id)).toBe(true);
  });
});
