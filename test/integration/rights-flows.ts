// Steps the per-right scenarios share: one mailed request per Message-ID (a person may have several open), verified
// by the code sent to the phone or address on file; the letter and the notices it led to.
import type { OutboxMessage } from '../../infra/local/adapters/outbox-mailer.ts';
import type { DemoCustomer } from '../../infra/local/company/demo-customers.ts';
import { mailOf, statusIs } from './flows.ts';
import { codeIn, type Json, type TestRuntime, waitFor } from './harness.ts';

let counter = 0;

/** Mails `text` as the customer (ID number given), verifies by the code on file; the request id. */
export async function askAndVerify(t: TestRuntime, c: DemoCustomer, subject: string, text: string): Promise<string> {
  const messageId = `<rights-${Date.now()}-${++counter}@example.com>`;
  await t.mail({
    from: c.email,
    subject,
    text: `您好：\n\n我是${c.name}，身份证号${c.idNumber}。${text}\n\n${c.name}`,
    messageId,
  });
  const ack = await waitFor(`the acknowledgement of ${messageId}`, async () =>
    (await t.outbox()).find((m) => m.kind === 'ack' && m.inReplyTo === messageId && m.requestId),
  );
  const id = ack.requestId!;
  const code = codeIn(await mailOf(t, id, 'verification_code'));
  const res = await t.api('agent', 'POST', `/api/requests/${id}/verification`, { code });
  if (res.status !== 200) throw new Error(`verification → ${res.status} ${JSON.stringify(res.json)}`);
  return id;
}

/** The reply once the request has replied (or closed): the mailed letter and the request. */
export async function replyOf(t: TestRuntime, id: string): Promise<{ reply: OutboxMessage; request: Json }> {
  const reply = await mailOf(t, id, 'reply', 90_000);
  const request = await statusIs(t, id, ['replied', 'closed'], 60_000);
  return { reply, request };
}

/** The Chinese part of a bilingual letter. */
export const chinese = (text: string) => text.split('———————— English version ————————')[0]!;

/** The download link in a letter. */
export function linkIn(text: string): string {
  const m = /http:\/\/127\.0\.0\.1:\d+\/download\/RF-\d{8}-[0-9A-Z]{6}\/(access|copy|portability)\/[A-Za-z0-9_-]+/.exec(
    text,
  );
  if (!m) throw new Error('no download link in the letter');
  return m[0];
}

/** Opens a download page (the person's or a receiving company's) with its one-time code. */
export async function openLink(link: string, code: string): Promise<{ status: number; json: Json }> {
  const res = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  return { status: res.status, json: await res.json() };
}

/** The package's export.json, from the file list of a download page opened with its code. */
export async function exportJsonOf(t: TestRuntime, page: Json): Promise<Json> {
  const file = page.files.find((f: Json) => f.name === 'export.json');
  return (await fetch(`${t.rt.urls.http}${file.url}`)).json();
}
