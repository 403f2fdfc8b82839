// Start-up time to /health and resident memory of the whole local runtime (node + the DynamoDB Local JVM),
// measured on a spawned `node bin/rightsflow.js start` exactly as `npm start` runs it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../infra/local/dynamodb-local.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface SpawnedRuntime {
  child: ChildProcess;
  dataDir: string;
  port: number;
  smtpPort: number;
  url: string;
  /** ms from spawn to /health 200. */
  startupMs: number;
  output(): string;
  /** The DynamoDB Local JVM's pid (from DATA_DIR/dynamodb.pid). */
  javaPid(): Promise<number | undefined>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function spawnRuntime(options: {
  dataDir: string;
  port?: number;
  smtpPort?: number;
  env?: Record<string, string>;
  /** How long to wait for /health (a start takes 75–120 s at load ≈25 on 2 cores). */
  readyWithinMs?: number;
}): Promise<SpawnedRuntime> {
  const readyWithinMs = options.readyWithinMs ?? 120_000;
  const port = options.port ?? (await freePort());
  const smtpPort = options.smtpPort ?? (await freePort());
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin/rightsflow.js'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), SMTP_PORT: String(smtpPort), DATA_DIR: options.dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (done) throw new Error(`the runtime exited before it was ready:\n${out}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > readyWithinMs) {
      child.kill('SIGKILL');
      // Its JVM is not its child process: it would run on without the node that started it.
      const java = await recordedJvm(options.dataDir);
      if (java && isAlive(java)) process.kill(java, 'SIGKILL');
      throw new Error(`the runtime did not become healthy in ${readyWithinMs / 1000} s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const startupMs = Math.round(performance.now() - t0);
  return {
    child,
    dataDir: options.dataDir,
    port,
    smtpPort,
    url,
    startupMs,
    output: () => out,
    javaPid: () => recordedJvm(options.dataDir),
    exited,
  };
}

/** VmRSS of a process in KiB (Linux /proc), undefined when it is gone. */
export async function rssKiB(pid: number | undefined): Promise<number | undefined> {
  if (!pid) return undefined;
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The DynamoDB Local JVM a runtime recorded in its data dir (DATA_DIR/dynamodb.pid). */
async function recordedJvm(dataDir: string): Promise<number | undefined> {
  try {
    return Number((await readFile(join(dataDir, 'dynamodb.pid'), 'utf8')).trim()) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Kills every spawned runtime and its DynamoDB Local JVM outright (a test's cleanup, whatever state they are in),
 * and the JVM recorded in `dataDir`: a start still under way when a test timed out is in no list, and its JVM would
 * outlive the test.
 */
export async function killSpawned(spawned: SpawnedRuntime[], dataDir?: string): Promise<void> {
  for (const s of spawned) {
    const java = await s.javaPid();
    s.child.kill('SIGKILL');
    if (java && isAlive(java)) process.kill(java, 'SIGKILL');
  }
  const java = dataDir ? await recordedJvm(dataDir) : undefined;
  if (java && isAlive(java)) process.kill(java, 'SIGKILL');
}

export interface StartupMeasurement {
  firstStartMs: number;
  restartMs: number;
  rssMiB: { node: number; java: number; total: number };
  stopMs: number;
  exitCode: number | null;
  javaStopped: boolean;
}

/** Cold first start (seeding, credentials) and a warm restart of the same data dir; RSS after the first start. */
export async function measureStartup(): Promise<StartupMeasurement> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rf-bench-'));
  try {
    const first = await spawnRuntime({ dataDir });
    await new Promise((r) => setTimeout(r, 1_000)); // let the JVM settle after start-up
    const javaPid = await first.javaPid();
    const node = (await rssKiB(first.child.pid)) ?? 0;
    const java = (await rssKiB(javaPid)) ?? 0;
    first.child.kill('SIGTERM');
    await first.exited;
    const second = await spawnRuntime({ dataDir });
    const t = performance.now();
    const secondJava = await second.javaPid();
    second.child.kill('SIGTERM');
    const { code } = await second.exited;
    const stopMs = Math.round(performance.now() - t);
    const mib = (k: number) => Math.round((k / 1024) * 10) / 10;
    return {
      firstStartMs: first.startupMs,
      restartMs: second.startupMs,
      rssMiB: { node: mib(node), java: mib(java), total: mib(node + java) },
      stopMs,
      exitCode: code,
      javaStopped: !isAlive(secondJava),
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** `npm run bench startup`: cold first start (seeding the sample company), warm restart, RSS, clean stop. */
export const bench = {
  name: 'startup',
  run: async (): Promise<Record<string, unknown>> => ({ ...(await measureStartup()) }),
};
