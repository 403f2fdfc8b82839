// Every blob key the code makes has a kind, so the S3 BlobStore can send it to its bucket (raw mail or exports).
import { describe, expect, it } from 'vitest';
import { exportKeyOf } from '../../../functions/fulfil-right/rights/export.ts';
import { attachmentKey, rawMailKey } from '../../../functions/intake/keys.ts';
import { blobKindOf, MAIL_BLOB_PREFIX } from '../../../functions/shared/blob-kinds.ts';

describe('blob kinds', () => {
  const at = new Date('2026-11-25T02:00:00Z');
  const mail = new TextEncoder().encode('From: a@b.c\r\n\r\nhi');

  it('raw mail, its copies and attachments go to the raw-mail bucket; export packages to the exports bucket', () => {
    expect(blobKindOf(`${MAIL_BLOB_PREFIX.inbound}0123abcd`)).toBe('rawMail');
    expect(blobKindOf(rawMailKey(mail, at).key)).toBe('rawMail');
    expect(blobKindOf(attachmentKey(mail, at, 'f00d'))).toBe('rawMail');
    expect(blobKindOf(exportKeyOf('RF-20261125-AAAAAA', 'copy'))).toBe('exports');
    expect(blobKindOf(exportKeyOf('RF-20261125-AAAAAA', 'portability', 2))).toBe('exports');
  });

  it('a key of no known kind is refused, not guessed', () => {
    expect(() => blobKindOf('inbound')).toThrow(/no known kind/);
    expect(() => blobKindOf('anchors/RF-1/1.json')).toThrow(/no known kind/);
  });
});
