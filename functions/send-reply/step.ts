// SendReply: decides the outcome from the recorded results, renders the letter in the person's language and sends
// it once (`reply:<id>`); the request moves replying → replied with its outcome.
import * as z from 'zod';
import { renderLetter } from '../../domain/replies/index.ts';
import { type Outcome, RequestId } from '../../domain/request/model.ts';
import type { FulfilResult } from '../fulfil-right/results.ts';
import { deliverRenderedLetter } from '../shared/mail/letters.ts';
import { defineStep, fulfilKey, moveStatus, mustGetRequest, replyAddress, threadOf } from '../shared/step.ts';
import { decideReply, type Letter } from './decide.ts';
import { replyDestination } from './destination.ts';
import { liveGrants, sendDownloadCode } from './downloads.ts';

export const REPLY_KEY = 'reply';
export interface RecordedReply {
  outcome: Outcome;
  letter: Letter;
  /** The person is under a legal hold: the letter is rendered with no line that hints at it. */
  confidential?: true;
}

export const step = defineStep({
  name: 'SendReply',
  input: z.object({ requestId: RequestId }).loose(),
  async run({ requestId }, deps) {
    const r = await mustGetRequest(deps, requestId);
    let recorded = await deps.store.getStepResult<RecordedReply>(requestId, REPLY_KEY);
    if (!recorded) {
      const decided = await decideReply(deps, r);
      // Decided once: a re-drive sends the same letter even if facts moved on meanwhile.
      await deps.store.putStepResult(requestId, REPLY_KEY, decided);
      recorded = (await deps.store.getStepResult<RecordedReply>(requestId, REPLY_KEY)) ?? decided;
    }
    const { outcome, letter } = recorded;
    const kind = letter.kind;
    await moveStatus(deps, requestId, 'replying');
    const to = await replyDestination(deps, r, letter);
    // The letter's data was checked by its schema when decided; renderLetter checks it again.
    const rendered = renderLetter(letter.kind, r.language, letter.data as never, deps.policy, {
      ...(recorded.confidential ? { confidential: true } : {}),
    });
    // Mailed once; without an address it is kept for staff to read out or post (a delivery task opens).
    const delivered = await deliverRenderedLetter(deps, r, rendered, {
      key: `reply:${requestId}`,
      kind: 'reply',
      to,
      // Threaded onto the asker's mail only when it goes back to the asker.
      ...(to && to === replyAddress(r) ? threadOf(r) : {}),
    });
    const messageId = delivered.messageId;
    // The codes of the letter's download links, each on its own channel.
    for (const grant of await liveGrants(deps, r)) {
      const res = await deps.store.getStepResult<FulfilResult>(requestId, fulfilKey(grant.right));
      await sendDownloadCode(deps, r, grant, res?.customerId, to);
    }
    await moveStatus(
      deps,
      requestId,
      'replied',
      {
        type: 'reply_sent',
        actor: 'workflow:SendReply',
        // Without an address staff deliver the kept letter by phone or post (the delivery task).
        data: { outcome, letter: kind, mailed: delivered.mailed, ...(messageId ? { messageId } : {}) },
      },
      { outcome, repliedAt: deps.clock.now().toISOString() },
    );
    deps.metrics.count(`outcome_${outcome}`);
    return { outcome };
  },
});
