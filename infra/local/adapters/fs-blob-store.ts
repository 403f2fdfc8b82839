// BlobStore over the data dir (S3 in AWS): objects encrypted at rest with the local key, written atomically
// (temp file + rename) so a kill -9 never leaves half an object behind.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { BlobStore } from '../../../functions/shared/ports.ts';
import { openBytes, sealBytes } from './local-cipher.ts';

export function createFsBlobStore(options: { dir: string; key: Buffer }): BlobStore {
  const root = resolve(options.dir);
  const pathOf = (key: string): string => {
    if (!key || key.startsWith('/') || key.split('/').some((p) => p === '..' || p === '')) {
      throw new Error(`invalid blob key "${key}"`);
    }
    const path = resolve(join(root, key));
    if (!path.startsWith(root + sep)) throw new Error(`invalid blob key "${key}"`);
    return path;
  };
  return {
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(tmp, sealBytes(options.key, body), { mode: 0o600 });
      await rename(tmp, path);
    },
    async get(key) {
      return new Uint8Array(openBytes(options.key, await readFile(pathOf(key))));
    },
    async exists(key) {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch {
        return false;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
