// When a request loads, its subject is looked up once (per set of identifiers): identifiers that point to two
// different customers are reported to staff at once (issue 13 item 5), and a customer under 14 found through any
// request — whoever asked — makes the request a priority one and opens a privacy-officer task to delete the child's
// data (policy §5: "如果我们发现…收集了儿童的个人信息，则会设法尽快删除相关数据").
import { createHmac } from 'node:crypto';
import { isUnder14, parseResidentId, subjectHash } from '../../domain/identity/index.ts';
import type { RightsRequest } from '../../domain/request/model.ts';
import type { StepDeps } from '../shared/deps.ts';
import { notifyOfficer } from '../shared/mail/task-notice.ts';
import { priorityTarget } from '../shared/requests.ts';
import { lookupCustomer, patchRequest } from '../shared/step.ts';

const screenKey = (hash: string | undefined) => `screen:${hash ?? 'none'}`;

/** The customer's birth date as the company holds it (the ID number's, or a birth date field). */
export async function customerBirthDate(deps: StepDeps, customerId: string): Promise<string | undefined> {
  const data = await deps.company.export(customerId);
  for (const rec of data.identity ?? []) {
    const { idNumber, birthDate } = rec as { idNumber?: unknown; birthDate?: unknown };
    if (typeof birthDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return birthDate;
    if (typeof idNumber === 'string') {
      const id = parseResidentId(idNumber);
      if (id.ok) return id.birthDate;
    }
  }
  return undefined;
}

async function childFound(deps: StepDeps, r: RightsRequest, customerId: string): Promise<void> {
  if (!r.minor) {
    await patchRequest(
      deps,
      r.id,
      (cur) =>
        cur.minor
          ? undefined
          : {
              minor: true,
              target: priorityTarget(deps.calendar, deps.policy.settings, cur.receivedAt, true, cur.deadline),
            },
      { type: 'minor_found', actor: 'workflow:LoadRequest', data: { source: 'company_records' } },
    );
  }
  // One task per child, whichever request found them first: the key names the customer by a keyed hash only.
  const childKey = `child:${createHmac('sha256', deps.config.subjectHashSalt).update(customerId).digest('hex').slice(0, 32)}`;
  if (!(await deps.store.claimLookupKey(childKey, r.id))) return;
  if (await deps.store.getTask(r.id, 'child_data')) return;
  await deps.store.putTask({
    requestId: r.id,
    kind: 'child_data',
    taskToken: 'none',
    status: 'open',
    assignee: 'privacy_officer',
    context: { customerId, basis: 'privacy policy §5; 未成年人网络保护条例', foundVia: r.id },
    createdAt: deps.clock.now().toISOString(),
  });
  await deps.store.appendEvent(r.id, {
    type: 'child_data_found',
    actor: 'workflow:LoadRequest',
    data: { customerId, task: 'child_data' },
  });
  const fresh = (await deps.store.getRequest(r.id)) ?? r;
  await notifyOfficer(deps, { kind: 'child_data', request: fresh, reasons: ['child_under_14_found'] });
}

export async function screenSubject(deps: StepDeps, r: RightsRequest): Promise<void> {
  const key = screenKey(subjectHash(r.subject, deps.config.subjectHashSalt));
  if (await deps.store.getStepResult(r.id, key)) return;
  const found = await lookupCustomer(deps, r);
  if (found.kind === 'conflict') {
    await deps.store.appendEvent(r.id, {
      type: 'customer_lookup_conflict',
      actor: 'workflow:LoadRequest',
      // Internal customer references (not personal data); keys not named like identifiers, so audit redaction keeps them.
      data: { idLookup: found.byIdNumber, phoneLookup: found.byPhone },
    });
    await notifyOfficer(deps, { kind: 'identifiers', request: r, reasons: ['identifier_conflict'] });
  }
  if (found.kind === 'found') {
    const born = await customerBirthDate(deps, found.customerId);
    if (born && isUnder14(born, deps.clock.now(), deps.policy.settings.minors.minorAge))
      await childFound(deps, r, found.customerId);
  }
  await deps.store.putStepResult(r.id, key, { lookup: found.kind, at: deps.clock.now().toISOString() });
}
