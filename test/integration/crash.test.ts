// `npm start` as people run it (a child process): kill -9 right after the verification mail, start again on the
// same data dir, verify, kill -9 again in the middle of fulfilment, start again: the request completes with no
// mail sent twice; then SIGTERM stops node and Java (exit 0). Start-up time to /health and RSS (node + java) are
// measured and printed for the report.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, killSpawned, rssKiB, type SpawnedRuntime, spawnRuntime } from '../../bench/startup.bench.ts';
import type { OutboxMessage } from '../../infra/local/adapters/outbox-mailer.ts';
import { DEMO_FORMER } from '../../infra/local/company/demo-customers.ts';
import { deletionMail, duplicateKeys } from './flows.ts';
import { codeIn, waitFor } from './harness.ts';

const spawned: SpawnedRuntime[] = [];
// A small sample company keeps the first start short (seeding DynamoDB Local on disk is the slow part).
const SMALL_COMPANY = { RIGHTSFLOW_SAMPLE_CUSTOMERS: '8' };
let dataDir: string | undefined;
afterAll(async () => {
  await killSpawned(spawned, dataDir);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function adminToken(dir: string): Promise<string> {
  return JSON.parse(await readFile(join(dir, 'credentials.json'), 'utf8')).admin.token;
}

async function outbox(rt: SpawnedRuntime, token: string): Promise<OutboxMessage[]> {
  const res = await fetch(`${rt.url}/api/outbox`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET /api/outbox → ${res.status}`);
  const body = (await res.json()) as { items?: OutboxMessage[]; messages?: OutboxMessage[] } | OutboxMessage[];
  return Array.isArray(body) ? body : (body.items ?? body.messages ?? []);
}

describe('kill -9 mid-flight', () => {
  it('loses nothing and sends nothing twice; SIGTERM then stops node and Java cleanly', {
    timeout: 180_000,
  }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rf-crash-'));
    const first = await spawnRuntime({ dataDir, env: SMALL_COMPANY });
    spawned.push(first);
    const javaBefore = await first.javaPid();
    const memory = { nodeKiB: await rssKiB(first.child.pid), javaKiB: await rssKiB(javaBefore) };
    const token = await adminToken(dataDir);

    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: first.smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    await transport.sendMail({ from: DEMO_FORMER.email, to: 'privacy@lianlianpay.com', ...deletionMail(DEMO_FORMER) });
    transport.close();
    const codeMail = await waitFor('the verification mail', async () =>
      (await outbox(first, token)).find((m) => m.kind === 'verification_code'),
    );
    const requestId = codeMail.requestId!;

    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = await spawnRuntime({ dataDir, env: SMALL_COMPANY });
    spawned.push(second);
    expect(isAlive(javaBefore)).toBe(false); // the orphaned JVM was stopped by the new start
    const verify = await fetch(`${second.url}/api/requests/${requestId}/verification`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: codeIn(codeMail) }),
    });
    expect(verify.status).toBe(200);
    // Second crash in the middle of fulfilment: as soon as the first partner notice (or the reply) is out.
    await waitFor('fulfilment under way', async () =>
      (await outbox(second, token)).find(
        (m) => m.requestId === requestId && ['partner_notice', 'reply'].includes(m.kind),
      ),
    );
    second.child.kill('SIGKILL');
    await second.exited;

    const third = await spawnRuntime({ dataDir, env: SMALL_COMPANY });
    spawned.push(third);
    const reply = await waitFor(
      'the reply after the restarts',
      async () => (await outbox(third, token)).find((m) => m.kind === 'reply' && m.requestId === requestId),
      60_000,
    );
    expect(reply.to).toEqual([DEMO_FORMER.email]);
    const mails = (await outbox(third, token)).filter((m) => m.requestId === requestId);
    expect(duplicateKeys(mails)).toEqual([]);
    expect(mails.filter((m) => m.kind === 'ack')).toHaveLength(1);
    expect(mails.filter((m) => m.kind === 'verification_code')).toHaveLength(1);
    expect(mails.filter((m) => m.kind === 'reply')).toHaveLength(1);
    const notices = mails.filter((m) => m.kind === 'partner_notice');
    expect(notices.length).toBeGreaterThan(0);
    expect(new Set(notices.map((m) => m.to.join(','))).size).toBe(notices.length);

    const javaAfter = await third.javaPid();
    third.child.kill('SIGTERM');
    expect((await third.exited).code).toBe(0);
    expect(isAlive(javaAfter)).toBe(false);

    console.log(
      `[measure] first start to /health ${first.startupMs} ms, restarts ${second.startupMs} / ${third.startupMs} ms; ` +
        `RSS node ${Math.round((memory.nodeKiB ?? 0) / 1024)} MiB + java ${Math.round((memory.javaKiB ?? 0) / 1024)} MiB`,
    );
  });
});
