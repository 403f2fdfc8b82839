// Builds the staff console (web/) with Vite's API when its sources are newer than web/dist, so `npm start` needs
// no separate build step and web/dist is never committed. The build goes to a fresh folder that replaces
// web/dist by rename, so two runtimes starting at once (parallel tests) never serve a half-written bundle.
import { mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
export const CONSOLE_DIST = join(WEB_DIR, 'dist');
const PROJECT = dirname(dirname(WEB_DIR));

async function newestMtime(path: string): Promise<number> {
  const s = await stat(path).catch(() => undefined);
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

/** What the bundle is built from: the console's sources, the domain code it imports, the lockfile. */
async function sourcesMtime(): Promise<number> {
  const inputs = [
    join(WEB_DIR, 'src'),
    join(WEB_DIR, 'index.html'),
    join(WEB_DIR, 'vite.config.ts'),
    join(PROJECT, 'domain', 'identity'),
    join(PROJECT, 'package-lock.json'),
  ];
  return Math.max(...(await Promise.all(inputs.map(newestMtime))));
}

export async function consoleIsFresh(dist = CONSOLE_DIST): Promise<boolean> {
  const built = await stat(join(dist, 'index.html')).catch(() => undefined);
  return built !== undefined && built.mtimeMs >= (await sourcesMtime());
}

/** Vite build into `outDir` (used by the CDK bundling hook too). */
export async function buildConsole(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: join(WEB_DIR, 'vite.config.ts'),
    logLevel: 'warn',
    // Always React's production build: under a test runner NODE_ENV is "test", which would select the dev build.
    mode: 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: { outDir, emptyOutDir: true },
  });
}

/** web/dist, built first when missing or older than its sources. Returns the folder and whether it built. */
export async function ensureConsoleBuilt(log: (line: string) => void = () => undefined) {
  if (await consoleIsFresh()) return { dir: CONSOLE_DIST, built: false };
  const started = performance.now();
  const tmp = await mkdtemp(join(WEB_DIR, '.dist-'));
  try {
    await buildConsole(tmp);
    await rm(CONSOLE_DIST, { recursive: true, force: true });
    await rename(tmp, CONSOLE_DIST).catch(async (error: NodeJS.ErrnoException) => {
      // Another start renamed its build in between: theirs is as fresh as ours.
      if (!(await consoleIsFresh())) throw error;
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  log(`console built (${Math.round(performance.now() - started)} ms)`);
  return { dir: CONSOLE_DIST, built: true };
}
