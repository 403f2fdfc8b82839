// Java for DynamoDB Local: a clear message when it is missing or too old, and a pid file so that a JVM left
// behind by a killed runtime (kill -9 cannot take its children along) is stopped on the next start.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { javaMajorVersion } from './dynamodb-local.ts';

export class JavaRequiredError extends Error {
  override name = 'JavaRequired';
}

export async function requireJava17(): Promise<number> {
  const major = await javaMajorVersion();
  if (major === undefined) {
    throw new JavaRequiredError(
      '找不到 Java。rightsflow 的本地运行需要 Java 17 或更高版本（用于 Amazon DynamoDB Local）。\n' +
        'Java was not found. The local runtime needs Java 17+ for Amazon DynamoDB Local.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS:         brew install openjdk@17\n' +
        '  then check:    java -version',
    );
  }
  if (major < 17) {
    throw new JavaRequiredError(
      `Java ${major} 版本过低，需要 17 或更高。 / Java ${major} is too old: DynamoDB Local needs Java 17 or newer (java -version).`,
    );
  }
  return major;
}

const pidFile = (dataDir: string) => join(dataDir, 'dynamodb.pid');

/** Stops a DynamoDB Local JVM recorded by a previous run of this data dir, if it still runs. */
export async function stopLeftoverJvm(dataDir: string): Promise<number | undefined> {
  let pid: number;
  try {
    pid = Number((await readFile(pidFile(dataDir), 'utf8')).trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 1) return undefined;
  try {
    // Only our JVM: its command line names the jar and this data dir.
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
    if (!cmdline.includes('DynamoDBLocal.jar') || !cmdline.includes(join(dataDir, 'dynamodb'))) return undefined;
    process.kill(pid, 'SIGKILL');
  } catch {
    return undefined;
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
      await new Promise((r) => setTimeout(r, 50));
    } catch {
      break;
    }
  }
  await rm(pidFile(dataDir), { force: true });
  return pid;
}

export async function recordJvm(dataDir: string, pid: number | undefined): Promise<void> {
  if (pid) await writeFile(pidFile(dataDir), `${pid}\n`, { mode: 0o600 });
}

export async function forgetJvm(dataDir: string): Promise<void> {
  await rm(pidFile(dataDir), { force: true });
}
