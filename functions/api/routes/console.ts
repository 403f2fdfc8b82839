// The staff console's static files (web/, built by Vite) and the config the page reads to sign staff in. The
// console routes by the URL's fragment (#/requests/RF-…), so no path of its own carries data and the only HTML
// file is index.html; assets have content hashes in their names and are cached for good.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../deps.ts';

export type ConsoleConfig =
  | { auth: 'password' }
  | { auth: 'none' }
  | {
      auth: 'oidc';
      issuer: string;
      clientId: string;
      authorizationEndpoint: string;
      tokenEndpoint: string;
      logoutEndpoint?: string;
      scopes: string[];
    };

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};
const ASSET = /^\/assets\/[A-Za-z0-9_.-]+\.(?:js|css|svg|png|woff2)$/;
const ROOT_FILES = new Set(['/favicon.svg']);
/** Paths that serve the console's page: its root, and where the identity provider sends staff back (code + PKCE). */
const PAGES = new Set(['/', '/console/callback']);

export const isConsoleAsset = (path: string) => PAGES.has(path) || ASSET.test(path) || ROOT_FILES.has(path);

/** The console's Content-Security-Policy: its own origin only, plus the identity provider's token endpoint. */
export function consoleCsp(config: ConsoleConfig | undefined): string {
  const connect = ["'self'"];
  if (config?.auth === 'oidc') connect.push(new URL(config.tokenEndpoint).origin);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

export function securityHeaders(csp: string): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>rightsflow</title></head>
<body><h1>控制台尚未构建 / The console is not built</h1>
<p><code>npm start</code> 会在启动时构建控制台。/ <code>npm start</code> builds it when it starts; in AWS the API
function carries it (CDK bundling).</p></body></html>`;

export function consoleRoutes(options: { assetsDir?: string; config?: ConsoleConfig; passwordSignIn: boolean }) {
  const app = new Hono<AppEnv>();
  const headers = securityHeaders(consoleCsp(options.config));
  // Without an identity provider and without local users there is no way in: the page says so.
  const config = options.config ?? (options.passwordSignIn ? { auth: 'password' } : { auth: 'none' });

  app.get('/api/console-config', (c) => c.json(config));

  app.get('*', async (c, next) => {
    const path = c.req.path;
    if (!isConsoleAsset(path)) return next();
    if (!options.assetsDir) return c.html(NOT_BUILT, 503, headers);
    const file = PAGES.has(path) ? 'index.html' : path.slice(1);
    let data: Buffer;
    try {
      data = await readFile(join(options.assetsDir, file));
    } catch {
      if (PAGES.has(path)) return c.html(NOT_BUILT, 503, headers);
      return next();
    }
    const ext = file.slice(file.lastIndexOf('.'));
    const cache = file.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    return c.body(new Uint8Array(data), 200, {
      ...headers,
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'cache-control': cache,
    });
  });

  return app;
}
