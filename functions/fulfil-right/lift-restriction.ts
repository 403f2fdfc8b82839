// Staff lift a restriction the person asked to lift (PIPL art. 44: the person decides; a restriction lasts until they
// lift it): the company's liftRestriction() resumes the processing, each lift is recorded once with an audit event
// that holds no personal data, the person gets a letter saying what resumed and from when, and each processor acting
// for us that was told of the restriction gets a notice that it is lifted (a notice of its own, sent once).
import { addWorkingDays, shanghaiDate } from '../../domain/calendar/index.ts';
import { liftedLines, renderLetter } from '../../domain/replies/index.ts';
import type { NoticePlan } from '../../domain/rules/index.ts';
import { PLAN_KEY, type RecordedPlan } from '../plan-notices/step.ts';
import { deliverNotice } from '../send-recipient-notice/deliver.ts';
import { noticeSections } from '../send-recipient-notice/sections.ts';
import { subjectReference } from '../send-recipient-notice/step.ts';
import { REPLY_KEY } from '../send-reply/step.ts';
import type { StepDeps } from '../shared/deps.ts';
import { deliverRenderedLetter } from '../shared/mail/letters.ts';
import type { ProcessingRestriction } from '../shared/ports.ts';
import { fulfilKey, mustGetRequest, replyAddress } from '../shared/step.ts';
import type { FulfilResult } from './results.ts';

export const liftKey = (restrictionId: string) => `restriction:lift:${restrictionId}`;

export interface RecordedLift {
  restrictionId: string;
  scope: ProcessingRestriction['scope'];
  recipients: string[];
  since: string;
  liftedAt: string;
  liftedBy: string;
  /** How the person asked to lift it. */
  askedVia: 'mail' | 'hotline' | 'in_person';
}

export interface LiftedRestrictions {
  requestId: string;
  /** Every restriction of this request now lifted (by this call or before), first record each. */
  lifted: RecordedLift[];
  /** The ones this call lifted (empty: all were lifted before). */
  newlyLifted: string[];
  /** The letter to the person: mailed, or kept for staff to deliver when there is no address. */
  mailed: boolean;
  /** Partners told the restriction is lifted. */
  partnersTold: string[];
}

export class RestrictionNotLiftable extends Error {
  override name = 'Restriction.NotLiftable';
}
export class RestrictionUnknown extends Error {
  override name = 'Restriction.Unknown';
}

export async function liftRestrictions(
  deps: StepDeps,
  requestId: string,
  ask: { restrictions?: readonly string[] | undefined; askedVia: RecordedLift['askedVia'] },
  staffUser: string,
): Promise<LiftedRestrictions> {
  const restrictionIds = ask.restrictions;
  const r = await mustGetRequest(deps, requestId);
  const res = await deps.store.getStepResult<FulfilResult>(requestId, fulfilKey('restrict'));
  const made = res?.restrictions ?? [];
  if (!res?.customerId || made.length === 0)
    throw new RestrictionNotLiftable('this request restricted no processing: there is nothing to lift');
  // The person lifts what the letter told them of: before the reply went there is nothing they were told to lift.
  if (!(await deps.store.getStepResult(requestId, REPLY_KEY)))
    throw new RestrictionNotLiftable('the reply about this restriction has not gone yet: lift it after the reply');
  const unknown = (restrictionIds ?? []).filter((id) => !made.some((m) => m.id === id));
  if (unknown.length > 0) throw new RestrictionUnknown(`not a restriction of this request: ${unknown.join(', ')}`);
  const chosen = restrictionIds ? made.filter((m) => restrictionIds.includes(m.id)) : made;
  const at = deps.clock.now().toISOString();
  const newlyLifted: string[] = [];
  for (const m of chosen) {
    if (await deps.store.getStepResult<RecordedLift>(requestId, liftKey(m.id))) continue;
    const now = await deps.company.liftRestriction(res.customerId, m.id, at);
    const entry: RecordedLift = {
      restrictionId: m.id,
      scope: m.scope,
      recipients: m.recipients,
      since: m.since,
      liftedAt: now?.liftedAt ?? at,
      liftedBy: staffUser,
      askedVia: ask.askedVia,
    };
    if (await deps.store.putStepResult(requestId, liftKey(m.id), entry)) {
      newlyLifted.push(m.id);
      await deps.store.appendEvent(requestId, {
        type: 'restriction_lifted',
        actor: `staff:${staffUser}`,
        data: {
          restrictionId: m.id,
          scope: m.scope,
          recipients: m.recipients,
          since: m.since,
          liftedAt: entry.liftedAt,
        },
      });
    }
  }
  const lifted = (
    await Promise.all(chosen.map((m) => deps.store.getStepResult<RecordedLift>(requestId, liftKey(m.id))))
  ).filter((x): x is RecordedLift => x !== undefined);
  const partnersTold = await tellPartners(deps, r, lifted);
  const mailed = await tellPerson(deps, r, lifted, partnersTold);
  return { requestId, lifted, newlyLifted, mailed, partnersTold };
}

/** The processors told of the restriction (the recorded notice plan) hear it is lifted; once per partner and set. */
async function tellPartners(
  deps: StepDeps,
  r: Awaited<ReturnType<typeof mustGetRequest>>,
  lifted: readonly RecordedLift[],
): Promise<string[]> {
  const plan = await deps.store.getStepResult<RecordedPlan>(r.id, PLAN_KEY);
  const sentOn = shanghaiDate(deps.clock.now());
  const window = deps.policy.recipients.defaults?.ackWindowWorkingDays ?? 10;
  const told: string[] = [];
  for (const n of plan?.notices ?? []) {
    const restrictionLifted = (n.processingRestricted ?? []).flatMap((x) => {
      const l = lifted.find((y) => y.scope === x.scope);
      return l ? [{ ...x, liftedOn: shanghaiDate(new Date(l.liftedAt)) }] : [];
    });
    if (restrictionLifted.length === 0) continue;
    // The lift alone: nothing of the first notice (deletions, holds, …) is repeated.
    const { accountClosedOn: _closed, restrictedCards: _cards, ...first } = n;
    const liftNotice: NoticePlan = {
      ...first,
      categories: [],
      restricted: [],
      cancellations: [],
      corrected: [],
      consentWithdrawn: [],
      processingRestricted: [],
      restrictionLifted,
      sentOn,
      ackDueBy: addWorkingDays(sentOn, window, deps.calendar),
    };
    const letter = renderLetter(
      'partner_notice',
      'zh',
      {
        requestId: r.id,
        partnerName: n.names,
        ...noticeSections(liftNotice),
        legalBasisArticle: n.legalBasisArticle ?? 23,
        subjectReference: subjectReference(r),
        ackUrl: null,
        ackDueBy: liftNotice.ackDueBy,
        sentOn,
      },
      deps.policy,
    );
    await deliverNotice(deps, {
      requestId: r.id,
      plan: liftNotice,
      letter,
      reference: [],
      ackUrl: null,
      key: `notice:${r.id}:${n.partnerId}:lifted:${restrictionLifted.map((x) => x.scope).join('+')}`,
    });
    told.push(n.partnerId);
  }
  return told;
}

async function tellPerson(
  deps: StepDeps,
  r: Awaited<ReturnType<typeof mustGetRequest>>,
  lifted: readonly RecordedLift[],
  partnersTold: readonly string[],
): Promise<boolean> {
  const plan = await deps.store.getStepResult<RecordedPlan>(r.id, PLAN_KEY);
  const letter = renderLetter(
    'restriction_lifted',
    r.language,
    {
      requestId: r.id,
      receivedOn: r.deadline.receivedOn,
      lines: liftedLines(
        lifted.map((l) => ({ ...l, active: true })),
        deps.policy,
      ),
      partners: (plan?.notices ?? []).filter((n) => partnersTold.includes(n.partnerId)).map((n) => n.names),
    },
    deps.policy,
  );
  const delivered = await deliverRenderedLetter(deps, r, letter, {
    key: `restriction-lifted:${r.id}:${lifted
      .map((l) => l.restrictionId)
      .sort()
      .join('+')}`,
    kind: 'restriction_lifted',
    to: replyAddress(r),
  });
  if (delivered.first)
    await deps.store.appendEvent(r.id, {
      type: 'restriction_lift_letter_sent',
      actor: 'system',
      data: { restrictions: lifted.map((l) => l.restrictionId), mailed: delivered.mailed },
    });
  return delivered.mailed;
}
