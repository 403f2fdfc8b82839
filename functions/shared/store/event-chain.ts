// The audit log's hash chain: each event's hash covers the previous hash, so altering, reordering or dropping an
// event is detectable by anyone holding the events (evidence for regulators).
import { createHash } from 'node:crypto';
import type { AuditEvent } from './store.ts';

/** JSON with object keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The chain's anchor binds it to its request: events cannot be moved to another request's log. */
export function genesisHash(requestId: string): string {
  return sha256(`rightsflow:events:${requestId}`);
}

export function eventHash(e: Omit<AuditEvent, 'hash'>): string {
  return sha256(
    canonicalJson({ prevHash: e.prevHash, seq: e.seq, at: e.at, type: e.type, actor: e.actor, data: e.data ?? null }),
  );
}

export type ChainVerdict = { ok: true; length: number } | { ok: false; seq: number; reason: string };

/** Verifies a request's events in order: seq 1.., each prevHash = previous hash, each hash recomputed. */
export function verifyEventChain(requestId: string, events: readonly AuditEvent[]): ChainVerdict {
  let prev = genesisHash(requestId);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.requestId !== requestId) return { ok: false, seq: e.seq, reason: 'event belongs to another request' };
    if (e.seq !== i + 1) return { ok: false, seq: e.seq, reason: `expected seq ${i + 1}: an event is missing` };
    if (e.prevHash !== prev) return { ok: false, seq: e.seq, reason: 'prevHash does not match the previous event' };
    if (eventHash(e) !== e.hash) return { ok: false, seq: e.seq, reason: 'hash does not match the content' };
    prev = e.hash;
  }
  return { ok: true, length: events.length };
}
