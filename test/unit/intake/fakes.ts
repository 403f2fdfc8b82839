// Test doubles for the intake service's ports.
import type { BlobStore, Clock, FieldCipher, Mailer, OutgoingMail } from '../../../functions/shared/ports.ts';

export function memoryBlobs(): BlobStore & { objects: Map<string, Uint8Array>; puts: string[]; failPuts?: boolean } {
  const objects = new Map<string, Uint8Array>();
  const blobs = {
    objects,
    puts: [] as string[],
    failPuts: false,
    async put(key: string, body: Uint8Array) {
      if (blobs.failPuts) throw new Error('storage unavailable');
      blobs.puts.push(key);
      objects.set(key, new Uint8Array(body));
    },
    async get(key: string) {
      const v = objects.get(key);
      if (!v) throw new Error(`no object ${key}`);
      return v;
    },
    async exists(key: string) {
      return objects.has(key);
    },
    async delete(key: string) {
      objects.delete(key);
    },
  };
  return blobs;
}

/** Reversible and obviously not plaintext: the tests check that nothing is stored in clear. */
export const fakeCipher: FieldCipher = {
  async seal(plaintext) {
    return `sealed:${Buffer.from(plaintext, 'utf8').reverse().toString('base64')}`;
  },
  async open(sealed) {
    return Buffer.from(sealed.slice('sealed:'.length), 'base64').reverse().toString('utf8');
  },
};

export function recordingMailer(): Mailer & { sent: (OutgoingMail & { messageId: string })[] } {
  const sent: (OutgoingMail & { messageId: string })[] = [];
  return {
    sent,
    async send(mail) {
      const messageId = `out-${sent.length + 1}@rightsflow.test`;
      sent.push({ ...mail, messageId });
      return { messageId };
    },
  };
}

export function manualClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set(next) {
      t = new Date(next).getTime();
    },
    advance(ms) {
      t += ms;
    },
  };
}
