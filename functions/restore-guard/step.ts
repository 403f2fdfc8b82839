// The restore guard as a Lambda an operator invokes after a PITR or AWS Backup restore (docs/deploy.md):
// `aws lambda invoke --function-name rightsflow-<stage>-restore-guard --payload '{"since":"<restore point>"}'`.
import * as z from 'zod';
import { defineStep } from '../shared/step.ts';
import { runRestoreGuard } from './guard.ts';

export const step = defineStep({
  name: 'RestoreGuard',
  input: z.object({ since: z.iso.datetime({ offset: true }).optional() }).default({}),
  run: (input, deps) => runRestoreGuard(deps, input.since ? { since: input.since } : {}),
});
