// `rightsflow bench`: the benchmarks of issue 14. Without names: every figure, written to bench/results.json and
// printed as a table (runAll). With names: only those bench/*.bench.ts, printed as JSON lines. Speed and memory
// targets live here, never in unit tests.
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RESULTS_FILE, runAll } from '../../bench/results.ts';

export const summary = 'run the benchmarks (all: bench/results.json and a table; or the named ones)';

type Bench = { name: string; run(): Promise<Record<string, unknown>> };

function option(args: string[], name: string): string | undefined {
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

export async function run(args: string[]): Promise<number> {
  const only = args.filter((a) => !a.startsWith('-'));
  if (only.length === 0) {
    const requests = Number(option(args, 'requests') ?? 1000);
    const clients = Number(option(args, 'clients') ?? 16);
    // The 1k and 100k: the 100k rows are written straight into an in-memory DynamoDB Local (bench/scale.ts).
    const scale = (option(args, 'scale') ?? '1000,100000').split(',').map(Number);
    if (![requests, clients, ...scale].every((n) => Number.isInteger(n) && n > 0)) {
      console.error('usage: rightsflow bench [--requests=1000] [--clients=16] [--scale=1000,100000] [name…]');
      return 2;
    }
    await runAll({ requests, clients, scale, out: option(args, 'out') ?? DEFAULT_RESULTS_FILE }, (line) =>
      console.log(line),
    );
    return 0;
  }
  const dir = fileURLToPath(new URL('../../bench/', import.meta.url));
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
  let failed = 0;
  for (const file of files) {
    const mod = (await import(new URL(`../../bench/${file}`, import.meta.url).href)) as { bench?: Bench };
    if (!mod.bench) continue;
    if (!only.includes(mod.bench.name)) continue;
    try {
      const figures = await mod.bench.run();
      console.log(JSON.stringify({ bench: mod.bench.name, ...figures }));
    } catch (error) {
      failed++;
      console.error(`bench ${mod.bench.name} failed: ${(error as Error).message}`);
    }
  }
  return failed > 0 ? 1 : 0;
}
