// FieldCipher by KMS envelope encryption: a KMS data key (GenerateDataKey AES_256) encrypts fields with AES-256-GCM.
// One data key seals many fields for a short while (fewer KMS calls, bounded exposure); opened data keys are cached
// by their encrypted form. Format (versioned): `kms1.<encrypted data key>.<iv|tag|ciphertext>`, base64url parts.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { FieldCipher } from '../ports.ts';
import { type ClientSource, clientOf } from './lazy.ts';

const PREFIX = 'kms1';
/** Binds ciphertexts to this use: a data key made for another purpose does not open here. */
const CONTEXT = { app: 'rightsflow', purpose: 'field' };

export interface KmsCipherOptions {
  keyId: string;
  /** How long one data key seals new values (default 5 minutes). */
  dataKeyTtlMs?: number;
  /** Values sealed with one data key before a new one is made (default 10,000). */
  maxUsesPerKey?: number;
  now?: () => number;
}

export function createKmsCipher(kms: ClientSource<KMSClient>, options: KmsCipherOptions): FieldCipher {
  const ttl = options.dataKeyTtlMs ?? 5 * 60_000;
  const maxUses = options.maxUsesPerKey ?? 10_000;
  const now = options.now ?? Date.now;
  let current: { plain: Buffer; wrapped: string; madeAt: number; uses: number } | undefined;
  let pending: Promise<NonNullable<typeof current>> | undefined;
  const opened = new Map<string, { plain: Buffer; at: number }>();

  async function sealingKey() {
    if (current && now() - current.madeAt < ttl && current.uses < maxUses) return current;
    pending ??= (async () => {
      const { GenerateDataKeyCommand } = await import('@aws-sdk/client-kms');
      const res = await (await clientOf(kms)).send(
        new GenerateDataKeyCommand({ KeyId: options.keyId, KeySpec: 'AES_256', EncryptionContext: CONTEXT }),
      );
      if (!res.Plaintext || !res.CiphertextBlob) throw new Error('KMS returned no data key');
      const k = {
        plain: Buffer.from(res.Plaintext),
        wrapped: Buffer.from(res.CiphertextBlob).toString('base64url'),
        madeAt: now(),
        uses: 0,
      };
      current = k;
      return k;
    })().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  async function openingKey(wrapped: string): Promise<Buffer> {
    const hit = opened.get(wrapped);
    if (hit && now() - hit.at < ttl) return hit.plain;
    const { DecryptCommand } = await import('@aws-sdk/client-kms');
    const res = await (await clientOf(kms)).send(
      new DecryptCommand({ CiphertextBlob: Buffer.from(wrapped, 'base64url'), EncryptionContext: CONTEXT }),
    );
    if (!res.Plaintext) throw new Error('KMS returned no plaintext key');
    const plain = Buffer.from(res.Plaintext);
    if (opened.size > 1_000) opened.clear();
    opened.set(wrapped, { plain, at: now() });
    return plain;
  }

  return {
    async seal(plaintext) {
      const key = await sealingKey();
      key.uses++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key.plain, iv);
      // The wrapped key is authenticated data: swapping it between values is detected.
      c.setAAD(Buffer.from(key.wrapped));
      const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
      return `${PREFIX}.${key.wrapped}.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url')}`;
    },
    async open(sealed) {
      const [prefix, wrapped, payload] = sealed.split('.');
      if (prefix !== PREFIX || !wrapped || !payload) throw new Error('not a value sealed by the KMS cipher');
      const key = await openingKey(wrapped);
      const raw = Buffer.from(payload, 'base64url');
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAAD(Buffer.from(wrapped));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
