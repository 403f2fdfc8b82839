// The staff console's build (Vite; React through Vite's built-in JSX transform, no Babel). `npm start` runs it
// through Vite's API when the sources are newer than web/dist (infra/local/console-build.ts); CDK bundling runs it
// for the API function in AWS. web/dist is never committed.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  // Production JSX always: under a test runner NODE_ENV is "test", and Vite would pick the dev transform (jsxDEV), which
  // React's production build does not export — the page stayed blank on a clean clone.
  oxc: { jsx: { runtime: 'automatic', development: false } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
});
