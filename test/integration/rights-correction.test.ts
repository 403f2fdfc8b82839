// correct (PIPL art. 46) on the real runtime, as the demo customer 李演示 (C900001) asks by mail: the request stays
// open (no reply) until staff settle it; applied through the sample company's connector, her record really changes
// (the new phone finds her, the old one no longer does); the entrusted processor — the only partner that received
// contact data — gets one correction notice; the reply names the field, never the value. A second ask, to change her
// name without proof, is answered with the reasons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACTIVE } from '../../infra/local/company/demo-customers.ts';
import { type Json, startTestRuntime, type TestRuntime, waitFor } from './harness.ts';
import { askAndVerify, chinese, replyOf } from './rights-flows.ts';

let t: TestRuntime;
/** The request as staff see it: request, timeline, open tasks. */
const detail = async (id: string): Promise<Json> => (await t.api('admin', 'GET', `/api/requests/${id}`)).json;
const kindsOf = (d: Json): string[] => (d.openTasks ?? []).map((x: { kind: string }) => x.kind);
beforeAll(async () => {
  t = await startTestRuntime({ start: new Date('2026-11-30T02:00:00Z') });
});
afterAll(async () => {
  await t?.close();
});

const a = DEMO_ACTIVE;
const NEW_PHONE = '13900000071';

describe('a correction through the real runtime', { timeout: 240_000 }, () => {
  it('waits for staff, applies the new phone in the company systems, tells the entrusted processor, then replies', async () => {
    const id = await askAndVerify(t, a, '更正个人信息', `我的手机号码已更换，请将手机号改为${NEW_PHONE}。`);
    // The correction is open and the reply waits for it.
    const open = await waitFor('the correction task', async () => {
      const d = await detail(id);
      return kindsOf(d).includes('correction') && kindsOf(d).includes('follow_ups') ? d : undefined;
    });
    expect(open.request.status).toBe('fulfilling');
    const task = open.openTasks.find((x: { kind: string }) => x.kind === 'correction');
    expect(task.context).toEqual({ proposedFields: ['phone'], categories: ['contact'] });
    expect((await t.outbox(id)).some((m) => m.kind === 'reply')).toBe(false);
    const company = t.rt.system.deps.company;
    expect(await company.findCustomer({ phone: NEW_PHONE })).toBeUndefined();

    const settled = await t.api('agent', 'POST', `/api/requests/${id}/corrections`, { apply: 'proposal' });
    expect(settled.status).toBe(200);
    expect(settled.json).toMatchObject({
      recorded: true,
      outcome: 'applied',
      categories: ['contact'],
      fields: [{ field: 'phone', category: 'contact', status: 'applied' }],
      inReply: true,
    });

    const { reply, request } = await replyOf(t, id);
    expect(request.outcome).toBe('completed');
    // The company's data really changed: the new number finds her, the old one no longer does.
    expect(await company.findCustomer({ phone: NEW_PHONE })).toEqual({ customerId: a.customerId });
    expect(await company.findCustomer({ phone: a.phone })).toBeUndefined();
    expect((await company.export(a.customerId)).contact?.[0]).toMatchObject({ phone: NEW_PHONE });

    const zh = chinese(reply.text);
    expect(zh).toContain('我们已核实并在业务系统中更正了您的手机号码');
    expect(zh).toContain('我们已将更正通知连连（杭州）信息技术有限公司');
    expect(zh).not.toContain('另行');
    expect(zh).not.toContain('提起诉讼');
    expect(reply.text).not.toContain(NEW_PHONE);

    // One correction notice, to the only partner that received contact data; no deletion wording.
    const notices = (await t.outbox(id)).filter((m) => m.kind === 'partner_notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toContain('个人信息更正通知');
    expect(notices[0]!.text).toContain('连连（杭州）信息技术有限公司');
    expect(notices[0]!.text).toContain('· 联系方式');
    expect(notices[0]!.text).not.toContain('现通知贵方删除');
    expect(notices[0]!.text).not.toContain(NEW_PHONE);
    const events = (await detail(id)).timeline.map((e: { type: string }) => e.type);
    expect(events).toContain('correction_applied');
    expect(events.filter((e: string) => e === 'recipient_notified')).toHaveLength(1);
  });

  it('a name change without proof: not made, the letter gives the reason', async () => {
    const id = await askAndVerify(t, { ...a, phone: NEW_PHONE }, '更正姓名', '我的姓名改为李新名。');
    await waitFor(
      'the wait for the correction',
      async () => kindsOf(await detail(id)).includes('follow_ups') || undefined,
    );
    const settled = await t.api('agent', 'POST', `/api/requests/${id}/corrections`, {
      refuse: 'unproven',
      note: '未提供户籍变更证明',
    });
    expect(settled.json).toMatchObject({ outcome: 'refused', inReply: true });
    const { reply, request } = await replyOf(t, id);
    expect(request.outcome).toBe('refused');
    const zh = chinese(reply.text);
    expect(zh).toContain('我们须先核实再更正');
    expect(zh).toContain('人民法院');
    expect((await t.rt.system.deps.company.export(a.customerId)).identity?.[0]).toMatchObject({ name: a.name });
    expect((await t.outbox(id)).filter((m) => m.kind === 'partner_notice')).toHaveLength(0);
  });
});
