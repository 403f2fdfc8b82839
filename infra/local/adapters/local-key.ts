// The local runtime's one secret key (AES-256), generated on first start under DATA_DIR/keys with mode 0600.
// It stands in for the KMS key of the AWS path: field sealing and blob encryption at rest use it.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function loadOrCreateLocalKey(dataDir: string, name = 'local.key'): Promise<Buffer> {
  const dir = join(dataDir, 'keys');
  const file = join(dir, name);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  // 'wx': two processes starting at once must not overwrite each other's key.
  try {
    await writeFile(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateLocalKey(dataDir, name);
    throw error;
  }
  await chmod(file, 0o600);
  return key;
}
