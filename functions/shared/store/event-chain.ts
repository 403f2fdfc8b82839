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
  const v = verifyAuditTrail(requestId, events);
  return v.intact ? { ok: true, length: v.length } : { ok: false, seq: v.problem.seq, reason: v.problem.detail };
}

/** What was done to the trail, as far as the hashes can tell. */
export type TamperKind = 'edited' | 'removed' | 'inserted' | 'reordered' | 'foreign' | 'rewritten';

export interface AnchorRef {
  seq: number;
  hash: string;
  at: string;
}

export type AuditVerdict =
  | {
      intact: true;
      length: number;
      /** The last event: the value to compare with a copy held elsewhere. */
      head: { seq: number; hash: string } | null;
      /** The head anchored outside the table, when there is one; events after it are chained but not yet anchored. */
      anchor: (AnchorRef & { eventsAfter: number }) | null;
    }
  | { intact: false; length: number; problem: { kind: TamperKind; seq: number; detail: string } };

const renumbered = (e: AuditEvent, by: number) => eventHash({ ...e, seq: e.seq + by }) === e.hash;

/**
 * Recomputes a request's chain from its genesis and reports the first event that was edited, inserted, removed or
 * moved; then checks the head anchored outside the table (`anchor`), which catches a chain rewritten from scratch
 * (every hash recomputed) and events removed from the end. Events are given in stored order (EVT#<seq>).
 */
export function verifyAuditTrail(requestId: string, events: readonly AuditEvent[], anchor?: AnchorRef): AuditVerdict {
  const fail = (kind: TamperKind, seq: number, detail: string): AuditVerdict => ({
    intact: false,
    length: events.length,
    problem: { kind, seq, detail },
  });
  let prev = genesisHash(requestId);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const expected = i + 1;
    if (e.requestId !== requestId)
      return fail('foreign', e.seq, `event at position ${expected} belongs to request ${e.requestId}`);
    if (e.seq > expected && events.slice(i + 1).some((x) => x.seq === expected))
      return fail('reordered', expected, `event ${expected} is stored after event ${e.seq}`);
    if (e.seq > expected)
      return fail(
        'removed',
        expected,
        e.seq === expected + 1 ? `event ${expected} is missing` : `events ${expected} to ${e.seq - 1} are missing`,
      );
    if (e.seq < expected) return fail('reordered', e.seq, `event ${e.seq} is stored after event ${expected - 1}`);
    if (eventHash(e) !== e.hash) {
      // Numbers shifted by one with the content untouched: an event was slipped in, or taken out, before this one.
      if (renumbered(e, -1))
        return fail('inserted', e.seq - 1, `an event was inserted as event ${e.seq - 1} and the later ones renumbered`);
      if (renumbered(e, 1)) return fail('removed', e.seq, `event ${e.seq} was removed and the later ones renumbered`);
      return fail('edited', e.seq, `event ${e.seq} no longer matches its hash: its content was changed`);
    }
    if (e.prevHash !== prev)
      return fail(
        'edited',
        Math.max(1, e.seq - 1),
        e.seq === 1
          ? 'event 1 is not chained to this request'
          : `event ${e.seq - 1} is not the event that event ${e.seq} was chained to: it was changed (hash recomputed), replaced or inserted`,
      );
    prev = e.hash;
  }
  const last = events[events.length - 1];
  if (anchor) {
    if (events.length < anchor.seq)
      return fail(
        'removed',
        events.length + 1,
        `events ${events.length + 1} to ${anchor.seq} were removed: the head anchored outside the table at ${anchor.at} is event ${anchor.seq}`,
      );
    if (events[anchor.seq - 1]!.hash !== anchor.hash)
      return fail(
        'rewritten',
        anchor.seq,
        `the chain was rewritten: event ${anchor.seq} differs from the head anchored outside the table at ${anchor.at}`,
      );
  }
  return {
    intact: true,
    length: events.length,
    head: last ? { seq: last.seq, hash: last.hash } : null,
    anchor: anchor ? { ...anchor, eventsAfter: events.length - anchor.seq } : null,
  };
}
