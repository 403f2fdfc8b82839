// The console's queue page and the deadline sweep with 1k and with 100k open requests in the table: both must
// stay flat (indexes and pages, never a Scan). The table is filled with copies of one real request item (sealed by
// the runtime's own cipher) under new ids and deadlines spread over the coming weeks, written in batches.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_TABLE_NAME } from '../functions/shared/table-schema.ts';
import { currentCalendar } from '../functions/sweep/calendar.ts';
import { runSweep } from '../functions/sweep/sweep.ts';
import { makeResidentId } from '../infra/local/company/fake-identifiers.ts';
import { startRuntime } from '../infra/local/runtime.ts';
import { countDynamo, emptyCounts } from './e2e.ts';

export interface ScaleResult {
  queueQueryMs: Record<string, number>;
  sweepMsPerRequest: Record<string, number>;
  sweepMs: Record<string, number>;
  /** DynamoDB calls of one queue page at each size, and Scans anywhere (must be 0). */
  queueCalls: Record<string, number>;
  scans: number;
  fillItemsPerSecond: number;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const idFor = (n: number) => {
  let s = '';
  for (let i = 0, v = n; i < 6; i++, v = Math.floor(v / 32)) s = CROCKFORD[v % 32] + s;
  return `RF-20261201-${s}`;
};

export async function runScale(sizes: number[]): Promise<ScaleResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rf-bench-scale-'));
  let client: DynamoDBClient | undefined;
  const counts = emptyCounts();
  const rt = await startRuntime({
    dataDir,
    port: 0,
    smtpPort: 0,
    sampleCustomers: 0,
    // The queue and the sweep read indexes either way; in memory the 100k rows are written in seconds, not minutes.
    dynamoInMemory: true,
    // No timer pass of its own during the measurement (below 2^31 ms: a longer interval would fire at once).
    timerIntervalMs: 2_000_000_000,
    instrument: {
      dynamo: (c) => {
        client = c;
        countDynamo(c, counts);
      },
    },
  });
  const out: ScaleResult = {
    queueQueryMs: {},
    sweepMsPerRequest: {},
    sweepMs: {},
    queueCalls: {},
    scans: 0,
    fillItemsPerSecond: 0,
  };
  try {
    const doc = DynamoDBDocumentClient.from(client!, { marshallOptions: { removeUndefinedValues: true } });
    // One real request (an unknown caller, not yet verified) as the template of every copy.
    const res = await fetch(`${rt.urls.http}/api/requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rt.credentials.agent.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'hotline',
        rights: ['access'],
        subject: { name: '测试', idNumber: makeResidentId('110101', '19800101', 7), phone: '13600009999' },
      }),
    });
    const templateId = ((await res.json()) as { request: { id: string } }).request.id;
    // It parks waiting for the caller's verification: a request still being answered, as the copies are.
    for (let i = 0; i < 600 && !rt.engine.quiescent(); i++) await new Promise((r) => setTimeout(r, 100));
    const stored = (
      await doc.send(new GetCommand({ TableName: DEFAULT_TABLE_NAME, Key: { pk: `REQ#${templateId}`, sk: 'META' } }))
    ).Item!;
    // The copies are filed only where the queue and the sweep look (GSI1): one subject's GSI2 entry copied 100k times
    // would be a partition no real table has, and a third index write per row.
    const { subjectHash: _h, gsi2pk: _p, gsi2sk: _s, ...template } = stored;
    const base = Date.parse('2026-12-15T15:59:59Z');
    let filled = 0;
    let fillMs = 0;
    for (const size of [...sizes].sort((a, b) => a - b)) {
      const t0 = performance.now();
      const batches: Record<string, unknown>[][] = [];
      for (let n = filled; n < size; n += 25) {
        const batch: Record<string, unknown>[] = [];
        for (let k = n; k < Math.min(size, n + 25); k++) {
          const id = idFor(k);
          const deadlineAt = new Date(base + (k % 40) * 86_400_000).toISOString();
          batch.push({
            ...template,
            pk: `REQ#${id}`,
            id,
            status: 'checking',
            deadline: { ...(template['deadline'] as object), deadlineAt },
            gsi1pk: 'OPEN',
            gsi1sk: `${deadlineAt}#${id}`,
          });
        }
        batches.push(batch);
      }
      let next = 0;
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          while (next < batches.length) {
            const batch = batches[next++]!;
            let items: Record<string, unknown>[] = batch.map((Item) => ({ PutRequest: { Item } }));
            while (items.length) {
              const r = await doc.send(new BatchWriteCommand({ RequestItems: { [DEFAULT_TABLE_NAME]: items } }));
              items = (r.UnprocessedItems?.[DEFAULT_TABLE_NAME] ?? []) as Record<string, unknown>[];
            }
          }
        }),
      );
      fillMs += performance.now() - t0;
      filled = size;
      const label = size >= 1000 ? `${Math.round(size / 1000)}k` : String(size);

      // The queue page the console opens first: open requests by deadline, 50 rows (median of 5).
      const runs: number[] = [];
      const before = counts.reads;
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await rt.system.store.listRequests({ limit: 50 });
        runs.push(performance.now() - t);
      }
      out.queueCalls[label] = (counts.reads - before) / 5;
      runs.sort((a, b) => a - b);
      out.queueQueryMs[label] = Number(runs[2]!.toFixed(1));

      // One sweep pass over every open request (nothing is due yet: the work is finding that out).
      const t = performance.now();
      await runSweep(rt.system.deps, { calendar: await currentCalendar(rt.system.deps) });
      const ms = performance.now() - t;
      out.sweepMs[label] = Math.round(ms);
      out.sweepMsPerRequest[label] = Number((ms / size).toFixed(3));
    }
    out.fillItemsPerSecond = Math.round(filled / (fillMs / 1000));
    out.scans = counts.scans;
  } finally {
    await rt.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  return out;
}
