// Email addresses: zod's email check; the domain is case-insensitive, the local part is kept as written.
import * as z from 'zod';
import type { ParseResult } from './resident-id.ts';

const EmailSchema = z.email();

export function parseEmail(raw: string): ParseResult<{ value: string; domain: string }> {
  const trimmed = raw.trim().replace(/^mailto:/i, '');
  if (!EmailSchema.safeParse(trimmed).success) return { ok: false, reason: 'not an email address' };
  const at = trimmed.lastIndexOf('@');
  const domain = trimmed.slice(at + 1).toLowerCase();
  return { ok: true, value: `${trimmed.slice(0, at)}@${domain}`, domain };
}
