// The sweep as a step, so that the Lambda entry, logging and metrics are the same as the workflow's.
import * as z from 'zod';
import { defineStep } from '../shared/step.ts';
import { currentCalendar } from './calendar.ts';
import { runSweep } from './sweep.ts';

export const step = defineStep({
  name: 'DeadlineSweep',
  // An EventBridge scheduled event, or nothing: the sweep reads everything from the store.
  input: z.unknown(),
  // The calendar as loaded now, not at cold start: a schedule added since is used for the recompute.
  run: async (_input, deps) => runSweep(deps, { calendar: await currentCalendar(deps) }),
});
