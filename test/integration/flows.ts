// Shared steps of the end-to-end scenarios: mail in, find the request by its acknowledgement, verify by code.

import type { OutboxMessage } from '../../infra/local/adapters/outbox-mailer.ts';
import type { DemoCustomer } from '../../infra/local/company/demo-customers.ts';
import { codeIn, type Json, type TestRuntime, waitFor } from './harness.ts';

export function deletionMail(c: DemoCustomer): { subject: string; text: string } {
  return {
    subject: '申请删除个人信息',
    text: `您好：\n\n我是${c.name}，身份证号${c.idNumber}，手机号${c.phone}。我已不再使用连连支付，根据个人信息保护法第四十七条，请删除我在贵公司的全部个人信息。\n\n${c.name}`,
  };
}

/** A hotline call the agent verified on the phone (name, ID, card and phone matched). */
export function hotlineCall(c: DemoCustomer, rights: string[], details: string) {
  return {
    channel: 'hotline',
    rights,
    subject: { name: c.name, idNumber: c.idNumber, phone: c.phone, email: c.email, bankCardLast4: c.bankCardLast4 },
    details,
    verifiedAtHotline: { checks: { name: true, idNumber: true, bankCard: true, phone: true } },
  };
}

export async function requestOf(t: TestRuntime, id: string): Promise<Json> {
  const res = await t.api('admin', 'GET', `/api/requests/${id}`);
  if (res.status !== 200) throw new Error(`GET /api/requests/${id} → ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.request ?? res.json;
}

/** The acknowledgement sent to `email` (the request number comes with it). */
export async function ackTo(t: TestRuntime, email: string): Promise<OutboxMessage & { requestId: string }> {
  return waitFor(`the acknowledgement to ${email}`, async () => {
    const ack = (await t.outbox()).find((m) => m.kind === 'ack' && m.to.includes(email));
    return ack?.requestId ? (ack as OutboxMessage & { requestId: string }) : undefined;
  });
}

export async function mailOf(t: TestRuntime, id: string, kind: string, timeoutMs?: number): Promise<OutboxMessage> {
  return waitFor(`a ${kind} mail for ${id}`, async () => (await t.outbox(id)).find((m) => m.kind === kind), timeoutMs);
}

export async function statusIs(t: TestRuntime, id: string, statuses: string[], timeoutMs?: number): Promise<Json> {
  return waitFor(
    `${id} to reach ${statuses.join('|')}`,
    async () => {
      const r = await requestOf(t, id);
      return statuses.includes(r.status) ? r : undefined;
    },
    timeoutMs,
  );
}

/** Mails the request, waits for the code, posts it: returns the request id once verified. */
export async function mailAndVerify(t: TestRuntime, c: DemoCustomer, mail = deletionMail(c), messageId?: string) {
  await t.mail({ from: c.email, ...mail, ...(messageId ? { messageId } : {}) });
  const ack = await ackTo(t, c.email);
  const codeMail = await mailOf(t, ack.requestId, 'verification_code');
  const res = await t.api('agent', 'POST', `/api/requests/${ack.requestId}/verification`, { code: codeIn(codeMail) });
  if (res.status !== 200) throw new Error(`verification → ${res.status} ${JSON.stringify(res.json)}`);
  return ack.requestId;
}

/** Keys that landed in the outbox more than once (must be none). */
export function duplicateKeys(messages: OutboxMessage[]): string[] {
  const seen = new Map<string, number>();
  for (const m of messages) seen.set(m.key, (seen.get(m.key) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}
