// Attachments (ID photos, PDFs) are sealed with the field cipher before they are stored: the file name often holds
// the person's name, so name, type and bytes are sealed together. Only key, type and size appear in events.
import type { ParsedAttachment } from '../shared/mail/parse.ts';
import type { BlobStore, FieldCipher } from '../shared/ports.ts';
import { attachmentKey } from './keys.ts';

/** More than this many parts is not a person writing; the raw mail keeps them all anyway. */
export const MAX_STORED_ATTACHMENTS = 20;

export interface StoredAttachment {
  key: string;
  contentType: string;
  size: number;
}

export async function storeAttachments(
  attachments: readonly ParsedAttachment[],
  deps: { blobs: BlobStore; cipher: FieldCipher },
  at: Date,
  mailSha: string,
): Promise<StoredAttachment[]> {
  const stored: StoredAttachment[] = [];
  for (const a of attachments.slice(0, MAX_STORED_ATTACHMENTS)) {
    const key = attachmentKey(a.content, at, mailSha);
    const sealed = await deps.cipher.seal(
      JSON.stringify({ filename: a.filename, contentType: a.contentType, content: a.content.toString('base64') }),
    );
    await deps.blobs.put(key, Buffer.from(sealed, 'utf8'), 'application/octet-stream');
    stored.push({ key, contentType: a.contentType, size: a.size });
  }
  return stored;
}

/** Opens an attachment stored by storeAttachments (for the console and document review). */
export async function openAttachment(
  key: string,
  deps: { blobs: BlobStore; cipher: FieldCipher },
): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const sealed = Buffer.from(await deps.blobs.get(key)).toString('utf8');
  const parsed = JSON.parse(await deps.cipher.open(sealed)) as {
    filename: string;
    contentType: string;
    content: string;
  };
  return { filename: parsed.filename, contentType: parsed.contentType, content: Buffer.from(parsed.content, 'base64') };
}
