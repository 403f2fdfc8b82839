// The local outbox shows what people received; a one-time code in it is the person's secret (newcomer review D32).

/** Kinds of message that carry a one-time code: `verification_code`, and any later `*_code` (e.g. download codes). */
const isCodeKind = (kind: unknown): boolean => typeof kind === 'string' && kind.endsWith('_code');

const maskDigits = (s: string): string =>
  s.replace(/(?<![0-9A-Za-z-])\d{4,10}(?![0-9A-Za-z])/g, (d) => '*'.repeat(d.length));

/** The message with every code-like digit run starred, for staff who are not admins. */
export function maskOneTimeCodes(item: unknown): unknown {
  if (!item || typeof item !== 'object') return item;
  const m = item as Record<string, unknown>;
  if (!isCodeKind(m['kind'])) return item;
  const out: Record<string, unknown> = { ...m, codesMasked: true };
  for (const field of ['text', 'html', 'subject'] as const)
    if (typeof m[field] === 'string') out[field] = maskDigits(m[field]);
  return out;
}
