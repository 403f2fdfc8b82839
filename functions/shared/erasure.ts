// The only way anything erases a person's data (deletion, quick-pay cancellation, account closure, deferred deletion,
// consent-based deletions): read every hold in force NOW from the company's systems, let the domain's guard decide
// (holds win; every erasure rests on a PIPL art. 47 ¶1 ground), erase exactly what it cleared and keep the rest
// storage-only (PIPL art. 47 ¶2). CompanyDataSource.erase is called nowhere else (test/unit/rules/guard-property.test.ts
// checks the source tree).
import type { DeletionGroundCode } from '../../domain/policy/schema.ts';
import type { DataCategory } from '../../domain/request/model.ts';
import {
  currentHolds,
  deletionGrounds,
  type ErasurePlan,
  type GuardedErasure,
  guardErasure,
  type Hold,
  planErasure,
  type RetentionAnchors,
} from '../../domain/rules/index.ts';
import type { StepDeps } from './deps.ts';

/** A hold without a date is restricted with this date: the connector keeps it storage-only until told otherwise. */
export const OPEN_ENDED = '9999-12-31';

export interface ErasureOrder {
  customerId: string;
  /** Categories the company holds for the person (read before anything was erased). */
  present: readonly DataCategory[];
  /** Categories to erase if nothing holds them and a ground covers them. */
  requested: readonly DataCategory[];
  /** The relationship ends with this request (account closure); otherwise the company's anchors say. */
  relationshipEnds?: boolean;
  /** The ground the request itself rests on for all it covers (e.g. consent withdrawn for consent-based data). */
  assertedGround?: DeletionGroundCode;
  /** Grounds the privacy officer determined for named categories. */
  determinedGrounds?: Partial<Record<DataCategory, DeletionGroundCode>>;
  /** Narrows erasure and restriction of card and transaction data to these quick-pay bindings' records. */
  bindingIds?: string[];
  minor: boolean;
  now: Date;
}

export interface ErasureOutcome {
  plan: ErasurePlan;
  /** Records affected per erased category. */
  counts: Partial<Record<DataCategory, number>>;
  anchors: RetentionAnchors;
  /** Kinds of the legal holds in force (never their references): for the officer and the audit, not the person. */
  legalHoldKinds: string[];
}

/** Every hold in force now on the customer's data, with the anchors they were counted from. */
export async function holdsNow(
  deps: Pick<StepDeps, 'company' | 'policy'>,
  customerId: string,
  present: readonly DataCategory[],
  now: Date,
): Promise<{ holds: Hold[]; anchors: RetentionAnchors; legalHoldKinds: string[]; openDisputes: number }> {
  const [anchors, legal, disputes, restrictions] = await Promise.all([
    deps.company.retentionAnchors(customerId),
    deps.company.legalHolds(customerId),
    deps.company.disputeHolds(customerId),
    deps.company.restrictions(customerId),
  ]);
  const holds = currentHolds(
    { categories: present, legalHolds: legal, disputes, restrictions, anchors, now },
    deps.policy,
  );
  return { holds, anchors, legalHoldKinds: legal.map((h) => h.kind), openDisputes: disputes.length };
}

/** Acts on the guard's decision: erase what it cleared, restrict what it held. */
async function apply(
  deps: StepDeps,
  order: ErasureOrder,
  decision: GuardedErasure,
): Promise<{ plan: ErasurePlan; counts: Partial<Record<DataCategory, number>> }> {
  const plan = planErasure(decision, { minor: order.minor, now: order.now }, deps.policy);
  const scope = order.bindingIds ? { bindingIds: order.bindingIds } : undefined;
  const counts: Partial<Record<DataCategory, number>> = {};
  for (const { categories, mode } of plan.erase)
    Object.assign(
      counts,
      scope
        ? await deps.company.erase(order.customerId, categories, mode, scope)
        : await deps.company.erase(order.customerId, categories, mode),
    );
  const byUntil = new Map<string, DataCategory[]>();
  for (const h of plan.hold) {
    const until = h.until ?? OPEN_ENDED;
    byUntil.set(until, [...(byUntil.get(until) ?? []), h.category]);
  }
  for (const [until, categories] of byUntil)
    if (scope) await deps.company.restrict(order.customerId, categories, until, scope);
    else await deps.company.restrict(order.customerId, categories, until);
  return { plan, counts };
}

export async function eraseGuarded(deps: StepDeps, order: ErasureOrder): Promise<ErasureOutcome> {
  const { holds, anchors, legalHoldKinds } = await holdsNow(deps, order.customerId, order.present, order.now);
  const relationshipEnded = order.relationshipEnds === true || anchors.relationshipEndedAt !== undefined;
  const grounds = deletionGrounds(
    order.requested,
    { relationshipEnded, asserted: order.assertedGround, determined: order.determinedGrounds },
    deps.policy,
  );
  const decision = guardErasure({ present: order.present, requested: order.requested, grounds, holds }, deps.policy);
  const { plan, counts } = await apply(deps, order, decision);
  return { plan, counts, anchors, legalHoldKinds };
}

/**
 * Re-applies an erasure already decided and recorded (the restore guard, after a restore from backup brought the
 * person's data back): the same categories in the same modes — and holds still win: a category a hold covers now
 * (a dispute or a restriction opened since) is restricted, not erased.
 */
export async function reapplyErasure(
  deps: Pick<StepDeps, 'company' | 'policy'>,
  customerId: string,
  groups: readonly { mode: 'delete' | 'anonymise'; categories: readonly DataCategory[] }[],
  now: Date,
): Promise<{ counts: Partial<Record<DataCategory, number>>; heldNow: DataCategory[] }> {
  const present = (await deps.company.describe(customerId)).map((d) => d.category);
  const { holds } = await holdsNow(deps, customerId, present, now);
  const until = new Map<DataCategory, string>();
  for (const h of holds) {
    const end = h.until ?? OPEN_ENDED;
    if ((until.get(h.category) ?? '') < end) until.set(h.category, end);
  }
  const counts: Partial<Record<DataCategory, number>> = {};
  const heldNow: DataCategory[] = [];
  for (const g of groups) {
    const erasable = g.categories.filter((c) => !until.has(c));
    heldNow.push(...g.categories.filter((c) => until.has(c) && present.includes(c)));
    if (erasable.length) Object.assign(counts, await deps.company.erase(customerId, [...erasable], g.mode));
  }
  const byUntil = new Map<string, DataCategory[]>();
  for (const c of heldNow) byUntil.set(until.get(c)!, [...(byUntil.get(until.get(c)!) ?? []), c]);
  for (const [end, categories] of byUntil) await deps.company.restrict(customerId, categories, end);
  return { counts, heldNow };
}
