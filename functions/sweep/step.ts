// The sweep as a step, so that the Lambda entry, logging and metrics are the same as the workflow's.
import { z } from 'zod';
import { defineStep } from '../shared/step.ts';
import { runSweep } from './sweep.ts';

export const step = defineStep({
  name: 'DeadlineSweep',
  // An EventBridge scheduled event, or nothing: the sweep reads everything from the store.
  input: z.unknown(),
  run: (_input, deps) => runSweep(deps),
});
