// Object keys and lookup keys of the intake. Raw mail is content-addressed (a re-delivery overwrites the same
// object); lookup keys are claimed in the store so that nothing is created twice.
import { createHash } from 'node:crypto';
import { shanghaiDate } from '../../domain/calendar/index.ts';
import { MAIL_BLOB_PREFIX } from '../shared/blob-kinds.ts';

export const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** `raw/<yyyy>/<mm>/<sha256>.eml` on the Shanghai calendar date of receipt. */
export function rawMailKey(raw: Uint8Array, at: Date): { key: string; sha: string } {
  const sha = sha256(raw);
  const [y, m] = shanghaiDate(at).split('-');
  return { key: `${MAIL_BLOB_PREFIX.copied}${y}/${m}/${sha}.eml`, sha };
}

/**
 * `attachments/<yyyy>/<mm>/<mail sha256>-<content sha256>.sealed`: content-addressed within its mail, so that the
 * same file sent with two requests is two objects and deleting one request's copy (retention) keeps the other's.
 */
export function attachmentKey(content: Uint8Array, at: Date, mailSha: string): string {
  const [y, m] = shanghaiDate(at).split('-');
  return `${MAIL_BLOB_PREFIX.attachments}${y}/${m}/${mailSha}-${sha256(content)}.sealed`;
}

const bare = (id: string): string => id.trim().replace(/^<|>$/g, '');

export const msgidKey = (messageId: string): string => `msgid:${bare(messageId)}`;
export const rawHashKey = (sha: string): string => `raw:${sha}`;
export const threadKey = (messageId: string): string => `thread:${bare(messageId)}`;

/**
 * The thread keys a Message-ID of a reply may match: the id itself and, for SES (which returns `<MessageId>` but
 * writes `<MessageId@email.amazonses.com>` into the header), its local part.
 */
export function threadCandidates(messageId: string): string[] {
  const id = bare(messageId);
  const local = id.split('@')[0] ?? id;
  return [...new Set([threadKey(id), threadKey(local)])];
}

/** Step record of a started workflow; the sweep starts a `received` request still without it (sweep.ts). */
export const STARTED_STEP = 'intake:workflow_started';
