// CDK app entry (cdk.json: `npx tsx infra/aws/app.ts`). `-c rightsflow:stage=dev` etc. override cdk.json's settings.
import { buildApp } from './build-app.ts';

buildApp().app.synth();
