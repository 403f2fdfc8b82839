// Who asks, and about whom, end to end on the real runtime (issue 13): a deletion verified by a reply to the SMS
// code, a guardian's deletion of a child's data, a deceased customer's relative asking for access through the privacy
// officer's document review, and partner notices that carry each partner's own reference to the person inside an
// encrypted attachment.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobReader, TextWriter, ZipReader } from '@zip.js/zip.js';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DISPUTE, DEMO_FORMER, DEMO_MINOR } from '../../infra/local/company/demo-customers.ts';
import { ackTo, deletionMail, mailOf, requestOf, statusIs } from './flows.ts';
import { startTestRuntime, type TestRuntime, waitFor } from './harness.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(async () => {
  await t?.close();
});

const e164 = (phone: string) => `+86${phone}`;
const codeIn = (text: string) => /(?<!\d)(\d{6})(?!\d)/.exec(text)?.[1] ?? '';

/** Plays the company's SMS gateway: posts the person's reply, signed with the gateway secret. */
async function replyBySms(from: string, text: string) {
  const secret = (await readFile(join(t.dataDir, 'keys', 'sms-gateway.secret'), 'utf8')).trim();
  const body = JSON.stringify({ from, text });
  const id = `msg_${Date.now()}`;
  const now = new Date();
  const res = await fetch(`${t.rt.urls.http}/sms-inbound`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, now, body),
    },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function unzip(base64: string, password: string): Promise<Record<string, string>> {
  const reader = new ZipReader(new BlobReader(new Blob([Buffer.from(base64, 'base64')])), { password });
  const out: Record<string, string> = {};
  for (const entry of await reader.getEntries())
    if (!entry.directory) out[entry.filename] = await entry.getData(new TextWriter());
  await reader.close();
  return out;
}

describe('issue 13 end to end', { timeout: 120_000 }, () => {
  let deletionId: string;

  it('a deletion verified by replying to the SMS code sent to the phone on file', async () => {
    await t.mail({ from: DEMO_FORMER.email, ...deletionMail(DEMO_FORMER), messageId: '<id13-sms-1@example.com>' });
    deletionId = (await ackTo(t, DEMO_FORMER.email)).requestId;
    const sms = await mailOf(t, deletionId, 'verification_code');
    expect(sms).toMatchObject({ channel: 'sms', to: [e164(DEMO_FORMER.phone)] });
    // No code by mail: the phone on file is the company's way to know its customer.
    expect((await t.outbox(deletionId)).filter((m) => m.channel === 'email' && m.kind === 'verification_code')).toEqual(
      [],
    );
    const wrong = codeIn(sms.text) === '000000' ? '111111' : '000000';
    expect((await replyBySms(e164(DEMO_FORMER.phone), wrong)).json).toEqual({
      matched: true,
      verified: false,
      reason: 'wrong_code',
      attemptsLeft: 4,
    });
    expect((await replyBySms(e164(DEMO_FORMER.phone), `验证码 ${codeIn(sms.text)}`)).json).toEqual({
      matched: true,
      verified: true,
    });
    const request = await statusIs(t, deletionId, ['replied', 'closed'], 60_000);
    expect(request.outcome).toBe('completed');
    expect(request.verification).toMatchObject({ level: 'strong', method: 'sms_code' });
    const { json } = await t.api('admin', 'GET', `/api/requests/${deletionId}`);
    const verified = json.timeline.find((e: { type: string }) => e.type === 'identity_verified');
    expect(verified.data).toMatchObject({ method: 'sms_code', via: 'sms_reply' });
    expect((await mailOf(t, deletionId, 'reply')).to).toEqual([DEMO_FORMER.email]);
    // An agent sees the code masked in the outbox; only an admin sees it.
    const agentView = await t.api('agent', 'GET', `/api/outbox?requestId=${deletionId}&channel=sms`);
    expect(agentView.json.items[0].text).not.toContain(codeIn(sms.text));
  });

  it("partner notices carry each partner's own reference, only inside the encrypted attachment", async () => {
    const notices = await waitFor('the partner notices', async () => {
      const n = (await t.outbox(deletionId)).filter((m) => m.kind === 'partner_notice');
      return n.length >= 3 ? n : undefined;
    });
    const secrets = JSON.parse(await readFile(join(t.dataDir, 'keys', 'partner-secrets.json'), 'utf8')) as Record<
      string,
      string
    >;
    const byPartner = Object.fromEntries(notices.map((n) => [n.key.split(':').slice(2).join(':'), n]));
    for (const n of notices) {
      // The mail's own text keeps to masked values.
      expect(n.text).not.toContain(DEMO_FORMER.idNumber);
      expect(n.text).toContain('加密附件');
      expect(n.attachments?.[0]).toMatchObject({
        filename: `${deletionId}-subject-reference.zip`,
        contentType: 'application/zip',
      });
    }
    const bank = await unzip(
      byPartner[DEMO_FORMER.issuingBank]!.attachments![0]!.contentBase64,
      secrets[DEMO_FORMER.issuingBank]!,
    );
    expect(bank['reference.txt']).toContain(DEMO_FORMER.idNumber);
    expect(bank['reference.txt']).toContain(DEMO_FORMER.bankCardLast4);
    expect(bank['reference.txt']).toMatch(/预留手机号：1\d{10}/);
    const clearing = await unzip(byPartner['unionpay']!.attachments![0]!.contentBase64, secrets['unionpay']!);
    expect(clearing['reference.txt']).toMatch(/交易流水号 \/ 订单号：\S+ · \S+/);
    const processor = await unzip(
      byPartner['lianlian_hangzhou']!.attachments![0]!.contentBase64,
      secrets['lianlian_hangzhou']!,
    );
    expect(processor['reference.txt']).toContain(`我司客户编号：${DEMO_FORMER.customerId}`);
    // Another partner's password opens nothing.
    await expect(
      unzip(byPartner['unionpay']!.attachments![0]!.contentBase64, secrets['lianlian_hangzhou']!),
    ).rejects.toThrow();
  });

  it("a guardian's deletion of a child's data: the child is the subject, the guardian is verified by documents", async () => {
    const g = DEMO_MINOR.guardian!;
    await t.mail({
      from: g.email,
      subject: '请删除孩子的个人信息',
      text: `我是孩子的母亲${g.name}，身份证号${g.idNumber}。我的孩子叫${DEMO_MINOR.name}，身份证号${DEMO_MINOR.idNumber}，今年10岁。请删除孩子在贵司的全部个人信息。`,
      messageId: '<id13-guardian-1@example.com>',
    });
    const id = (await ackTo(t, g.email)).requestId;
    let r = await requestOf(t, id);
    expect(r).toMatchObject({ minor: true, requester: { type: 'guardian', relation: 'parent' } });
    expect(r.target.workingDays).toBe(5);
    // The child heads the queue.
    const queue = await t.api('agent', 'GET', '/api/requests?limit=100');
    expect(queue.json.items[0].id).toBe(id);
    await waitFor('the verification step', async () => (await requestOf(t, id)).status === 'awaiting_verification');
    // No code to the child's phone or mailbox: the officer is told what to review (once the step decided), the
    // mother which documents to send.
    const notice = await waitFor('the officer notice', async () =>
      (await t.outbox(id)).find((m) => m.kind === 'task_notice' && m.subject.includes('身份须由工作人员核验')),
    );
    expect(notice.text).toContain('监护关系证明');
    expect((await t.outbox(id)).filter((m) => m.kind === 'verification_code')).toEqual([]);
    const ack = await mailOf(t, id, 'ack');
    expect(ack.text).toContain('监护关系的材料');
    expect(ack.text).not.toContain('我们将另行向您发送验证码');
    // The privacy officer saw the mother's ID card and the household register.
    const review = await t.api('privacy_officer', 'POST', `/api/requests/${id}/verification`, {
      method: 'document_review',
      documents: ['requester_identity', 'guardianship'],
    });
    expect(review.status).toBe(200);
    r = await statusIs(t, id, ['replied', 'closed'], 60_000);
    expect(['completed', 'partially_completed']).toContain(r.outcome);
    const reveal = await t.api('admin', 'GET', `/api/requests/${id}?reveal=1`);
    expect(reveal.json.request.subject.idNumber).toBe(DEMO_MINOR.idNumber);
    expect(reveal.json.request.requester.idNumber).toBe(g.idNumber);
    const reply = await mailOf(t, id, 'reply');
    expect(reply.to).toEqual([g.email]);
    expect(reply.text).toContain(`尊敬的${g.name}：`);
    expect(reply.text).toContain(`您作为${DEMO_MINOR.name}的监护人`);
    // Policy §5: finding the child opened a task for the privacy officer.
    expect(reveal.json.timeline.map((e: { type: string }) => e.type)).toContain('child_data_found');
    const remaining = await t.rt.system.deps.company.describe(DEMO_MINOR.customerId);
    // The request's own deletion follows the erasure rules (an active account keeps what its service needs); the
    // rest of the child's data is the privacy officer's task opened above, not a silent automatic erasure.
    expect(remaining.map((d) => d.category)).not.toContain('marketing');
    expect(reply.text).toContain('营销信息');
  });

  it("a deceased customer's relative asks for access; the officer reviews the proofs and the art. 49 conditions", async () => {
    const relative = 'li.xin@example.net';
    await t.mail({
      from: relative,
      subject: '查阅已故母亲的个人信息',
      text: `您好：\n我母亲${DEMO_DISPUTE.name}（身份证号${DEMO_DISPUTE.idNumber}）已于上个月因病去世。我是她的儿子，为办理遗产继承，想查阅她在贵司留存的个人信息。死亡证明和户口簿可以提供。\n\n李新`,
      messageId: '<id13-deceased-1@example.com>',
    });
    const id = (await ackTo(t, relative)).requestId;
    await waitFor('the verification step', async () => (await requestOf(t, id)).status === 'awaiting_verification');
    const r = await requestOf(t, id);
    expect(r.requester).toMatchObject({ type: 'relative_of_deceased', relation: 'child' });
    // No code to the deceased's phone or mailbox, ever (asserted once the step decided: the officer's notice is out).
    await waitFor('the officer notice', async () =>
      (await t.outbox(id)).find((m) => m.kind === 'task_notice' && m.subject.includes('身份须由工作人员核验')),
    );
    expect((await t.outbox(id)).filter((m) => m.kind === 'verification_code')).toEqual([]);
    expect((await mailOf(t, id, 'ack')).text).toContain('逝者的死亡证明');
    const hotline = await t.api('agent', 'POST', `/api/requests/${id}/verification`, {
      method: 'hotline_staff',
      checks: { name: true, idNumber: true, bankCard: true, phone: true },
    });
    expect(hotline.status).toBe(409);
    const incomplete = await t.api('privacy_officer', 'POST', `/api/requests/${id}/verification`, {
      method: 'document_review',
      documents: ['requester_identity', 'death_certificate', 'kinship'],
    });
    expect(incomplete.status).toBe(422);
    const ok = await t.api('privacy_officer', 'POST', `/api/requests/${id}/verification`, {
      method: 'document_review',
      documents: ['requester_identity', 'death_certificate', 'kinship'],
      art49: { ownLawfulInterest: true, noContraryArrangement: true, purpose: '办理遗产继承' },
    });
    expect(ok.status).toBe(200);
    await statusIs(t, id, ['replied', 'closed'], 60_000);
    const reply = await mailOf(t, id, 'reply');
    expect(reply.to).toEqual([relative]);
    expect(reply.text).toContain('尊敬的李新：');
    expect(reply.text).toContain(`您作为已故用户${DEMO_DISPUTE.name}的近亲属（子女）`);
    expect(reply.text).toContain('第四十九条');
    expect(reply.text).toContain('生前对其个人信息未另有安排');
    // The export's code goes to the relative by mail, never by SMS to the deceased's phone on file.
    expect(reply.text).toContain('另行以电子邮件发送给您');
    expect((await mailOf(t, id, 'download_code')).to).toEqual([relative]);
    expect((await t.outbox(id)).filter((m) => m.channel === 'sms')).toEqual([]);
  });
});
