// FireTimer: EventBridge Scheduler invokes this at a waiting step's due time (one schedule per timer, see
// functions/shared/timers.ts): the task's timer fires unless the task was completed or re-armed meanwhile.
import * as z from 'zod';
import { RequestId } from '../../domain/request/model.ts';
import { defineStep, fireTask } from '../shared/step.ts';

export const step = defineStep({
  name: 'FireTimer',
  input: z.object({
    kind: z.literal('timer'),
    requestId: RequestId,
    task: z.enum(['verification', 'review', 'fee_acceptance', 'follow_ups', 'acknowledgements']),
  }),
  async run({ requestId, task }, deps) {
    const t = await deps.store.getTask(requestId, task);
    const fired = t ? await fireTask(deps, t) : false;
    return { fired };
  },
});
