// How every handler is bundled: one ESM file for Node 22 plus the policy dir (policy/*.yaml, policy/templates,
// policy/holidays.yaml) copied next to it and compiled there into policy/compiled.json (`rightsflow compile-policy`:
// every check of the YAML loader, with file and line, so a bad edit fails the build). At cold start awsDeps() reads
// compiled.json from RIGHTSFLOW_POLICY_DIR (domain/policy/compiled.ts): the privacy team's files stay files (no code
// change to edit a template), and the bundle carries no YAML parser, template checker or chinese-days data file
// (__RIGHTSFLOW_COMPILED_POLICY__ below drops the YAML loader; `npm start` and the tests still read the YAML).
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { ENV } from '../../../functions/shared/aws/env.ts';

/** Lambda unpacks the asset at /var/task. */
export const LAMBDA_TASK_ROOT = '/var/task';
export const BUNDLED_POLICY_DIR = 'policy';

export function bundledPolicyEnv(): Record<string, string> {
  return {
    [ENV.policyDir]: `${LAMBDA_TASK_ROOT}/${BUNDLED_POLICY_DIR}`,
  };
}

/** The shell command that copies the project's policy/ into the bundle (inputDir = projectRoot). */
export function copyPolicyCommand(inputDir: string, outputDir: string): string {
  return `cp -R "${inputDir}/${BUNDLED_POLICY_DIR}" "${outputDir}/${BUNDLED_POLICY_DIR}"`;
}

/** The shell command that checks the copied policy and writes its compiled.json (what the function reads). */
export function compilePolicyCommand(inputDir: string, outputDir: string): string {
  const dir = `${outputDir}/${BUNDLED_POLICY_DIR}`;
  return `node "${inputDir}/bin/rightsflow.js" compile-policy "${dir}" --policy "${dir}" --holidays "${dir}/holidays.yaml"`;
}

/**
 * Constants every bundle is built with (esbuild `define`): the compiled policy instead of the YAML loader, and the
 * stage's mail transport. The bench (bench/bundles.ts) builds with the same, so its sizes are the deployed ones.
 */
export function bundleDefines(mailTransport?: 'ses' | 'smtp' | 'none'): Record<string, string> {
  return {
    __RIGHTSFLOW_COMPILED_POLICY__: 'true',
    ...(mailTransport ? { __RIGHTSFLOW_MAIL_TRANSPORT__: JSON.stringify(mailTransport) } : {}),
  };
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
    // The compiled policy (no YAML loader in the bundle); the stage's mail transport as a constant: the other
    // transport's code (nodemailer for SES stages) is left out; `none` (no sendMail grant) leaves both out.
    define: bundleDefines(options.mailTransport),
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
        compilePolicyCommand(inputDir, outputDir),
        ...(options.console ? [consoleBuildCommand(inputDir, outputDir)] : []),
      ],
    },
  };
}

/**
 * The esbuild options NodejsFunction builds one handler with from these bundling options (ESM for Node 22, minified,
 * the SDK external, the same `define`s and banner). The bench (bench/bundles.ts, bundle-report.ts) and the bundle
 * test build with them, so what they measure is the deployed bundle.
 */
export function esbuildOptions(entry: string, outfile: string, options: nodejs.BundlingOptions) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: options.target ?? 'node22',
    minify: options.minify ?? true,
    mainFields: options.mainFields ?? ['module', 'main'],
    external: options.externalModules ?? ['@aws-sdk/*'],
    define: options.define ?? {},
    banner: { js: options.banner ?? '' },
  } satisfies BuildOptions;
}
