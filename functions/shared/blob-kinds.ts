// Which bucket a blob belongs to, from its key: in AWS raw mail and its sealed attachments live in the raw-mail
// bucket (its own retention, SES writes there) and export packages in the exports bucket; the local runtime keeps
// both in one directory. One definition for the stack's grants and lifecycle rules (infra/aws) and for the S3
// BlobStore that routes each key to its bucket (functions/shared/aws/aws-deps.ts). Pure: no AWS import.

/** Raw-mail bucket prefixes: what SES stored, the intake's own copies (mail gateway drops), sealed attachments. */
export const MAIL_BLOB_PREFIX = {
  /** SES's receipt rule stores each message here (the object is the request's raw mail). */
  inbound: 'inbound/',
  /** Copies of mail the company's gateway dropped into its own bucket (functions/intake/keys.ts rawMailKey). */
  copied: 'raw/',
  /** Attachments sealed with the field cipher (functions/intake/keys.ts attachmentKey). */
  attachments: 'attachments/',
} as const;

/** Export packages handed to people (functions/fulfil-right/rights/export.ts exportKeyOf). */
export const EXPORT_BLOB_PREFIX = 'exports/';

export type BlobKind = 'rawMail' | 'exports';

/** The bucket kind of a key; a key of neither kind is a programming error, never guessed into a bucket. */
export function blobKindOf(key: string): BlobKind {
  if (Object.values(MAIL_BLOB_PREFIX).some((p) => key.startsWith(p))) return 'rawMail';
  if (key.startsWith(EXPORT_BLOB_PREFIX)) return 'exports';
  throw new Error(`blob key of no known kind (prefix): ${key.slice(0, 40)}`);
}
