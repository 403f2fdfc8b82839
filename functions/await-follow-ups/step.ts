// AwaitFollowUps (.waitForTaskToken), after FulfilRights: the request stays open while staff finish what a right
// needs a person for (a correction to check and apply, PIPL art. 46; a question to answer, art. 48), so that the reply reports what was really
// done and the partner notices that follow from it go out with the others. It waits inside the deadline: the timer
// fires at the follow-up cut-off ({expired: true}), and the reply then says what is still open (the open task stays
// a tracked follow-up with its own letter).
import * as z from 'zod';
import { RequestId } from '../../domain/request/model.ts';
import type { StepDeps } from '../shared/deps.ts';
import { completeWaitingTask, defineStep, mustGetRequest, openWaitingTask } from '../shared/step.ts';
import type { TaskKind } from '../shared/store/store.ts';
import { followUpCutOff } from './cut-off.ts';

export const FOLLOW_UPS_TASK = 'follow_ups' as const;

/** Staff tasks FulfilRight opens that the reply waits for. */
export const FOLLOW_UP_KINDS = ['correction', 'explanation', 'transfer'] as const satisfies readonly TaskKind[];

export async function openFollowUps(deps: Pick<StepDeps, 'store'>, requestId: string): Promise<TaskKind[]> {
  const tasks = await Promise.all(FOLLOW_UP_KINDS.map((k) => deps.store.getTask(requestId, k)));
  return tasks.filter((t) => t?.status === 'open').map((t) => t!.kind);
}

/** Called when staff finished a follow-up: once none is open, the waiting step resumes (the reply goes out). */
export async function releaseFollowUps(deps: StepDeps, requestId: string): Promise<void> {
  const waiting = await deps.store.getTask(requestId, FOLLOW_UPS_TASK);
  if (waiting?.status !== 'open' || (await openFollowUps(deps, requestId)).length > 0) return;
  await completeWaitingTask(deps, requestId, FOLLOW_UPS_TASK, { status: 'succeeded', result: { done: true } });
}

export const step = defineStep({
  name: 'AwaitFollowUps',
  input: z.object({ requestId: RequestId, taskToken: z.string().min(1) }),
  async run({ requestId, taskToken }, deps) {
    const open = await openFollowUps(deps, requestId);
    // Nothing to wait for (most requests) and no waiting task from an earlier run: resume at once, without a task
    // and a timer that would only be written to be completed (issue 14: three writes per request). Staff cannot
    // open a follow-up after FulfilRights, so none can appear for this run to miss.
    if (open.length === 0 && !(await deps.store.getTask(requestId, FOLLOW_UPS_TASK))) {
      await deps.callbacks.succeed(taskToken, { done: true });
      return { waiting: false };
    }
    const r = await mustGetRequest(deps, requestId);
    const now = deps.clock.now();
    const cutOff = followUpCutOff(r.deadline, deps.calendar);
    const dueAt = new Date(Math.max(now.getTime(), Date.parse(cutOff))).toISOString();
    const { handedBack } = await openWaitingTask(deps, {
      requestId,
      kind: FOLLOW_UPS_TASK,
      taskToken,
      dueAt,
      onDue: 'succeed',
      assignee: 'agent',
      context: { waitingFor: open, cutOff },
    });
    if (!handedBack && open.length === 0)
      await completeWaitingTask(deps, requestId, FOLLOW_UPS_TASK, { status: 'succeeded', result: { done: true } });
    return { waiting: !handedBack && open.length > 0 };
  },
});
