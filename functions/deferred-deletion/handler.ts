// AWS Lambda entry: EventBridge Scheduler invokes it (asynchronously) at the end of a retention hold.
import { lambdaHandler } from '../shared/step.ts';
import { step } from './step.ts';

export const handler = lambdaHandler(step);
