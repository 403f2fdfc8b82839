// The erasure guard: holds win, by construction. For random holds and requests nothing held is ever erased and every
// erasure names its PIPL art. 47 ¶1 ground — in the domain's decision and through the one function that erases.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../domain/policy/index.ts';
import { DATA_CATEGORIES, type DataCategory } from '../../../domain/request/model.ts';
import {
  currentHolds,
  deletionGrounds,
  erasedBy,
  governingHold,
  guardErasure,
  type Hold,
  heldBy,
} from '../../../domain/rules/index.ts';
import type { StepDeps } from '../../../functions/shared/deps.ts';
import { eraseGuarded } from '../../../functions/shared/erasure.ts';
import type { CompanyDataSource } from '../../../functions/shared/ports.ts';

const policy = loadPolicy();
const NOW = new Date('2026-11-25T04:00:00Z');
const categories = fc.subarray([...DATA_CATEGORIES]);
const isoDay = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** Everything the company may report about holds, drawn at random. */
const holdFacts = fc.record({
  legalHolds: fc.array(fc.constantFrom('aml_investigation', 'litigation', 'regulator', 'other'), { maxLength: 2 }),
  disputes: fc.array(categories, { maxLength: 2 }),
  restrictions: fc.array(
    fc.record({
      categories,
      until: fc.option(
        isoDay.map((d) => d.slice(0, 10)),
        { nil: null },
      ),
    }),
    { maxLength: 2 },
  ),
  relationshipEndedAt: fc.option(isoDay, { nil: undefined }),
  lastTransactionAt: fc.option(isoDay, { nil: undefined }),
});

describe('guardErasure (property)', () => {
  it('never erases a held category; every erasure is asked for, present and rests on a ground', () => {
    fc.assert(
      fc.property(
        categories,
        categories,
        holdFacts,
        fc.option(fc.constantFrom('consent_withdrawn', 'unlawful_processing') as fc.Arbitrary<'consent_withdrawn'>),
        (present, requested, f, asserted) => {
          const holds = currentHolds(
            {
              categories: present,
              legalHolds: f.legalHolds.map((kind) => ({ kind })),
              disputes: f.disputes.map((c) => ({ categories: c })),
              restrictions: f.restrictions,
              anchors: { relationshipEndedAt: f.relationshipEndedAt, lastTransactionAt: f.lastTransactionAt },
              now: NOW,
            },
            policy,
          );
          const grounds = deletionGrounds(
            requested,
            { relationshipEnded: f.relationshipEndedAt !== undefined, asserted: asserted ?? undefined },
            policy,
          );
          const d = guardErasure({ present, requested, grounds, holds }, policy);
          const heldCats = new Set(holds.map((h) => h.category));
          for (const e of erasedBy(d)) {
            expect(heldCats.has(e.category)).toBe(false);
            expect(present).toContain(e.category);
            expect(requested).toContain(e.category);
            expect(grounds.find((g) => g.category === e.category)?.ground).toBe(e.ground);
            expect(e.mode).toBe(policy.retention.erasure[e.category]);
          }
          // Each requested present category gets exactly one disposition; the rest are untouched.
          const asked = present.filter((c) => requested.includes(c));
          expect(d.dispositions.map((x) => x.category).sort()).toEqual([...asked].sort());
          expect([...d.untouched].sort()).toEqual(present.filter((c) => !requested.includes(c)).sort());
          // A held category is kept with its governing hold: the one that ends last.
          for (const h of heldBy(d)) {
            const governing = holds.filter((x) => x.category === h.category).reduce(governingHold);
            expect(h).toEqual(governing);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** A company that records what it is told to erase and restrict, reporting the holds drawn. */
type Drawn = typeof holdFacts extends fc.Arbitrary<infer T> ? T : never;

function recordingCompany(f: Drawn, present: readonly DataCategory[]) {
  const erased: DataCategory[] = [];
  const restricted: DataCategory[] = [];
  const company = {
    describe: async () => present.map((category) => ({ category, records: 1 })),
    retentionAnchors: async () => ({
      ...(f.relationshipEndedAt ? { relationshipEndedAt: f.relationshipEndedAt } : {}),
      ...(f.lastTransactionAt ? { lastTransactionAt: f.lastTransactionAt } : {}),
    }),
    legalHolds: async () => f.legalHolds.map((kind) => ({ kind, since: '2026-01-01T00:00:00Z' })),
    disputeHolds: async () => f.disputes.map((c, i) => ({ disputeId: `D${i}`, openedAt: '2026-01-01', categories: c })),
    restrictions: async () => f.restrictions.map((r) => ({ ...r, since: '2026-01-01' })),
    erase: async (_id: string, cs: DataCategory[]) => {
      erased.push(...cs);
      return Object.fromEntries(cs.map((c) => [c, 1]));
    },
    restrict: async (_id: string, cs: DataCategory[]) => void restricted.push(...cs),
  } as unknown as CompanyDataSource;
  return { company, erased, restricted };
}

describe('eraseGuarded (property): the only erasing path reads the holds itself', () => {
  it('erases nothing the company reports as held, restricts what it holds, and explains every erasure', async () => {
    await fc.assert(
      fc.asyncProperty(categories, categories, holdFacts, async (present, requested, f) => {
        const { company, erased, restricted } = recordingCompany(f, present);
        const deps = { company, policy } as unknown as StepDeps;
        const out = await eraseGuarded(deps, { customerId: 'C1', present, requested, minor: false, now: NOW });
        const holds = currentHolds(
          {
            categories: present,
            legalHolds: f.legalHolds.map((kind) => ({ kind })),
            disputes: f.disputes.map((c) => ({ categories: c })),
            restrictions: f.restrictions,
            anchors: { relationshipEndedAt: f.relationshipEndedAt, lastTransactionAt: f.lastTransactionAt },
            now: NOW,
          },
          policy,
        );
        for (const c of erased) expect(holds.some((h) => h.category === c)).toBe(false);
        expect(out.plan.grounds.map((g) => g.category).sort()).toEqual([...erased].sort());
        expect([...restricted].sort()).toEqual(out.plan.hold.map((h: Hold) => h.category).sort());
      }),
      { numRuns: 200 },
    );
  });
});

describe('deletion grounds (PIPL art. 47 ¶1, policy §4(2))', () => {
  it('while the service continues, what it needs has no ground; marketing on consent, support on purpose achieved', () => {
    const g = deletionGrounds([...DATA_CATEGORIES], { relationshipEnded: false }, policy);
    expect(Object.fromEntries(g.map((x) => [x.category, x.ground]))).toEqual({
      identity: null,
      contact: null,
      bank_cards: null,
      transactions: null,
      device: null,
      marketing: 'consent_withdrawn',
      support: 'purpose_achieved',
    });
  });

  it('once the relationship ended every category rests on "service ended"; the officer may determine another', () => {
    const g = deletionGrounds(['identity', 'device'], { relationshipEnded: true }, policy);
    expect(g.map((x) => x.ground)).toEqual(['service_ended', 'service_ended']);
    const officer = deletionGrounds(
      ['identity', 'device'],
      { relationshipEnded: false, determined: { device: 'unlawful_processing' } },
      policy,
    );
    expect(officer.map((x) => x.ground)).toEqual([null, 'unlawful_processing']);
  });
});

describe('holds win by construction: nothing but the guarded path erases', () => {
  it('CompanyDataSource.erase is called only from functions/shared/erasure.ts', () => {
    const root = join(__dirname, '../../..');
    const callers: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && /company\s*\.\s*erase\s*\(|\.company\.erase\b/.test(readFileSync(p, 'utf8')))
          callers.push(p.slice(root.length + 1));
      }
    };
    for (const d of ['functions', 'infra', 'domain', 'cli']) walk(join(root, d));
    expect(callers).toEqual(['functions/shared/erasure.ts']);
  });
});
