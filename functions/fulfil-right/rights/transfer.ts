// Portability to a company the person named (PIPL art. 45 ¶3; NDSR art. 25): the package is built as for the person
// (export.ts) and the company read from the words (domain/exports/receiver.ts) is only a proposal — a name in a mail
// proves nothing about who controls an address. A `transfer` task asks the privacy officer to confirm the company's
// receiving address or refuse with a reason (POST /api/requests/{id}/transfer → decide-transfer.ts); the reply waits
// for it (AwaitFollowUps) until the cut-off.
import { namedReceiver } from '../../../domain/exports/receiver.ts';
import { maskEmail } from '../../../domain/identity/index.ts';
import type { RightsRequest } from '../../../domain/request/model.ts';
import type { StepDeps } from '../../shared/deps.ts';
import { notifyOfficer } from '../../shared/mail/task-notice.ts';
import type { FulfilResult } from '../results.ts';

export const TRANSFER_TASK = 'transfer' as const;
/** The receiver as the person named it (sealed: a contact address may be a person's). */
export const PROPOSAL_KEY = 'transfer:proposal';

export interface RecordedProposal {
  sealed: string;
}

export interface Proposal {
  name: string | null;
  email: string | null;
}

export async function readProposal(deps: Pick<StepDeps, 'store' | 'cipher'>, requestId: string) {
  const p = await deps.store.getStepResult<RecordedProposal>(requestId, PROPOSAL_KEY);
  return p ? (JSON.parse(await deps.cipher.open(p.sealed)) as Proposal) : undefined;
}

/** When the person named a receiving company: records it, opens the officer's task (once), marks the result. */
export async function openTransfer(
  deps: StepDeps,
  r: RightsRequest,
  exported: Omit<FulfilResult, 'right' | 'at'>,
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const receiver = namedReceiver(r.details);
  if (!receiver || !exported.exportKey) return exported;
  await deps.store.putStepResult(r.id, PROPOSAL_KEY, {
    sealed: await deps.cipher.seal(JSON.stringify(receiver satisfies Proposal)),
  } satisfies RecordedProposal);
  if (!(await deps.store.getTask(r.id, TRANSFER_TASK))) {
    await deps.store.putTask({
      requestId: r.id,
      kind: TRANSFER_TASK,
      // No token of its own: AwaitFollowUps waits for it (releaseFollowUps once it is decided).
      taskToken: 'none',
      status: 'open',
      assignee: 'privacy_officer',
      createdAt: deps.clock.now().toISOString(),
      // A company name is not personal data; the contact address stays sealed (GET /api/requests/{id} shows the words).
      context: { receiverName: receiver.name, contactGiven: receiver.email !== null },
    });
    await notifyOfficer(deps, {
      kind: 'transfer',
      request: r,
      // Short (notices cut each reason at 200 characters): the action line says what to do.
      reasons: [
        `本人要求将可转移的副本转移至${receiver.name ?? '其指定的接收方'}（个保法第45条第3款）/ transfer to ${receiver.name ?? 'a company the person named'} asked (PIPL art. 45(3))`,
      ],
    });
  }
  // How letters name it until the officer confirms: the company's name, else its contact masked.
  return { ...exported, transferTo: receiver.name ?? maskEmail(receiver.email ?? '') };
}
