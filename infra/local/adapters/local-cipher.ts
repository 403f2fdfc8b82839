// FieldCipher for the local runtime: AES-256-GCM with the local key (the AWS path uses a KMS envelope).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { FieldCipher } from '../../../functions/shared/ports.ts';

const PREFIX = 'lk1';

export function sealBytes(key: Buffer, plaintext: Uint8Array): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function openBytes(key: Buffer, sealed: Uint8Array): Buffer {
  const buf = Buffer.from(sealed);
  if (buf.length < 28) throw new Error('sealed data is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
  decipher.setAuthTag(buf.subarray(12, 28));
  return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]);
}

export function createLocalCipher(key: Buffer): FieldCipher {
  if (key.length !== 32) throw new Error('the local cipher needs a 32-byte key');
  return {
    async seal(plaintext) {
      return `${PREFIX}.${sealBytes(key, Buffer.from(plaintext, 'utf8')).toString('base64url')}`;
    },
    async open(sealed) {
      const [prefix, body] = sealed.split('.', 2);
      if (prefix !== PREFIX || !body) throw new Error('not a value sealed by the local cipher');
      return openBytes(key, Buffer.from(body, 'base64url')).toString('utf8');
    },
  };
}
