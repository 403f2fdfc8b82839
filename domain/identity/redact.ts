// Deep redaction for logs and audit data: masks fields named like personal data and any string that contains an
// ID number, a mobile number, a card number or an email address. Over-masking is preferred to a leak.
import { luhnValid } from './bank-card.ts';
import { maskBankCard, maskEmail, maskIdNumber, maskName, maskPhone } from './mask.ts';

type Kind = 'id' | 'phone' | 'card' | 'email' | 'name';

/** Field names compared lower-cased without `_`/`-`, by suffix (`subjectIdNumber`, `requester_phone`). */
const FIELD_SUFFIXES: [string, Kind][] = [
  ['idnumber', 'id'],
  ['idno', 'id'],
  ['idcard', 'id'],
  ['residentid', 'id'],
  ['phone', 'phone'],
  ['phonenumber', 'phone'],
  ['mobile', 'phone'],
  ['bankcard', 'card'],
  ['cardnumber', 'card'],
  ['cardno', 'card'],
  ['pan', 'card'],
  ['email', 'email'],
  ['emailaddress', 'email'],
  ['name', 'name'],
];
/** Keys ending in "name" that never hold a person's name. */
const SAFE_NAME_KEYS = new Set([
  'statename',
  'indexname',
  'tablename',
  'functionname',
  'filename',
  'eventname',
  'stepname',
  'servicename',
  'queuename',
  'bucketname',
  'rulename',
  'partnername',
  'templatename',
  'hostname',
  'keyname',
  'errorname',
  'username',
  'executionname',
  'metricname',
  'lettername',
]);

function fieldKind(key: string): Kind | undefined {
  const k = key.toLowerCase().replace(/[_-]/g, '');
  if (SAFE_NAME_KEYS.has(k)) return undefined;
  for (const [suffix, kind] of FIELD_SUFFIXES) if (k === suffix || k.endsWith(suffix)) return kind;
  return undefined;
}

function maskAs(kind: Kind, value: string): string {
  switch (kind) {
    case 'id':
      return maskIdNumber(value);
    case 'phone':
      return maskPhone(value);
    case 'card':
      return maskBankCard(value);
    case 'email':
      return maskEmail(value);
    case 'name':
      return maskName(value);
  }
}

const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const ID_RE = /(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx](?![0-9A-Za-z])/g;
const PHONE_RE = /(?<![\d+])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/g;
/** 12-19 digits, optionally grouped: masked when Luhn-valid, or always from 16 digits up (no timestamp is that long). */
const CARD_RE = /(?<!\d)\d(?:[ -]?\d){11,18}(?!\d)/g;

/** Masks personal data found inside free text. */
export function redactText(text: string): string {
  return text
    .replace(EMAIL_RE, (m) => maskEmail(m))
    .replace(ID_RE, (m) => maskIdNumber(m))
    .replace(CARD_RE, (m) => {
      const digits = m.replace(/[ -]/g, '');
      return luhnValid(digits) || digits.length >= 16 ? maskBankCard(digits) : m;
    })
    .replace(PHONE_RE, (m) => maskPhone(m));
}

/** A deep copy of `value` with personal data masked. Cycles become `[Circular]`; depth is capped. */
export function redact(value: unknown): unknown {
  return walk(value, undefined, new WeakSet(), 0);
}

function walk(value: unknown, kind: Kind | undefined, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return kind ? maskAs(kind, value) : redactText(value);
  if (typeof value === 'number' || typeof value === 'bigint')
    return kind && kind !== 'name' ? maskAs(kind, String(value)) : value;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth > 20) return '[Truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, kind, seen, depth + 1));
  const out: Record<string, unknown> = {};
  if (value instanceof Error) {
    out['name'] = value.name;
    out['message'] = redactText(value.message);
    if (value.stack) out['stack'] = redactText(value.stack);
  }
  for (const [k, v] of Object.entries(value)) out[k] = walk(v, fieldKind(k) ?? kind, seen, depth + 1);
  return out;
}

/**
 * Masks every occurrence of the given names in free text (`赵旧户` → `赵**`, `Li Yanshi` → `L*** Y***`): the request's
 * own parties and the names the intake finds in the text, so that a masked view shows no name in clear (D11).
 */
export function maskNames(text: string, names: readonly (string | undefined)[]): string {
  const list = [...new Set(names.filter((n): n is string => !!n && n.trim().length >= 2).map((n) => n.trim()))].sort(
    (a, b) => b.length - a.length,
  );
  let out = text;
  for (const name of list) out = out.split(name).join(maskName(name));
  return out;
}
