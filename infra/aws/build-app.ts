// Builds the CDK app with cdk-nag applied; app.ts synthesizes it, the infra tests inspect it.
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readStageConfig, targetRegion } from './config.ts';
import { RightsflowStack } from './rightsflow-stack.ts';

export function buildApp(props: AppProps = {}): { app: App; stack: RightsflowStack } {
  const app = new App(props);
  // The region decides the partition and with it the mail, inbound and sign-in design (config.ts): never agnostic.
  const region = targetRegion();
  const config = readStageConfig(app.node, region);
  const stack = new RightsflowStack(app, `Rightsflow-${config.stage}`, {
    config,
    env: { account: process.env['CDK_DEFAULT_ACCOUNT'], region },
    description: 'rightsflow: personal-information rights requests (个人信息权利请求) on Step Functions',
    terminationProtection: config.stage === 'prod',
  });
  // cdk-nag v3 is a policy-validation plugin: any unacknowledged finding stops synthesis.
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
  );
  return { app, stack };
}
