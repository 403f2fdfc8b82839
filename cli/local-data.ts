// What the data commands (verify-audit, restore-guard, evidence, report) work on locally: the data dir of
// `npm start`. If the runtime is running, its DynamoDB Local is used (found through the pid file it records);
// otherwise a DynamoDB Local is started on the same files for the length of the command and stopped after.
import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { calendarFor } from '../domain/calendar/files.ts';
import { loadPolicy } from '../domain/policy/load.ts';
import { noMetrics, type StepDeps } from '../functions/shared/deps.ts';
import { createDynamoStore } from '../functions/shared/store/dynamo-store.ts';
import { DEFAULT_TABLE_NAME } from '../functions/shared/table-schema.ts';
import { createFileEvidenceVault, evidenceDir } from '../infra/local/adapters/file-evidence-vault.ts';
import { createFsBlobStore } from '../infra/local/adapters/fs-blob-store.ts';
import { createLocalCipher } from '../infra/local/adapters/local-cipher.ts';
import { loadOrCreateLocalKey } from '../infra/local/adapters/local-key.ts';
import { SampleCompany } from '../infra/local/company/sample-company.ts';
import { localDynamoClients } from '../infra/local/dynamo-client.ts';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { forgetJvm, recordJvm } from '../infra/local/java-process.ts';

/** The parts of StepDeps the data commands use (no mail, no workflow). */
export type DataDeps = Pick<
  StepDeps,
  'store' | 'company' | 'cipher' | 'evidence' | 'blobs' | 'clock' | 'policy' | 'calendar' | 'logger' | 'metrics'
>;

export interface LocalData {
  deps: DataDeps;
  dataDir: string;
  /** Whether the running runtime's database was used. */
  shared: boolean;
  close(): Promise<void>;
}

export class NoDataDirError extends Error {
  override name = 'NoDataDir';
}

/** The port of the DynamoDB Local a running runtime started for this data dir, if it still runs. */
async function runningDynamoPort(dataDir: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(join(dataDir, 'dynamodb.pid'), 'utf8')).trim());
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    if (!cmdline.some((a) => a.includes('DynamoDBLocal.jar'))) return undefined;
    const i = cmdline.indexOf('-port');
    return i >= 0 ? Number(cmdline[i + 1]) : undefined;
  } catch {
    return undefined;
  }
}

/** stderr only: stdout carries the command's answer. Attributes are left out (they could name a person). */
const quietLogger: StepDeps['logger'] = {
  debug: () => undefined,
  info: () => undefined,
  warn: (m) => process.stderr.write(`warn: ${m}\n`),
  error: (m) => process.stderr.write(`error: ${m}\n`),
};

export async function openLocalData(dir = process.env['DATA_DIR'] ?? '.rightsflow'): Promise<LocalData> {
  const dataDir = resolve(dir);
  try {
    await access(join(dataDir, 'keys', 'local.key'));
  } catch {
    throw new NoDataDirError(
      `no rightsflow data in ${dataDir} (run \`npm start\` once, or set DATA_DIR) / 未找到本地数据目录`,
    );
  }
  const port = await runningDynamoPort(dataDir);
  const db = port ? undefined : await startDynamoDbLocal({ dbPath: join(dataDir, 'dynamodb') });
  if (db) await recordJvm(dataDir, db.pid);
  const { client, doc } = localDynamoClients(db?.endpoint ?? `http://127.0.0.1:${port}`);
  const clock = { now: () => new Date() };
  const key = await loadOrCreateLocalKey(dataDir);
  const cipher = createLocalCipher(key);
  const deps: DataDeps = {
    store: createDynamoStore({ client: doc, tableName: DEFAULT_TABLE_NAME, cipher, clock }),
    company: new SampleCompany({ client: doc, tableName: DEFAULT_TABLE_NAME, clock }),
    cipher,
    evidence: createFileEvidenceVault(evidenceDir(dataDir)),
    blobs: createFsBlobStore({ dir: join(dataDir, 'blobs'), key }),
    clock,
    policy: loadPolicy(),
    calendar: calendarFor(),
    logger: quietLogger,
    metrics: noMetrics,
  };
  return {
    deps,
    dataDir,
    shared: db === undefined,
    async close() {
      client.destroy();
      if (db) {
        await db.stop();
        await forgetJvm(dataDir);
      }
    },
  };
}

/** Runs a data command on the local data and closes it after; no data dir is a usage error (exit 2). */
export async function withLocalData(command: string, fn: (data: LocalData) => Promise<number>): Promise<number> {
  let data: LocalData;
  try {
    data = await openLocalData();
  } catch (e) {
    if (e instanceof NoDataDirError) {
      process.stderr.write(`rightsflow ${command}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  try {
    return await fn(data);
  } finally {
    await data.close();
  }
}
