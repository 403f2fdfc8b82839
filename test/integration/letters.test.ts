// Every letter readable by staff, end to end on the real runtime: a caller with no e-mail gets a reply kept
// unmailed with a delivery task; staff read it in GET /api/requests/{id} and record the delivery; an emailed
// request shows its acknowledgement, code letter (code blanked) and reply, addresses masked for an agent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACTIVE, DEMO_FORMER } from '../../infra/local/company/demo-customers.ts';
import { mailOf, statusIs } from './flows.ts';
import { codeIn, type Json, startTestRuntime, type TestRuntime, waitFor } from './harness.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(async () => {
  await t?.close();
});

const view = async (id: string, role: 'agent' | 'admin' = 'agent', reveal = false): Promise<Json> =>
  (await t.api(role, 'GET', `/api/requests/${id}${reveal ? '?reveal=1' : ''}`)).json;

describe('letters', { timeout: 120_000 }, () => {
  it('a hotline caller with no e-mail: the reply is kept for staff, delivered by phone, the task closes', async () => {
    const created = await t.api('agent', 'POST', '/api/requests', {
      channel: 'hotline',
      rights: ['delete'],
      subject: { name: DEMO_FORMER.name, idNumber: DEMO_FORMER.idNumber, bankCardLast4: DEMO_FORMER.bankCardLast4 },
      verifiedAtHotline: { checks: { name: true, idNumber: true, bankCard: true, phone: true } },
    });
    expect(created.status).toBe(201);
    const id = created.json.request.id as string;
    await statusIs(t, id, ['replied', 'closed'], 60_000);
    expect((await t.outbox(id)).filter((m) => m.kind === 'reply')).toEqual([]);
    const body = await waitFor('the kept reply', async () => {
      const v = await view(id);
      return v.letters.some((l: Json) => l.kind === 'reply') ? v : undefined;
    });
    const reply = body.letters.find((l: Json) => l.kind === 'reply');
    expect(reply).toMatchObject({ key: `reply:${id}`, language: 'zh', mailed: false, to: [] });
    expect(reply.subject).toContain(id);
    expect(reply.text).toContain('我们已删除');
    expect(reply.text).not.toContain(DEMO_FORMER.idNumber);
    expect(typeof reply.at).toBe('string');
    expect(body.openTasks).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'delivery' })]));
    // The privacy office was told once, and that notice is a (mailed) letter of the request too.
    const notices = (await t.outbox(id)).filter((m) => m.kind === 'task_notice');
    expect(notices).toHaveLength(1);
    expect(body.letters.find((l: Json) => l.kind === 'task_notice')?.mailed).toBe(true);

    const bad = await t.api('agent', 'POST', `/api/requests/${id}/letters/${encodeURIComponent(reply.key)}/delivered`, {
      method: 'carrier pigeon',
    });
    expect(bad.status).toBe(400);
    const ok = await t.api('agent', 'POST', `/api/requests/${id}/letters/${encodeURIComponent(reply.key)}/delivered`, {
      method: 'phone',
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ recorded: true, delivered: { method: 'phone', by: 'agent' } });
    const again = await t.api(
      'agent',
      'POST',
      `/api/requests/${id}/letters/${encodeURIComponent(reply.key)}/delivered`,
      {
        method: 'post',
      },
    );
    expect(again.json).toMatchObject({ recorded: false, delivered: { method: 'phone' } });
    const after = await view(id);
    expect(after.openTasks.filter((x: Json) => x.kind === 'delivery')).toEqual([]);
    expect(after.letters.find((l: Json) => l.kind === 'reply').delivered).toMatchObject({ method: 'phone' });
    expect(after.timeline.filter((e: Json) => e.type === 'letter_delivered')).toHaveLength(1);
  });

  it('an emailed request: the acknowledgement and the reply kept as mailed; addresses masked unless revealed', async () => {
    await t.mail({
      from: DEMO_ACTIVE.email,
      subject: '查阅个人信息',
      text: `我是${DEMO_ACTIVE.name}，身份证号${DEMO_ACTIVE.idNumber}。请告诉我你们持有我的哪些个人信息。`,
    });
    const ack = await waitFor('the acknowledgement', async () =>
      (await t.outbox()).find((m) => m.kind === 'ack' && m.to.includes(DEMO_ACTIVE.email) && m.requestId),
    );
    const id = ack.requestId as string;
    const codeMail = await mailOf(t, id, 'verification_code');
    const code = codeIn(codeMail);
    expect((await t.api('agent', 'POST', `/api/requests/${id}/verification`, { code })).status).toBe(200);
    await mailOf(t, id, 'reply', 60_000);
    // The outbox has the mail as soon as it is handed over; the letter is recorded as mailed right after.
    const body = await waitFor('the reply recorded as mailed', async () => {
      const v = await view(id);
      return v.letters.some((l: Json) => l.kind === 'reply' && l.mailed) ? v : undefined;
    });
    const kinds = body.letters.map((l: Json) => l.kind);
    expect(kinds).toEqual(expect.arrayContaining(['ack', 'reply']));
    for (const l of body.letters) {
      expect(l.mailed).toBe(true);
      expect(l.text).not.toContain(code);
      for (const to of l.to) expect(to).not.toBe(DEMO_ACTIVE.email);
    }
    const revealed = await view(id, 'admin', true);
    expect(revealed.letters.find((l: Json) => l.kind === 'ack').to).toEqual([DEMO_ACTIVE.email]);
  });
});
