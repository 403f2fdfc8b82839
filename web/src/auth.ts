// Signing in: with a local user's password (a session cookie), or in AWS through the identity provider with the
// authorization code flow and PKCE (RFC 7636). The code verifier lives in sessionStorage only for the round trip;
// the access token is kept in memory, so closing the tab signs out.
import { api, type Me, setCredentials } from './api.ts';

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

const PKCE_KEY = 'rightsflow.pkce';

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

function randomString(n = 32): string {
  return b64url(crypto.getRandomValues(new Uint8Array(n)));
}

/** Where the identity provider sends staff back (the stack registers this path as the client's callback). */
const redirectUri = () => `${location.origin}/console/callback`;

export async function startOidcSignIn(config: Extract<ConsoleConfig, { auth: 'oidc' }>) {
  const verifier = randomString(48);
  const state = randomString(16);
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const url = new URL(config.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Back from the identity provider with ?code&state: exchange the code, then clean the URL. */
export async function finishOidcSignIn(config: Extract<ConsoleConfig, { auth: 'oidc' }>): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return false;
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? '{}') as { verifier?: string; state?: string };
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', '/#/queue');
  if (!saved.verifier || saved.state !== params.get('state')) return false;
  const res = await fetch(config.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: saved.verifier,
    }),
  });
  if (!res.ok) return false;
  const tokens = (await res.json()) as { access_token?: string };
  if (!tokens.access_token) return false;
  setCredentials({ bearer: tokens.access_token });
  return true;
}

export async function passwordSignIn(user: string, password: string): Promise<Me> {
  const me = await api<Me>('POST', '/api/session', { user, password });
  setCredentials(me.csrfToken ? { csrfToken: me.csrfToken } : {});
  return me;
}

/** Who is signed in already (a reloaded page keeps its session cookie). */
export async function currentUser(): Promise<Me | undefined> {
  try {
    const me = await api<Me>('GET', '/api/session');
    if (me.csrfToken) setCredentials({ csrfToken: me.csrfToken });
    return me;
  } catch {
    return undefined;
  }
}

export async function signOut(config: ConsoleConfig | undefined) {
  await api('DELETE', '/api/session').catch(() => undefined);
  setCredentials({});
  if (config?.auth === 'oidc' && config.logoutEndpoint) {
    const url = new URL(config.logoutEndpoint);
    url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: `${location.origin}/` }).toString();
    location.assign(url.toString());
  }
}
