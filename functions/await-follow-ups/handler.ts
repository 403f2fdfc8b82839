import { lambdaHandler } from '../shared/step.ts';
import { step } from './step.ts';

export const handler = lambdaHandler(step);
