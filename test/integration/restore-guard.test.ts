// A restore from an old backup, end to end on the real runtime: the sample company's table (DynamoDB Local's files)
// is snapshotted before a person asks for deletion, the deletion runs by mail (verified by code, partners
// acknowledge, the request closes and `verify-audit` says intact), then the old snapshot is put back — the person
// is there again — and `rightsflow restore-guard` (the CLI, against the running runtime) erases them again, from the
// isolation list kept outside the table. A second run changes nothing.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_FORMER } from '../../infra/local/company/demo-customers.ts';
import { mailAndVerify, mailOf, statusIs } from './flows.ts';
import { startTestRuntime, type TestRuntime, waitFor } from './harness.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/rightsflow.js');

let dataDir: string;
let snapshot: string;
let t: TestRuntime | undefined;
afterAll(async () => {
  await t?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (snapshot) await rm(snapshot, { recursive: true, force: true });
});

async function cli(args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATA_DIR: dataDir, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 120_000,
    });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

const findFormer = (rt: TestRuntime) =>
  rt.rt.system.deps.company.findCustomer({ idNumber: DEMO_FORMER.idNumber, phone: DEMO_FORMER.phone });

describe('restore of an old snapshot, then restore-guard', { timeout: 300_000 }, () => {
  let requestId: string;
  /** What the company still holds of the person right after the deletion (anonymised transactions). */
  let afterDeletion: unknown;

  it('takes a snapshot of the seeded company before anyone asks for anything', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rf-restore-'));
    snapshot = await mkdtemp(join(tmpdir(), 'rf-snapshot-'));
    t = await startTestRuntime({ dataDir });
    expect(await findFormer(t)).toEqual({ customerId: DEMO_FORMER.customerId });
    await t.stop();
    t = undefined;
    await cp(join(dataDir, 'dynamodb'), snapshot, { recursive: true });
  });

  it('deletes the person by mail; the request closes and verify-audit says intact', async () => {
    t = await startTestRuntime({ dataDir });
    requestId = await mailAndVerify(t, DEMO_FORMER);
    await mailOf(t, requestId, 'reply', 60_000);
    // Every partner acknowledges through its link: the request closes and its chain head is anchored.
    const notices = await waitFor('the partner notices', async () => {
      const n = (await t!.outbox(requestId)).filter((m) => m.kind === 'partner_notice');
      return n.length >= 3 ? n : undefined;
    });
    for (const n of notices) {
      const token = /\/partner-ack\/([^\s。]+)/.exec(n.text)?.[1];
      expect(token).toBeTruthy();
      // As the partner's browser sends the page's form.
      const res = await fetch(`${t.rt.urls.http}/partner-ack/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'answer=completed',
      });
      expect(res.status).toBe(200);
    }
    await statusIs(t, requestId, ['closed'], 60_000);
    expect(await findFormer(t)).toBeUndefined();
    afterDeletion = await t.rt.system.deps.company.export(DEMO_FORMER.customerId);

    const audit = await t.api('privacy_officer', 'GET', `/api/requests/${requestId}/audit`);
    expect(audit.status).toBe(200);
    expect(audit.json).toMatchObject({ intact: true, anchor: { eventsAfter: 0 } });

    const verified = await cli(['verify-audit', requestId]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(new RegExp(`^intact ${requestId}: \\d+ events, head [0-9a-f]{64}`));

    // The evidence report of the same request: masked for staff, the head hash verify-audit printed, every letter.
    const head = /head ([0-9a-f]{64})/.exec(verified.stdout)![1]!;
    const page = await fetch(`${t.rt.urls.http}/api/requests/${requestId}/evidence-report`, {
      headers: { authorization: `Bearer ${t.rt.credentials.agent.token}` },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain(head);
    expect(html).toContain('审计链完整');
    for (const pii of [DEMO_FORMER.name, DEMO_FORMER.idNumber, DEMO_FORMER.phone, DEMO_FORMER.email])
      expect(html).not.toContain(pii);
    const json = (await t.api('privacy_officer', 'GET', `/api/requests/${requestId}/evidence-report?format=json`))
      .json as {
      letters: { kind: string }[];
      notices: { ackedAt?: string }[];
      summary: { receivedAt: string };
    };
    expect(json.letters.map((l) => l.kind)).toEqual(expect.arrayContaining(['reply', 'partner_notice']));
    expect(json.notices.length).toBeGreaterThanOrEqual(3);
    expect(json.notices.every((n) => n.ackedAt)).toBe(true);
    // An agent may not ask for the full version; the officer's is recorded in the chain first.
    expect((await t.api('agent', 'GET', `/api/requests/${requestId}/evidence-report?reveal=1`)).status).toBe(403);
    const full = await t.api(
      'privacy_officer',
      'GET',
      `/api/requests/${requestId}/evidence-report?format=json&reveal=1`,
    );
    expect(full.json).toMatchObject({ full: true, summary: { subject: { name: DEMO_FORMER.name } } });
    expect((await t.rt.system.store.listEvents(requestId)).at(-1)).toMatchObject({
      type: 'personal_data_revealed',
      data: { via: 'evidence_report' },
    });
    expect((await cli(['verify-audit', requestId])).code).toBe(0);

    // The same report as a PDF from the CLI (Debian's Chromium), and the period report counting this request.
    const pdf = join(dataDir, 'evidence.pdf');
    const made = await cli(['evidence-report', requestId, '--format', 'pdf', '--out', pdf]);
    expect(made.code).toBe(0);
    expect((await readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-');
    const day = new Date(Date.parse(json.summary.receivedAt) + 8 * 3_600_000).toISOString().slice(0, 10);
    const period = await cli(['report', '--from', day, '--to', day]);
    expect(period.code).toBe(0);
    expect(JSON.parse(period.stdout)).toMatchObject({
      totals: { received: 1, replied: 1, onTime: 1 },
      byRight: { delete: { received: 1 } },
      acknowledgements: { acknowledged: json.notices.length },
    });
    await t.stop();
    t = undefined;
  });

  it('the old snapshot put back brings the person back; restore-guard erases them again, once', async () => {
    await rm(join(dataDir, 'dynamodb'), { recursive: true, force: true });
    await cp(snapshot, join(dataDir, 'dynamodb'), { recursive: true });
    t = await startTestRuntime({ dataDir });
    // The restored table knows nothing of the deletion: the person is back, with everything they had.
    expect(await findFormer(t)).toEqual({ customerId: DEMO_FORMER.customerId });
    expect((await t.rt.system.deps.company.describe(DEMO_FORMER.customerId)).length).toBeGreaterThan(0);
    expect(await t.rt.system.store.listIsolation()).toEqual([]);

    const first = await cli(['restore-guard', '--json']);
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result.reapplied).toHaveLength(1);
    expect(result.reapplied[0]).toMatchObject({ requestId, offTableOnly: true, legalHold: false });
    expect(Object.values(result.reapplied[0].counts as Record<string, number>).some((n) => n > 0)).toBe(true);

    expect(await findFormer(t)).toBeUndefined();
    // Exactly as right after the deletion: erased records gone, transactions anonymised again.
    expect(await t.rt.system.deps.company.export(DEMO_FORMER.customerId)).toEqual(afterDeletion);

    const again = await cli(['restore-guard', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ entries: 1, reapplied: [], unchanged: 1 });

    // The restored table lost the request's events after the snapshot; the anchor kept outside says so.
    const events = await t.rt.system.store.listEvents(requestId);
    expect(events.map((e) => e.type)).toEqual(['reapplied_after_restore']);
    const audit = await cli(['verify-audit', requestId, '--json']);
    expect(audit.code).toBe(1);
    expect(JSON.parse(audit.stdout)).toMatchObject({ intact: false });
  });

  it('--since after the deletion skips it: the backup taken then no longer held the person', async () => {
    const later = await cli(['restore-guard', '--since', new Date(Date.now() + 60_000).toISOString(), '--json']);
    expect(later.code).toBe(0);
    expect(JSON.parse(later.stdout)).toMatchObject({ entries: 0, reapplied: [] });
  });
});
