// The partner's reference to the person travels only over the partner's secure channel (issue 13 item 6): inside a
// Standard-Webhooks-signed POST to the partner's webhook, or — for a partner reached by mail — in an AES-256
// encrypted ZIP attached to the notice, whose password the partner agreed with us out of band and which is never in
// the mail. ZIP with WinZip AES-256 (not ZipCrypto, which is broken) because every bank's desktop opens it with 7-Zip
// or WinRAR, and `@zip.js/zip.js` (maintained, no dependencies) writes it; PDF encryption has no comparably kept
// writer on npm. The people's data inside is what the partner already holds about them.
// The package's `custom` core: no inline Web Worker or WebAssembly zlib (≈65 KB of the bundle); deflate runs on
// Node's own CompressionStream('deflate-raw') and AES on WebCrypto, in the calling thread.
import { configure, TextReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js/lib/zip-core-custom.js';
import type { ReferenceLine } from '../../domain/identity/partner-reference.ts';

// Node has no Web Workers in Lambda: compress and encrypt in the calling thread.
configure({ useWebWorkers: false });

export interface ReferenceDocument {
  requestId: string;
  partnerId: string;
  sentOn: string;
  lines: ReferenceLine[];
}

/** The readable text inside the attachment (Chinese, English below). */
export function referenceText(doc: ReferenceDocument): string {
  const zh = doc.lines.map((l) => `${l.label.zh}：${l.value}`).join('\n');
  const en = doc.lines.map((l) => `${l.label.en}: ${l.value}`).join('\n');
  return `参考编号 / Reference: ${doc.requestId}\n通知日期 / Notice date: ${doc.sentOn}\n\n${zh}\n\n${en}\n`;
}

export const attachmentName = (requestId: string) => `${requestId}-subject-reference.zip`;

/** An AES-256 ZIP holding `reference.txt` and `reference.json`, readable only with `password`. */
export async function encryptedReferenceZip(doc: ReferenceDocument, password: string): Promise<Uint8Array> {
  if (password.length < 16) throw new Error('a notice attachment password must be at least 16 characters');
  const zip = new ZipWriter(new Uint8ArrayWriter(), { password, encryptionStrength: 3 });
  await zip.add('reference.txt', new TextReader(referenceText(doc)));
  await zip.add('reference.json', new TextReader(`${JSON.stringify(doc, null, 2)}\n`));
  return zip.close();
}
