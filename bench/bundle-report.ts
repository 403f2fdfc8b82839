// Bundle size and cold import of every Lambda handler, built as the stack builds them (esbuild, the options of
// constructs/bundling.ts) with esbuild's metafile: `npx tsx bench/bundle-report.ts [--transport ses|smtp]
// [--top N]`. Cold import = a fresh Node importing the bundle (SDK clients are created on first use, so none
// are loaded here); the median of 5 runs. A measurement, not a test: numbers depend on the machine.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { bundling, esbuildOptions } from '../infra/aws/constructs/bundling.ts';
import { REPO_ROOT } from '../infra/aws/constructs/lambdas.ts';
import { FUNCTION_ACCESS, FUNCTION_NAMES } from '../infra/aws/functions.ts';

const { values } = parseArgs({
  options: {
    transport: { type: 'string', default: 'ses' },
    top: { type: 'string', default: '0' },
    runs: { type: 'string', default: '5' },
  },
});
const out = mkdtempSync(join(tmpdir(), 'rightsflow-bundles-'));
// The SDK is external (in the Lambda runtime): resolve it from the checkout when importing.
symlinkSync(join(REPO_ROOT, 'node_modules'), join(out, 'node_modules'));

function coldImportMs(file: string): number {
  // --runs 0: sizes only (cold import is meaningless on a loaded machine).
  if (Number(values.runs) < 1) return Number.NaN;
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  const runs = Array.from({ length: Number(values.runs) }, () =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: out, encoding: 'utf8' }).trim(),
    ),
  ).sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)]!;
}

const rows: { fn: string; kb: number; ms: number; top: string[] }[] = [];
for (const fn of FUNCTION_NAMES) {
  const dir = join(out, fn);
  mkdirSync(dir);
  const outfile = join(dir, 'index.mjs');
  // As the stack bundles it (constructs/lambdas.ts): a function without sendMail access carries no transport.
  const mailTransport = FUNCTION_ACCESS[fn].sendMail ? (values.transport as 'ses' | 'smtp') : 'none';
  const res = await build({
    ...esbuildOptions(join(REPO_ROOT, 'functions', fn, 'handler.ts'), outfile, bundling({ mailTransport })),
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.entries(res.metafile.outputs[Object.keys(res.metafile.outputs)[0]!]!.inputs)
    .map(([path, v]) => ({
      pkg: /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? '(rightsflow)',
      bytes: v.bytesInOutput,
    }))
    .reduce<Record<string, number>>((acc, i) => {
      acc[i.pkg] = (acc[i.pkg] ?? 0) + i.bytes;
      return acc;
    }, {});
  const top = Object.entries(inputs)
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(values.top))
    .map(([p, b]) => `${p} ${(b / 1024).toFixed(0)} KB`);
  rows.push({ fn, kb: statSync(outfile).size / 1024, ms: coldImportMs(outfile), top });
}
console.log(`mail transport: ${values.transport}; bundles in ${out}`);
console.log('function'.padEnd(30), 'bundle KB'.padStart(10), 'cold import ms'.padStart(15));
for (const r of rows) {
  console.log(r.fn.padEnd(30), r.kb.toFixed(0).padStart(10), (Number.isNaN(r.ms) ? '-' : r.ms.toFixed(0)).padStart(15));
  for (const t of r.top) console.log(''.padEnd(32), t);
}
const max = rows.reduce((a, b) => (b.kb > a.kb ? b : a));
console.log(
  `largest: ${max.fn} ${max.kb.toFixed(0)} KB` +
    (Number(values.runs) < 1 ? '' : `; slowest import: ${Math.max(...rows.map((r) => r.ms)).toFixed(0)} ms`),
);
