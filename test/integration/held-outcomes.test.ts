// Issue 8's "held" outcomes through the real runtime (SMTP in, the ASL, DynamoDB Local, the sample company, the
// outbox), for the two demo customers a hold protects: 孙留置 (DEMO_HELD, an open AML investigation: a legal hold on
// everything) and 王样例 (DEMO_DISPUTE, an open dispute: its evidence is held, and it blocks ending an agreement,
// policy §4(5)). For each deletion, quick-pay cancellation and account closure, the company's records afterwards are
// exactly what the letter says: what it calls deleted is gone, what it calls kept is still there storage-only with
// the hold's end (a legal hold and a dispute have none: the re-check is scheduled instead), what the service needs is
// untouched, and each partner it counts got one notice saying the same. The privacy officer lets every request
// proceed (neutral words): the holds must win on their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhDate } from '../../domain/calendar/letter-dates.ts';
import { shanghaiDate } from '../../domain/identity/shanghai-date.ts';
import { loadPolicy } from '../../domain/policy/load.ts';
import { DATA_CATEGORIES, type DataCategory } from '../../domain/request/model.ts';
import { addCalendarDays } from '../../domain/rules/dates.ts';
import { OPEN_ENDED } from '../../functions/shared/erasure.ts';
import type { OutboxMessage } from '../../infra/local/adapters/outbox-mailer.ts';
import { DEMO_DISPUTE, DEMO_HELD, type DemoCustomer } from '../../infra/local/company/demo-customers.ts';
import { duplicateKeys, statusIs } from './flows.ts';
import { type Json, startTestRuntime, type TestRuntime } from './harness.ts';
import { askAndVerify, chinese, replyOf } from './rights-flows.ts';

let t: TestRuntime;
const START = new Date('2026-11-30T02:00:00Z');
beforeAll(async () => {
  t = await startTestRuntime({ start: START });
});
afterAll(async () => {
  await t?.close();
});

const policy = loadPolicy();
const label = (c: DataCategory) => policy.categories[c].zh;
/** A hold without an end date is looked at again this many days on (retention.yaml). */
const recheckDay = () => addCalendarDays(shanghaiDate(t.clock.now()), policy.retention.recheckOpenHoldsDays);

const LEGAL_HOLD_LINE = '依照法律、行政法规规定须继续保存。';
const DISPUTE_LINE = '该信息与尚未解决的争议相关，在争议解决前作为处理依据保存（隐私政策第四条第（五）项）。';
const TIP_OFF = /反洗钱|洗钱|调查|刑事|侦查|可疑|冻结|有权机关|money.?laundering|investigat|suspicious/i;

type Records = Partial<Record<DataCategory, Record<string, unknown>[]>>;
const company = () => t.rt.system.deps.company;
const recordsOf = async (c: DemoCustomer) => (await company().export(c.customerId)) as Records;
/** The records as the business sees them: without the storage-only mark. */
const unmarked = (rs: Record<string, unknown>[] | undefined) => (rs ?? []).map(({ heldUntil: _h, ...r }) => r);
const categoriesHeld = (rs: Records) => DATA_CATEGORIES.filter((c) => (rs[c]?.length ?? 0) > 0);

async function timelineOf(id: string): Promise<{ type: string; data?: Record<string, Json> }[]> {
  return (await t.api('admin', 'GET', `/api/requests/${id}`)).json.timeline;
}

/** The officer, who is shown why (inside), lets the request proceed with no words of her own. */
async function officerProceeds(id: string, reason: string): Promise<void> {
  await statusIs(t, id, ['under_review'], 90_000);
  const detail = (await t.api('privacy_officer', 'GET', `/api/requests/${id}`)).json;
  expect(JSON.stringify(detail.openTasks)).toContain(reason);
  const res = await t.api('privacy_officer', 'POST', `/api/requests/${id}/review`, { decision: 'proceed' });
  expect(res.status).toBe(200);
}

/** The letter's list of what is kept: category label → the words after it. */
function keptList(zh: string): Map<string, string> {
  const lines = zh.split('\n');
  const start = lines.findIndex((l) => /(暂不能删除|本次未能删除)：$/.test(l));
  const out = new Map<string, string>();
  if (start < 0) return out;
  for (const l of lines.slice(start + 1)) {
    if (!l.startsWith('· ')) break;
    const [name, ...rest] = l.slice(2).split('：');
    out.set(name!, rest.join('：'));
  }
  return out;
}

/** The letter's list of what was deleted or anonymised (labels). */
function erasedList(zh: string): string[] {
  const lines = zh.split('\n');
  const start = lines.indexOf('我们已删除或匿名化处理以下个人信息：');
  if (start < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (!l.startsWith('· ')) break;
    out.push(l.slice(2));
  }
  return out;
}

/** Partners told, from the record of each notice sent: id → what it was told. */
async function noticesOf(id: string): Promise<Map<string, Record<string, Json>>> {
  const told = new Map<string, Record<string, Json>>();
  for (const e of await timelineOf(id))
    if (e.type === 'recipient_notified') {
      const partner = String(e.data?.['partnerId']);
      expect(told.has(partner), `${partner} told twice`).toBe(false);
      told.set(partner, e.data ?? {});
    }
  return told;
}

async function partnerMails(id: string): Promise<OutboxMessage[]> {
  const mails = await t.outbox(id);
  expect(duplicateKeys(mails)).toEqual([]);
  return mails.filter((m) => m.kind === 'partner_notice');
}

/** Every mail and SMS the person received about the request, checked for a hint of the investigation. */
async function expectNoHint(id: string): Promise<void> {
  const toPerson = (await t.outbox(id)).filter((m) => !/^(task_|partner_|officer|escalation|digest)/.test(m.kind));
  expect(toPerson.map((m) => m.kind)).toEqual(expect.arrayContaining(['ack', 'verification_code', 'reply']));
  for (const m of toPerson) {
    const text = `${m.subject}\n${m.text}`;
    const hit = TIP_OFF.exec(text);
    expect(hit ? text.slice(Math.max(0, hit.index - 80), hit.index + 40) : null, m.kind).toBeNull();
  }
}

async function scheduled(id: string): Promise<{ day: string; categories: DataCategory[] }[]> {
  const e = (await timelineOf(id)).find((x) => x.type === 'deletions_scheduled');
  return (e?.data?.['dates'] as { day: string; categories: DataCategory[] }[] | undefined) ?? [];
}

describe('an open AML investigation holds everything: quick-pay cancellation, deletion, account closure', {
  timeout: 300_000,
}, () => {
  const h = DEMO_HELD;
  const others: DataCategory[] = ['identity', 'contact', 'device', 'marketing'];

  it('quick-pay cancellation: the agreement ends; the card and its payments are kept with no date; bank, network and processor told once', async () => {
    const before = await recordsOf(h);
    const [binding] = await company().quickPayBindings(h.customerId);
    expect(binding).toMatchObject({ cardLast4: h.bankCardLast4, status: 'active' });

    const id = await askAndVerify(t, h, '注销快捷支付', `请注销我尾号${h.bankCardLast4}的银行卡开通的快捷支付。`);
    await officerProceeds(id, 'aml_investigation_open');
    const { reply, request } = await replyOf(t, id);
    expect(request.rights).toEqual(['cancel_quickpay']);
    expect(request.outcome).toBe('partially_completed');
    const zh = chinese(reply.text);

    // The agreement ended, on the day the letter gives.
    const after = await company().quickPayBindings(h.customerId);
    expect(after).toEqual([expect.objectContaining({ bindingId: binding!.bindingId, status: 'cancelled' })]);
    const endedOn = zhDate(shanghaiDate(new Date(after[0]!.endedAt!)));
    expect(zh).toContain(`我们已注销您尾号${h.bankCardLast4}的银行卡（中国银行）`);
    expect(zh).toContain(`该快捷支付协议已于${endedOn}解除`);
    expect(zh).toContain('请您同时向中国银行申请注销该卡的快捷支付');

    // Kept: the card and the payments made with it, storage only, no end date (a legal hold's end is not told).
    expect(keptList(zh)).toEqual(
      new Map([
        [label('bank_cards'), LEGAL_HOLD_LINE],
        [label('transactions'), LEGAL_HOLD_LINE],
      ]),
    );
    expect(zh).not.toContain('我们已删除或匿名化处理');
    const records = await recordsOf(h);
    for (const c of ['bank_cards', 'transactions'] as const) {
      // The same records (the binding's own record now says it ended), each marked storage-only with no end.
      const ending = (r: Record<string, unknown>) =>
        r['recordType'] === 'QP' ? { ...r, status: 'cancelled', endedAt: after[0]!.endedAt } : r;
      expect(unmarked(records[c]), c).toEqual(unmarked(before[c]).map(ending));
      expect(
        records[c]?.map((r) => r['heldUntil']),
        c,
      ).toEqual(before[c]?.map(() => OPEN_ENDED));
    }
    // Everything else is as it was: a quick-pay cancellation is not a deletion.
    for (const c of others) expect(records[c], c).toEqual(before[c]);

    // Told: the issuing bank and the network that carried its payments (end the agreement), the processor acting
    // for us (storage only) — once each, as the letter counts them.
    const told = await noticesOf(id);
    expect([...told.keys()].sort()).toEqual(['issuing_bank:BOC', 'lianlian_hangzhou', 'unionpay']);
    expect(told.get('issuing_bank:BOC')).toMatchObject({ cancellations: 1, restricted: [], categories: [] });
    expect(told.get('unionpay')).toMatchObject({ cancellations: 1, restricted: [], categories: [] });
    expect(told.get('lianlian_hangzhou')).toMatchObject({
      cancellations: 0,
      restricted: ['bank_cards', 'transactions'],
      categories: [],
    });
    const mails = await partnerMails(id);
    expect(mails.map((m) => m.subject.split('】')[0]).sort()).toEqual([
      '【个人信息限制处理通知',
      '【快捷支付注销通知',
      '【快捷支付注销通知',
    ]);
    expect(zh).toMatch(
      new RegExp(`我们已通知(中国银行、中国银联股份有限公司|中国银联股份有限公司、中国银行)解除尾号${h.bankCardLast4}`),
    );
    expect(zh).toContain('我们已将本次处理通知从我们处获得您个人信息的3家机构');
    expect(await scheduled(id)).toEqual([{ day: recheckDay(), categories: ['bank_cards', 'transactions'] }]);
    await expectNoHint(id);
  });

  it('deletion: held — nothing erased; the consent-based data kept storage-only with no date, the rest kept for the service', async () => {
    const before = await recordsOf(h);
    const id = await askAndVerify(t, h, '申请删除个人信息', '请删除我在贵公司的全部个人信息。');
    await officerProceeds(id, 'aml_investigation_open');
    const { reply, request } = await replyOf(t, id);
    expect(request.outcome).toBe('held');
    const zh = chinese(reply.text);
    expect(reply.subject).toContain('关于您的个人信息删除请求的答复');

    // Marketing data rests on consent (the only category with a ground while the service runs): the hold keeps
    // it, "as the law requires", no date. What the service needs stays in use, and the letter says so.
    expect(keptList(zh)).toEqual(new Map([[label('marketing'), LEGAL_HOLD_LINE]]));
    expect(zh).not.toMatch(/保存至\d{4}年/);
    expect(erasedList(zh)).toEqual([]);
    const forService = ['identity', 'contact', 'bank_cards', 'transactions', 'device'] as const;
    expect(zh).toContain(
      `您的连连支付服务仍在继续。为继续向您提供服务，以下信息在服务期间继续保存和使用，本次未予删除：${forService.map(label).join('、')}。`,
    );
    // Held is not a success: the person may go to court (PIPL art. 50).
    expect(zh).toContain('您可以依法向人民法院提起诉讼');

    // The company: not one record gone or changed; the marketing record is now storage-only with no end, the rest
    // exactly as before (the card and its payments stay marked from the cancellation).
    const records = await recordsOf(h);
    expect(before.marketing?.length).toBeGreaterThan(0);
    expect(unmarked(records.marketing)).toEqual(unmarked(before.marketing));
    for (const r of records.marketing ?? []) expect(r['heldUntil']).toBe(OPEN_ENDED);
    for (const c of forService) expect(records[c], c).toEqual(before[c]);
    expect(await company().findCustomer({ idNumber: h.idNumber })).toEqual({ customerId: h.customerId });

    // Only the processor acting for us hears of it (storage only); nobody is asked to delete anything.
    const told = await noticesOf(id);
    expect([...told.keys()]).toEqual(['lianlian_hangzhou']);
    expect(told.get('lianlian_hangzhou')).toMatchObject({
      restricted: ['marketing'],
      categories: [],
      cancellations: 0,
    });
    const mails = await partnerMails(id);
    expect(mails.map((m) => m.subject.split('】')[0])).toEqual(['【个人信息限制处理通知']);
    expect(mails[0]!.text).toContain(label('marketing'));
    expect(mails[0]!.text).not.toContain('现通知贵方删除');
    expect(zh).toContain('连连（杭州）信息技术有限公司已被要求对暂不能删除的信息同样仅作存储');
    expect(zh).toContain('我们已将上述保存要求通知1家从我们处获得您个人信息的机构');
    expect(await scheduled(id)).toEqual([{ day: recheckDay(), categories: ['marketing'] }]);
    await expectNoHint(id);
  });

  it('account closure: closed on the day the letter gives; every record kept with no date; nothing erased', async () => {
    const before = await recordsOf(h);
    expect((await company().retentionAnchors(h.customerId)).relationshipEndedAt).toBeUndefined();
    const id = await askAndVerify(t, h, '注销账户', '我不再使用连连支付了，请注销我的账户。');
    await officerProceeds(id, 'aml_investigation_open');
    const { reply, request } = await replyOf(t, id);
    expect(request.rights).toEqual(['close_account']);
    expect(request.outcome).toBe('partially_completed');
    const zh = chinese(reply.text);

    // The relationship ended on the day the letter says (the retention anchor from now on).
    const ended = (await company().retentionAnchors(h.customerId)).relationshipEndedAt;
    expect(ended).toBeDefined();
    expect(zh).toContain(`您的连连支付账户已于${zhDate(shanghaiDate(new Date(ended!)))}注销`);
    expect((await company().quickPayBindings(h.customerId)).filter((b) => b.status === 'active')).toEqual([]);

    const held = categoriesHeld(before);
    expect(keptList(zh)).toEqual(new Map(held.map((c) => [label(c), LEGAL_HOLD_LINE])));
    expect(erasedList(zh)).toEqual([]);
    const records = await recordsOf(h);
    for (const c of held) {
      expect(records[c]?.length, c).toBe(before[c]?.length);
      for (const r of records[c] ?? []) expect(r['heldUntil'], c).toBe(OPEN_ENDED);
    }
    // Only the closure itself changed the records: the profile says when it closed.
    expect(records.identity?.[0]).toMatchObject({ closedAt: ended });
    for (const c of ['contact', 'bank_cards', 'transactions', 'device', 'marketing'] as const)
      expect(unmarked(records[c]), c).toEqual(unmarked(before[c]));

    // Nothing erased and no agreement left to end: only the processor hears of it (storage only).
    const told = await noticesOf(id);
    expect([...told.keys()]).toEqual(['lianlian_hangzhou']);
    expect(told.get('lianlian_hangzhou')).toMatchObject({ restricted: held, categories: [], cancellations: 0 });
    expect((await partnerMails(id)).length).toBe(1);
    expect(zh).toContain('我们已将本次处理通知从我们处获得您个人信息的1家机构');
    expect(await scheduled(id)).toEqual([{ day: recheckDay(), categories: held }]);
    await expectNoHint(id);
  });
});

describe('an open dispute holds its evidence and blocks ending an agreement', { timeout: 300_000 }, () => {
  const d = DEMO_DISPUTE;

  it('deletion: marketing erased on its ground, the support records kept for the dispute, the rest kept for the service', async () => {
    const before = await recordsOf(d);
    expect(await company().openDisputes(d.customerId)).toBe(1);
    const id = await askAndVerify(t, d, '申请删除个人信息', '请删除我在贵公司的全部个人信息。');
    const { reply, request } = await replyOf(t, id);
    expect(request.outcome).toBe('partially_completed');
    const zh = chinese(reply.text);

    expect(erasedList(zh)).toEqual([label('marketing')]);
    expect(zh).toContain(
      `删除依据：${label('marketing')}——该信息基于您的同意处理，您已撤回同意（《个人信息保护法》第四十七条第一款第（三）项）`,
    );
    expect(keptList(zh)).toEqual(new Map([[label('support'), DISPUTE_LINE]]));
    const forService = ['identity', 'contact', 'bank_cards', 'transactions', 'device'] as const;
    expect(zh).toContain(`本次未予删除：${forService.map(label).join('、')}。`);

    const records = await recordsOf(d);
    // Erased: gone from the company's systems.
    expect(before.marketing?.length).toBeGreaterThan(0);
    expect(records.marketing ?? []).toEqual([]);
    // The dispute's evidence (its ticket, with the call recording): all there, storage only, no end date.
    expect(before.support?.length).toBeGreaterThan(0);
    expect(unmarked(records.support)).toEqual(unmarked(before.support));
    for (const r of records.support ?? []) expect(r['heldUntil']).toBe(OPEN_ENDED);
    // What the service needs: untouched, not even marked (it stays in use).
    for (const c of forService) expect(records[c], c).toEqual(before[c]);
    // The dispute is still open (its evidence did not go, so the block on ending agreements stands: D8).
    expect(await company().openDisputes(d.customerId)).toBe(1);

    const told = await noticesOf(id);
    expect([...told.keys()]).toEqual(['lianlian_hangzhou']);
    expect(told.get('lianlian_hangzhou')).toMatchObject({ categories: ['marketing'], restricted: ['support'] });
    const mails = await partnerMails(id);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`现通知贵方删除从我司处获得的该个人的下列个人信息`);
    expect(zh).toContain('我们已将本次处理通知从我们处获得您个人信息的1家机构');
    expect(await scheduled(id)).toEqual([{ day: recheckDay(), categories: ['support'] }]);
  });

  for (const ask of [
    {
      right: 'cancel_quickpay',
      subject: '注销快捷支付',
      text: `请注销我尾号${DEMO_DISPUTE.bankCardLast4}的银行卡开通的快捷支付。`,
      says: '在争议解决前我们无法为您注销快捷支付服务（隐私政策第四条第（五）项）',
    },
    {
      right: 'close_account',
      subject: '注销账户',
      text: '我不再使用连连支付了，请注销我的账户。',
      says: '在争议解决前我们无法为您办理注销',
    },
  ]) {
    it(`${ask.right}: refused on policy §4(5) even though the officer let it proceed; nothing changed, nobody told`, async () => {
      const before = await recordsOf(d);
      const bindings = await company().quickPayBindings(d.customerId);
      expect(bindings.some((b) => b.status === 'active')).toBe(true);
      const id = await askAndVerify(t, d, ask.subject, ask.text);
      await officerProceeds(id, 'open_disputes');
      const { reply, request } = await replyOf(t, id);
      expect(request.rights).toEqual([ask.right]);
      expect(request.outcome).toBe('refused');
      expect(chinese(reply.text)).toContain(ask.says);
      expect(await recordsOf(d)).toEqual(before);
      expect(await company().quickPayBindings(d.customerId)).toEqual(bindings);
      expect((await company().retentionAnchors(d.customerId)).relationshipEndedAt).toBeUndefined();
      expect(await noticesOf(id)).toEqual(new Map());
      expect(await partnerMails(id)).toEqual([]);
      expect(await scheduled(id)).toEqual([]);
    });
  }
});
