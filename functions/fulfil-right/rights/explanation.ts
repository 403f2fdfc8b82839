// explain with a question (PIPL art. 48: the person may ask us to explain our processing rules; a question asked must
// be answered, not met with the general rules alone). The question's sentences are read from the person's words and
// kept sealed; an `explanation` task asks the privacy officer to answer (POST /api/requests/{id}/explanation →
// answer-explanation.ts) and the reply waits for it (AwaitFollowUps) until the cut-off. The answer is quoted in the
// letter; an answer given after the reply went goes in a letter of its own.
import { askedQuestion, questionsIn } from '../../../domain/disclosure/index.ts';
import type { RightsRequest } from '../../../domain/request/model.ts';
import type { StepDeps } from '../../shared/deps.ts';
import { notifyOfficer } from '../../shared/mail/task-notice.ts';
import type { FulfilResult } from '../results.ts';

export const EXPLANATION_TASK = 'explanation' as const;
/** The question's sentences as the person wrote them (sealed: they may name people or numbers). */
export const QUESTION_KEY = 'explanation:question';

export interface RecordedQuestion {
  sealed: string;
}

export async function readQuestion(deps: Pick<StepDeps, 'store' | 'cipher'>, requestId: string): Promise<string[]> {
  const q = await deps.store.getStepResult<RecordedQuestion>(requestId, QUESTION_KEY);
  return q ? (JSON.parse(await deps.cipher.open(q.sealed)) as string[]) : [];
}

/** When the person asked a question: records it, opens the officer's task (once) and marks the result as asking. */
export async function openExplanation(
  deps: StepDeps,
  r: RightsRequest,
  described: Omit<FulfilResult, 'right' | 'at'>,
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  if (!askedQuestion(r.details)) return described;
  const questions = questionsIn(r.details);
  await deps.store.putStepResult(r.id, QUESTION_KEY, {
    sealed: await deps.cipher.seal(JSON.stringify(questions)),
  } satisfies RecordedQuestion);
  if (!(await deps.store.getTask(r.id, EXPLANATION_TASK))) {
    await deps.store.putTask({
      requestId: r.id,
      kind: EXPLANATION_TASK,
      // No token of its own: AwaitFollowUps waits for it (releaseFollowUps once it is answered).
      taskToken: 'none',
      status: 'open',
      assignee: 'privacy_officer',
      createdAt: deps.clock.now().toISOString(),
      // What the answer may speak of: the person's own categories, or only the general rules (identity not
      // verified for disclosure, or nobody found): the answer must then say nothing about a person.
      context: {
        general: described.general === true,
        categories: (described.summary ?? []).map((s) => s.category),
        sentences: questions.length,
      },
    });
    await notifyOfficer(deps, {
      kind: 'explanation',
      request: r,
      reasons: [
        described.general
          ? '本人就个人信息处理规则提出了问题（身份未达到披露个人信息的核验级别：答复只能涉及一般规则）/ the person asked about our processing rules (identity not verified for disclosure: answer in general terms only)'
          : '本人就个人信息处理规则提出了问题，答复将载入答复函（《个人信息保护法》第四十八条）/ the person asked about our processing rules; the answer goes into the reply (PIPL art. 48)',
      ],
    });
  }
  return { ...described, question: true };
}
