// `rightsflow bench`: runs the benchmarks in bench/ and prints their figures. Speed and memory targets live
// here, never in unit tests.
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const summary = 'run the benchmarks in bench/';

type Bench = { name: string; run(): Promise<Record<string, unknown>> };

export async function run(args: string[]): Promise<number> {
  const dir = fileURLToPath(new URL('../../bench/', import.meta.url));
  const only = args.filter((a) => !a.startsWith('-'));
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
  let failed = 0;
  for (const file of files) {
    const mod = (await import(new URL(`../../bench/${file}`, import.meta.url).href)) as { bench?: Bench };
    if (!mod.bench) continue;
    if (only.length > 0 && !only.includes(mod.bench.name)) continue;
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
