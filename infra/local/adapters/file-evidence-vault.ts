// EvidenceVault over append-only files under DATA_DIR/evidence (S3 with Object Lock in AWS): one JSON line per chain
// anchor or isolation entry, written with O_APPEND and never rewritten, outside DynamoDB Local's files, so restoring
// or editing the table leaves them as they were.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChainAnchor, EvidenceVault, OffTableIsolation } from '../../../functions/shared/ports.ts';

/** Beside DynamoDB Local's files, never inside them: restoring the table's files leaves this folder as it is. */
export const evidenceDir = (dataDir: string) => join(dataDir, 'evidence');

export const ANCHORS_FILE = 'anchors.jsonl';
export const ISOLATION_FILE = 'isolation.jsonl';

async function readLines<T>(path: string): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    // A torn last line (a kill during a write) is skipped rather than failing every later read.
    try {
      out.push(JSON.parse(line) as T);
    } catch {}
  }
  return out;
}

export function createFileEvidenceVault(dir: string): EvidenceVault {
  const append = async (file: string, value: unknown) => {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await appendFile(join(dir, file), `${JSON.stringify(value)}\n`, { mode: 0o600, flag: 'a' });
  };
  return {
    putAnchor: (anchor: ChainAnchor) => append(ANCHORS_FILE, anchor),
    async latestAnchor(requestId) {
      let latest: ChainAnchor | undefined;
      for (const a of await readLines<ChainAnchor>(join(dir, ANCHORS_FILE))) {
        if (a.requestId === requestId && (!latest || a.seq >= latest.seq)) latest = a;
      }
      return latest;
    },
    putIsolation: (entry: OffTableIsolation) => append(ISOLATION_FILE, entry),
    async listIsolation(liveAt) {
      const all = await readLines<OffTableIsolation>(join(dir, ISOLATION_FILE));
      return liveAt ? all.filter((e) => e.purgeBy >= liveAt) : all;
    },
  };
}
