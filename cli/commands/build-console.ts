// `rightsflow build-console [dir]`: the staff console's production build (Vite) into dir (default web/dist).
// `npm start` builds it by itself when needed; the CDK bundling hook runs this for the API function's asset.
import { resolve } from 'node:path';
import { buildConsole, CONSOLE_DIST } from '../../infra/local/console-build.ts';

export const summary = 'build the staff console (web/) into a folder';

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('usage: rightsflow build-console [out-dir]   (default web/dist)\n');
    return 0;
  }
  const out = resolve(args[0] ?? CONSOLE_DIST);
  await buildConsole(out);
  process.stdout.write(`console built into ${out}\n`);
  return 0;
}
