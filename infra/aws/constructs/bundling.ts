// How every handler is bundled: one ESM file for Node 22 plus the policy files (policy/*.yaml, policy/templates,
// policy/holidays.yaml) copied next to it. loadPolicy() and calendarFor() read them from disk at
// RIGHTSFLOW_POLICY_DIR / RIGHTSFLOW_HOLIDAYS_FILE, so the privacy team's files stay files (no code change to edit
// a template) and the same loader runs locally and in Lambda.
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { ENV } from '../../../functions/shared/aws/env.ts';

/** Lambda unpacks the asset at /var/task. */
export const LAMBDA_TASK_ROOT = '/var/task';
export const BUNDLED_POLICY_DIR = 'policy';

export function bundledPolicyEnv(): Record<string, string> {
  return {
    [ENV.policyDir]: `${LAMBDA_TASK_ROOT}/${BUNDLED_POLICY_DIR}`,
    [ENV.holidaysFile]: `${LAMBDA_TASK_ROOT}/${BUNDLED_POLICY_DIR}/holidays.yaml`,
  };
}

/** The shell command that copies the project's policy/ into the bundle (inputDir = projectRoot). */
export function copyPolicyCommand(inputDir: string, outputDir: string): string {
  return `cp -R "${inputDir}/${BUNDLED_POLICY_DIR}" "${outputDir}/${BUNDLED_POLICY_DIR}"`;
}

/** The API function also carries the staff console: built by Vite into the asset's web/ (RIGHTSFLOW_CONSOLE_DIR). */
export const BUNDLED_CONSOLE_DIR = 'web';

export function consoleBuildCommand(inputDir: string, outputDir: string): string {
  return `node "${inputDir}/bin/rightsflow.js" build-console "${outputDir}/${BUNDLED_CONSOLE_DIR}"`;
}

export function bundling(
  options: { mailTransport?: 'ses' | 'smtp' | 'none'; console?: boolean } = {},
): nodejs.BundlingOptions {
  return {
    // The stage's mail transport as a constant: the other transport's code (nodemailer for SES stages) is left out;
    // `none` (a function without the sendMail grant) leaves both out.
    ...(options.mailTransport
      ? { define: { __RIGHTSFLOW_MAIL_TRANSPORT__: JSON.stringify(options.mailTransport) } }
      : {}),
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    target: 'node22',
    format: nodejs.OutputFormat.ESM,
    mainFields: ['module', 'main'],
    // The AWS SDK v3 is in the Node 22 runtime; bundling it would only add cold-start weight.
    externalModules: ['@aws-sdk/*'],
    // Some CommonJS dependencies call require(); give the ESM bundle one.
    banner:
      "import { createRequire as __rfCreateRequire } from 'node:module'; const require = __rfCreateRequire(import.meta.url);",
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => [
        copyPolicyCommand(inputDir, outputDir),
        ...(options.console ? [consoleBuildCommand(inputDir, outputDir)] : []),
      ],
    },
  };
}
