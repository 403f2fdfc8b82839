// MIME parsing with mailparser (no hand-written MIME): charsets via iconv-lite, QP/base64, RFC 2047 headers,
// HTML-only mail reduced to text. Hard limits give a typed rejection, never a throw. Attachment bytes are returned
// for sealing and storage; callers must never log them (nor their names: they often carry the person's name).
import iconv from 'iconv-lite';
import { type AddressObject, simpleParser } from 'mailparser';
import type { AttachmentInfo, AutomationHeaders, MailFacts } from '../../../domain/intake/index.ts';

export interface MailLimits {
  /** Whole message. SES receiving accepts up to 40 MB, so anything it hands us is parsed. */
  maxBytes: number;
  /** Header fields of the top-level header block. */
  maxHeaders: number;
  /** Bytes before the blank line that ends the top-level header block. */
  maxHeaderBytes: number;
}

export const DEFAULT_MAIL_LIMITS: MailLimits = {
  maxBytes: 40 * 1024 * 1024,
  maxHeaders: 1_000,
  maxHeaderBytes: 1024 * 1024,
};

export type RejectionCode = 'empty' | 'too_large' | 'too_many_headers' | 'header_too_large' | 'unparseable';

export interface MailRejection {
  code: RejectionCode;
  message: string;
}

export interface ParsedAttachment extends AttachmentInfo {
  content: Buffer;
}

export interface ParsedMail extends MailFacts {
  to: string[];
  date?: Date;
  attachments: ParsedAttachment[];
  headerCount: number;
}

export type MailParseOutcome = { ok: true; mail: ParsedMail } | { ok: false; rejection: MailRejection };

function headerBlockEnd(buf: Buffer, limit: number): number {
  const window = buf.subarray(0, Math.min(buf.length, limit));
  const crlf = window.indexOf('\r\n\r\n');
  const lf = window.indexOf('\n\n');
  const ends = [crlf, lf].filter((i) => i >= 0);
  // A message that is all headers (no body) is legal if short enough.
  if (ends.length === 0) return buf.length <= limit ? buf.length : -1;
  return Math.min(...ends);
}

function countHeaderFields(block: Buffer): number {
  let count = 0;
  let lineStart = true;
  for (const byte of block) {
    if (lineStart && byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x0a) count++;
    lineStart = byte === 0x0a;
  }
  return count;
}

// Charset names declared anywhere in the message; ones iconv-lite does not know are decoded as UTF-8 by
// mailparser, which may garble the text: staff should look. iconv-lite is a declared dependency pinned to the
// version libmime decodes with (one copy in the bundle, and this check knows exactly the charsets the decoder knows).
function unknownCharsets(buf: Buffer): string[] {
  const ascii = buf.subarray(0, Math.min(buf.length, 4 * 1024 * 1024)).toString('latin1');
  const names = new Set<string>();
  // Only Content-Type header fields (with folded lines): a charset inside an encoded HTML body is not one.
  for (const field of ascii.matchAll(/^content-type:[^\n]*(?:\n[ \t][^\n]*)*/gim)) {
    const m = /charset\s*=\s*"?([^\s";]+)"?/i.exec(field[0]);
    if (m) names.add(m[1]!.toLowerCase());
    if (names.size > 50) break;
  }
  return [...names].filter((n) => !iconv.encodingExists(n));
}

const clean = (s: string): string => s.replaceAll(String.fromCharCode(0), '').replace(/\r\n?/g, '\n');

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '').filter(Boolean));
}

type HeaderMap = Awaited<ReturnType<typeof simpleParser>>['headers'];

function headerText(headers: HeaderMap, name: string): string | undefined {
  const v = headers.get(name);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return clean(v).slice(0, 200);
  if (typeof v === 'object' && 'value' in v && typeof v.value === 'string') return clean(v.value).slice(0, 200);
  return undefined;
}

const FAIL = (v: string | undefined) => v !== undefined && /^\s*(fail|yes)\b/i.test(v);

/** The header fields domain/intake/automated.ts decides on. */
function automationHeaders(headers: HeaderMap): AutomationHeaders {
  const type = headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  return {
    autoSubmitted: headerText(headers, 'auto-submitted'),
    precedence: headerText(headers, 'precedence'),
    xAutoreply: headers.has('x-autoreply') || headers.has('x-autorespond') || headers.has('x-autoreply-from'),
    contentType: typeof type?.value === 'string' ? type.value.toLowerCase() : undefined,
    reportType: type?.params?.['report-type']?.toLowerCase(),
    spamVerdict: FAIL(headerText(headers, 'x-ses-spam-verdict')) || FAIL(headerText(headers, 'x-spam-flag')),
    virusVerdict: FAIL(headerText(headers, 'x-ses-virus-verdict')),
  };
}

// With a broken multipart boundary mailparser finds no part: fall back to the body's text lines so that the
// rules still see what the person wrote, and flag it for staff.
function fallbackBody(buf: Buffer, headerEnd: number): string {
  return clean(buf.subarray(headerEnd).toString('utf8'))
    .split('\n')
    .filter((l) => !/^--\S+$/.test(l.trim()) && !/^content-[\w-]+\s*:/i.test(l.trim()))
    .join('\n')
    .trim();
}

export async function parseMail(raw: Uint8Array, limits: MailLimits = DEFAULT_MAIL_LIMITS): Promise<MailParseOutcome> {
  const reject = (code: RejectionCode, message: string): MailParseOutcome => ({
    ok: false,
    rejection: { code, message },
  });
  if (raw.byteLength === 0) return reject('empty', 'the message is empty');
  if (raw.byteLength > limits.maxBytes)
    return reject('too_large', `the message has ${raw.byteLength} bytes; the limit is ${limits.maxBytes}`);
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const headerEnd = headerBlockEnd(buf, limits.maxHeaderBytes);
  if (headerEnd < 0) return reject('header_too_large', `no end of headers within ${limits.maxHeaderBytes} bytes`);
  const headerCount = countHeaderFields(buf.subarray(0, headerEnd));
  if (headerCount > limits.maxHeaders)
    return reject(
      'too_many_headers',
      `the message has ${headerCount} header fields; the limit is ${limits.maxHeaders}`,
    );

  let parsed: Awaited<ReturnType<typeof simpleParser>>;
  try {
    parsed = await simpleParser(buf, { skipImageLinks: true, skipTextLinks: true });
  } catch (error) {
    return reject('unparseable', `mailparser failed: ${(error as Error).name}`);
  }

  const warnings: string[] = [];
  const bogus = unknownCharsets(buf);
  if (bogus.length > 0) warnings.push('unknown_charset');
  let text = clean(parsed.text ?? '');
  if (!text.trim() && parsed.attachments.length === 0) {
    const fallback = fallbackBody(buf, headerEnd);
    if (fallback) {
      text = fallback;
      warnings.push('no_readable_part');
    }
  }
  if ((text.match(/\uFFFD/g)?.length ?? 0) > 3) warnings.push('undecodable_text');
  const from = addresses(parsed.from)[0] ?? '';
  if (!from) warnings.push('no_sender');

  const refs = parsed.references;
  const mail: ParsedMail = {
    messageId: parsed.messageId ? clean(parsed.messageId) : undefined,
    from: clean(from).toLowerCase(),
    to: addresses(parsed.to).map(clean),
    subject: clean(parsed.subject ?? ''),
    text,
    inReplyTo: parsed.inReplyTo ? clean(parsed.inReplyTo) : undefined,
    references: (Array.isArray(refs) ? refs : refs ? refs.split(/\s+/) : []).map(clean).filter(Boolean),
    attachments: parsed.attachments.map((a) => ({
      filename: clean(a.filename ?? 'attachment'),
      contentType: a.contentType,
      size: a.size ?? a.content.length,
      content: a.content,
    })),
    warnings,
    headerCount,
    automation: automationHeaders(parsed.headers),
  };
  if (parsed.date && !Number.isNaN(parsed.date.getTime())) mail.date = parsed.date;
  return { ok: true, mail };
}
