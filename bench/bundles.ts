// Lambda bundle sizes and cold import: every functions/<fn>/handler.ts bundled with esbuild exactly as the CDK
// stack's NodejsFunction does (infra/aws/constructs/bundling.ts: minified ESM for Node 22, AWS SDK external, the same
// `define`s: compiled policy, the function's mail transport — SES, the commercial partition's), sizes
// from esbuild's metafile, then each bundle imported in a fresh Node process (the module graph's top level, which
// is what a Lambda cold start runs before the first event).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { bundling, esbuildOptions } from '../infra/aws/constructs/bundling.ts';
import { FUNCTION_ACCESS, type FunctionName } from '../infra/aws/functions.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BundleResult {
  maxBundleKb: number;
  bundleKb: Record<string, number>;
  /**
   * The same bundles with the AWS SDK v3 bundled in (what they would weigh if the runtime did not ship it). The
   * deployed bundles leave it out (as NodejsFunction does by default); their cold import still loads the SDK
   * modules the bundle imports at its top (the DynamoDB client), resolved from node_modules.
   */
  bundleKbWithSdk: Record<string, number>;
  maxBundleKbWithSdk: number;
  maxColdInitMs: number;
  /**
   * The part of every cold import that is the AWS SDK's: a fresh Node importing only @aws-sdk/client-dynamodb and
   * lib-dynamodb (what each bundle imports at its top, from the runtime's SDK), same median of three.
   */
  sdkImportMs: number;
  coldInitMs: Record<string, number>;
  /** The three largest inputs of the largest bundle (what to cut first). */
  largestInputs: { path: string; kb: number }[];
}

export async function runBundles(): Promise<BundleResult> {
  const out = mkdtempSync(join(tmpdir(), 'rf-bench-bundles-'));
  // The AWS SDK is external (the Lambda runtime has it): resolve it from the checkout, as test/infra/bundle does.
  symlinkSync(join(ROOT, 'node_modules'), join(out, 'node_modules'));
  const fns = readdirSync(join(ROOT, 'functions')).filter((fn) =>
    existsSync(join(ROOT, 'functions', fn, 'handler.ts')),
  );
  const bundleKb: Record<string, number> = {};
  const bundleKbWithSdk: Record<string, number> = {};
  const coldInitMs: Record<string, number> = {};
  let sdkImportMs = Number.NaN;
  let largest: { fn: string; inputs: Record<string, { bytesInOutput: number }> } | undefined;
  try {
    for (const fn of fns) {
      const outfile = join(out, fn, 'index.mjs');
      const stackOptions = {
        ...esbuildOptions(
          join(ROOT, 'functions', fn, 'handler.ts'),
          outfile,
          bundling({ mailTransport: FUNCTION_ACCESS[fn as FunctionName]?.sendMail ? 'ses' : 'none' }),
        ),
        logLevel: 'silent',
      } satisfies BuildOptions;
      const res = await build({ ...stackOptions, metafile: true });
      // The same bundle with the SDK in it (not written: only its size).
      const withSdk = await build({ ...stackOptions, external: [], write: false });
      bundleKbWithSdk[fn] = Math.round(withSdk.outputFiles[0]!.contents.byteLength / 1024);
      const output = Object.values(res.metafile.outputs)[0]!;
      bundleKb[fn] = Math.round(output.bytes / 1024);
      if (!largest || output.bytes > (bundleKb[largest.fn] ?? 0) * 1024) largest = { fn, inputs: output.inputs };
      coldInitMs[fn] = coldImport(outfile);
    }
    const sdkOnly = join(out, 'sdk-only.mjs');
    writeFileSync(sdkOnly, "import '@aws-sdk/client-dynamodb';\nimport '@aws-sdk/lib-dynamodb';\n");
    sdkImportMs = coldImport(sdkOnly);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const largestInputs = Object.entries(largest?.inputs ?? {})
    .map(([path, v]) => ({ path, kb: Math.round(v.bytesInOutput / 1024) }))
    .sort((a, b) => b.kb - a.kb)
    .slice(0, 3);
  return {
    maxBundleKb: Math.max(...Object.values(bundleKb)),
    bundleKb,
    bundleKbWithSdk,
    maxBundleKbWithSdk: Math.max(...Object.values(bundleKbWithSdk)),
    maxColdInitMs: Math.max(...Object.values(coldInitMs)),
    coldInitMs,
    sdkImportMs,
    largestInputs,
  };
}

/** Median of three imports of the bundle, each in a fresh Node (ms from before the import to after it). */
function coldImport(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const ms = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: tmpdir(),
      env: {
        PATH: process.env['PATH'],
        AWS_REGION: 'ap-southeast-1',
        RIGHTSFLOW_POLICY_DIR: join(ROOT, 'policy'),
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    runs.push(Number(ms.trim().split('\n').at(-1)));
  }
  runs.sort((a, b) => a - b);
  return Math.round(runs[1]!);
}
