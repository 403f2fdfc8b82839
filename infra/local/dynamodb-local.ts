// Starts Amazon's DynamoDB Local (the jar shipped in amplify-dynamodb-simulator) as a child JVM: the store's tests
// and the local runtime both run against the real engine (transactions, conditions, GSIs), not a JS imitation.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The JVM's process id (the local runtime measures its memory and cleans up after a kill -9). */
  pid?: number;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  override name = 'JavaMissing';
}

function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

/** Java's major version, or undefined when `java` cannot be run. */
export function javaMajorVersion(): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile('java', ['-version'], { timeout: 15_000 }, (err, stdout, stderr) => {
      if (err) return resolve(undefined);
      const m = /version "(\d+)(?:\.(\d+))?/.exec(`${stderr}${stdout}`);
      if (!m) return resolve(undefined);
      const major = Number(m[1]);
      // Java 8 and older report "1.8.0_…".
      resolve(major === 1 ? Number(m[2]) : major);
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ port, host: '127.0.0.1' });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/** DynamoDB Local answers HTTP once ready; any HTTP response (even 400) means it is up. */
async function answersHttp(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts DynamoDB Local on 127.0.0.1. `dbPath` keeps data on disk (shared DB), otherwise in memory.
 * Resolves when it answers; rejects with a clear message when Java 17+ is missing or it does not start.
 */
export async function startDynamoDbLocal(options: { dbPath?: string; port?: number; timeoutMs?: number } = {}) {
  const java = await javaMajorVersion();
  if (java === undefined)
    throw new JavaMissingError(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH. Install it (e.g. `apt-get install openjdk-17-jre-headless`, or `brew install openjdk@17`) and try again.',
    );
  if (java < 17)
    throw new JavaMissingError(
      `DynamoDB Local needs Java 17 or newer; \`java -version\` reports ${java}. Install Java 17+ and put it first on PATH.`,
    );
  const dir = emulatorDir();
  // A port picked by freePort() can be taken by a parallel start before Java binds it: pick again then.
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await launch(dir, port, options);
    } catch (error) {
      if (options.port !== undefined || attempt >= 3 || !(error instanceof PortLostError)) throw error;
    }
  }
}

class PortLostError extends Error {}

async function launch(
  dir: string,
  port: number,
  options: { dbPath?: string; timeoutMs?: number },
): Promise<DynamoDbLocal> {
  if (await portAnswers(port)) throw new Error(`port ${port} is already in use; cannot start DynamoDB Local there`);
  const args = [`-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, '-jar', join(dir, 'DynamoDBLocal.jar')];
  if (options.dbPath) {
    mkdirSync(options.dbPath, { recursive: true });
    args.push('-sharedDb', '-dbPath', options.dbPath);
  } else {
    args.push('-inMemory');
  }
  args.push('-port', String(port));
  const child: ChildProcess = spawn('java', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null | undefined;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code;
      resolve();
    }),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (!(await answersHttp(endpoint))) {
    if (exited !== undefined) {
      const message = `DynamoDB Local exited (code ${exited}) before answering:\n${output}`;
      throw /Address already in use|BindException/.test(output) ? new PortLostError(message) : new Error(message);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`DynamoDB Local did not answer on ${endpoint} in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // Something answered: make sure it is our Java and not another instance that won the port.
  await new Promise((r) => setTimeout(r, 250));
  if (exited !== undefined) throw new PortLostError(`DynamoDB Local exited (code ${exited}) after start:\n${output}`);
  const stop = async () => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exitPromise;
    clearTimeout(timer);
  };
  return { endpoint, port, pid: child.pid, stop } satisfies DynamoDbLocal;
}
