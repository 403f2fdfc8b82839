// The privacy officer answers the question the person asked with an explanation request (PIPL art. 48). Recorded
// once (`explanation:answer`) with an audit event that holds no text; the `explanation` task closes and the reply
// that waits for it (AwaitFollowUps) resumes and quotes the answer. When the reply already went (the cut-off passed;
// it said the answer would follow), the answer goes in a letter of its own, once.
import { renderLetter } from '../../domain/replies/index.ts';
import { releaseFollowUps } from '../await-follow-ups/step.ts';
import { REPLY_KEY } from '../send-reply/step.ts';
import type { StepDeps } from '../shared/deps.ts';
import { deliverRenderedLetter } from '../shared/mail/letters.ts';
import { mustGetRequest, replyAddress } from '../shared/step.ts';
import type { FulfilResult } from './results.ts';
import { EXPLANATION_TASK } from './rights/explanation.ts';

export const ANSWER_KEY = 'explanation:answer';
const ROUTE_KEY = 'explanation:route';

export interface RecordedAnswer {
  zh: string;
  en: string;
  answeredAt: string;
  answeredBy: string;
}

export interface AnsweredExplanation {
  requestId: string;
  recorded: boolean;
  answeredAt: string;
  /** The reply was still waiting and quotes it; false: a letter of its own went (or is kept for staff). */
  inReply: boolean;
  mailed?: boolean;
}

/** Why an answer cannot be taken: `state` (409) or `content` (422). */
export class ExplanationNotAnswerable extends Error {
  override name = 'Explanation.NotAnswerable';
  constructor(
    readonly kind: 'state' | 'content',
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// Letters never carry raw identifiers (the person reads them in a mailbox others may see): an ID number, a mobile
// number or a card number in the answer is refused, not masked, so the officer rewrites it.
const RAW_IDENTIFIER = /\d{17}[\dXx]|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)\d{16,19}(?!\d)/;

/** The answer as the letter quotes it; `en` may be left out for a Chinese request (the English part then says so). */
function answerText(language: 'zh' | 'en', answer: { zh: string; en?: string | undefined }) {
  if (RAW_IDENTIFIER.test(answer.zh) || (answer.en && RAW_IDENTIFIER.test(answer.en)))
    throw new ExplanationNotAnswerable(
      'content',
      'answer_not_allowed',
      'the answer carries an ID, mobile or card number: letters never carry raw identifiers — rewrite it',
    );
  if (language === 'en' && !answer.en)
    throw new ExplanationNotAnswerable(
      'content',
      'english_answer_needed',
      'the person wrote in English: give the answer in English too (`en`)',
    );
  return {
    zh: answer.zh,
    en: answer.en ?? 'Our privacy officer answered in Chinese; the answer is in the Chinese part of this letter.',
  };
}

export async function answerExplanation(
  deps: StepDeps,
  requestId: string,
  answer: { zh: string; en?: string | undefined },
  officer: string,
): Promise<AnsweredExplanation> {
  const r = await mustGetRequest(deps, requestId);
  if (!r.rights.includes('explain'))
    throw new ExplanationNotAnswerable('state', 'invalid_state', 'this request asks for no explanation');
  if (!(await deps.store.getTask(requestId, EXPLANATION_TASK)))
    throw new ExplanationNotAnswerable(
      'state',
      'invalid_state',
      'no question is open for this request (not yet verified, or the person asked none)',
    );
  const text = answerText(r.language, answer);
  let first = await deps.store.getStepResult<RecordedAnswer>(requestId, ANSWER_KEY);
  if (first && (first.zh !== text.zh || first.en !== text.en))
    throw new ExplanationNotAnswerable('state', 'already_answered', `the question was answered on ${first.answeredAt}`);
  const recorded = !first;
  if (!first) {
    const entry: RecordedAnswer = { ...text, answeredAt: deps.clock.now().toISOString(), answeredBy: officer };
    if (await deps.store.putStepResult(requestId, ANSWER_KEY, entry))
      await deps.store.appendEvent(requestId, {
        type: 'explanation_answered',
        actor: `officer:${officer}`,
        data: { characters: entry.zh.length, english: answer.en !== undefined },
      });
    first = (await deps.store.getStepResult<RecordedAnswer>(requestId, ANSWER_KEY)) ?? entry;
  }
  await deps.store.completeTask(requestId, EXPLANATION_TASK, 'succeeded', { answeredAt: first.answeredAt });
  // Decided once, after the answer is recorded: a reply not yet decided reads it; one already sent did not have it.
  const route = { inReply: !(await deps.store.getStepResult(requestId, REPLY_KEY)) };
  await deps.store.putStepResult(requestId, ROUTE_KEY, route);
  const { inReply } = (await deps.store.getStepResult<typeof route>(requestId, ROUTE_KEY)) ?? route;
  await releaseFollowUps(deps, requestId);
  const base = { requestId, recorded, answeredAt: first.answeredAt, inReply };
  if (inReply) return base;
  const letter = renderLetter(
    'explanation_answered',
    r.language,
    { requestId, receivedOn: r.deadline.receivedOn, answer: { zh: first.zh, en: first.en } },
    deps.policy,
  );
  const delivered = await deliverRenderedLetter(deps, r, letter, {
    key: `explanation:${requestId}`,
    kind: 'explanation_answered',
    to: replyAddress(r),
  });
  return { ...base, mailed: delivered.mailed };
}

/** The recorded `explain` result as the reply reports it: the answer quoted, or still pending when there is none. */
export function answeredResult(res: FulfilResult, answer: RecordedAnswer | undefined): FulfilResult {
  if (!res.question) return res;
  if (answer) return { ...res, answer: { zh: answer.zh, en: answer.en } };
  return { ...res, status: 'pending_staff' };
}
