// How the console signs staff in, as the API function reads it from its environment (set by the CDK stack):
// locally a password form (no variables); in AWS the stage's identity provider — Cognito's hosted UI or the
// company's OIDC issuer — through the authorization code flow with PKCE, redirecting back to /console/callback.
import * as z from 'zod';
import type { ConsoleConfig } from './routes/console.ts';

export const CONSOLE_ENV = {
  /** The built console next to the handler (CDK bundling copies web/dist there). */
  assetsDir: 'RIGHTSFLOW_CONSOLE_DIR',
  issuer: 'RIGHTSFLOW_CONSOLE_OIDC_ISSUER',
  clientId: 'RIGHTSFLOW_CONSOLE_OIDC_CLIENT_ID',
  authorizationEndpoint: 'RIGHTSFLOW_CONSOLE_OIDC_AUTHORIZE_URL',
  tokenEndpoint: 'RIGHTSFLOW_CONSOLE_OIDC_TOKEN_URL',
  logoutEndpoint: 'RIGHTSFLOW_CONSOLE_OIDC_LOGOUT_URL',
  scopes: 'RIGHTSFLOW_CONSOLE_OIDC_SCOPES',
} as const;

const https = z.url({ protocol: /^https$/ });
const OidcEnv = z.object({
  issuer: https,
  clientId: z.string().min(1),
  authorizationEndpoint: https,
  tokenEndpoint: https,
  logoutEndpoint: https.optional(),
  scopes: z.string().default('openid email profile'),
});

/**
 * The console's sign-in from the environment: `oidc` when the issuer is set (every other variable then required,
 * https only), otherwise undefined (the API function has no password sign-in, so the page says so).
 */
export function consoleConfigFromEnv(env: Record<string, string | undefined>): ConsoleConfig | undefined {
  if (!env[CONSOLE_ENV.issuer]) return undefined;
  const read = (k: keyof typeof CONSOLE_ENV) => env[CONSOLE_ENV[k]] || undefined;
  const parsed = OidcEnv.safeParse({
    issuer: read('issuer'),
    clientId: read('clientId'),
    authorizationEndpoint: read('authorizationEndpoint'),
    tokenEndpoint: read('tokenEndpoint'),
    logoutEndpoint: read('logoutEndpoint'),
    scopes: read('scopes'),
  });
  if (!parsed.success)
    throw new Error(
      `console sign-in settings are incomplete: ${parsed.error.issues.map((i) => CONSOLE_ENV[i.path[0] as keyof typeof CONSOLE_ENV] ?? i.path.join('.')).join(', ')}`,
    );
  const { scopes, logoutEndpoint, ...rest } = parsed.data;
  return {
    auth: 'oidc',
    ...rest,
    ...(logoutEndpoint ? { logoutEndpoint } : {}),
    scopes: scopes.split(/\s+/).filter(Boolean),
  };
}
