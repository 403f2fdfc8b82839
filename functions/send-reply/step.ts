// SendReply: decides the outcome from the recorded results, renders the letter in the person's language and sends
// it once (`reply:<id>`); the request moves replying → replied with its outcome.
import { z } from 'zod';
import { renderLetter } from '../../domain/replies/index.ts';
import { type Outcome, RequestId } from '../../domain/request/model.ts';
import { defineStep, moveStatus, mustGetRequest, replyAddress, sendOnce, threadOf } from '../shared/step.ts';
import { decideReply, type Letter } from './decide.ts';
import { replyDestination } from './destination.ts';

export const REPLY_KEY = 'reply';
export interface RecordedReply {
  outcome: Outcome;
  letter: Letter;
}

export const step = defineStep({
  name: 'SendReply',
  input: z.object({ requestId: RequestId }).loose(),
  async run({ requestId }, deps) {
    const r = await mustGetRequest(deps, requestId);
    let recorded = await deps.store.getStepResult<RecordedReply>(requestId, REPLY_KEY);
    if (!recorded) {
      const { outcome, letter } = await decideReply(deps, r);
      // Decided once: a re-drive sends the same letter even if facts moved on meanwhile.
      await deps.store.putStepResult(requestId, REPLY_KEY, { outcome, letter });
      recorded = (await deps.store.getStepResult<RecordedReply>(requestId, REPLY_KEY)) ?? { outcome, letter };
    }
    const { outcome, letter } = recorded;
    const kind = letter.kind;
    await moveStatus(deps, requestId, 'replying');
    const to = await replyDestination(deps, r, letter);
    let messageId: string | undefined;
    if (to) {
      // The letter's data was checked by its schema when decided; renderLetter checks it again.
      const rendered = renderLetter(letter.kind, r.language, letter.data as never, deps.policy);
      const sent = await sendOnce(deps, {
        key: `reply:${requestId}`,
        kind: 'reply',
        requestId,
        from: deps.config.senderAddress,
        to: [to],
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        // Threaded onto the asker's mail only when it goes back to the asker.
        ...(to === replyAddress(r) ? threadOf(r) : {}),
      });
      messageId = sent.messageId;
    }
    await moveStatus(
      deps,
      requestId,
      'replied',
      {
        type: 'reply_sent',
        actor: 'workflow:SendReply',
        // Hotline requests without an address: staff read the letter to the person (the console shows it).
        data: { outcome, letter: kind, mailed: to !== undefined, ...(messageId ? { messageId } : {}) },
      },
      { outcome, repliedAt: deps.clock.now().toISOString() },
    );
    deps.metrics.count(`outcome_${outcome}`);
    return { outcome };
  },
});
