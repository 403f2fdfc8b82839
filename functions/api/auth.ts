// Who is calling: locally a bearer token from DATA_DIR/credentials.json, in AWS the Cognito JWT that API
// Gateway's authorizer already checked (its `cognito:groups` claim carries the roles).
import type { Context } from 'hono';

export const ROLES = ['agent', 'privacy_officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  user: string;
  roles: Role[];
}

export type Authenticator = (c: Context) => Principal | undefined | Promise<Principal | undefined>;

const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

export function bearerToken(c: Context): string | undefined {
  const h = c.req.header('authorization');
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1];
}

/** Local runtime: `verify` maps a bearer token to its principal (infra/local/credentials.ts createTokenVerifier). */
export function bearerAuthenticator(verify: (token: string | undefined) => Principal | undefined): Authenticator {
  return (c) => verify(bearerToken(c));
}

type JwtClaims = Record<string, string | number | boolean | string[] | undefined>;

/** `cognito:groups` arrives as an array, or flattened by HTTP API into "[agent privacy_officer]". */
export function groupsFromClaim(claim: unknown): Role[] {
  const raw = Array.isArray(claim)
    ? claim.map(String)
    : typeof claim === 'string'
      ? claim.replace(/^\[|\]$/g, '').split(/[\s,]+/)
      : [];
  return [...new Set(raw.map((s) => s.trim()).filter(isRole))];
}

/**
 * AWS: claims of the JWT authorizer from the Lambda event (hono/aws-lambda puts it at `c.env.event`). The roles come
 * from `groupsClaim`: `cognito:groups` with the stage's user pool, the issuer's own claim (often `groups`) with any
 * other OIDC provider (AWS China has no Cognito user pools).
 */
export function cognitoAuthenticator(options: { groupsClaim?: string } = {}): Authenticator {
  const groupsClaim = options.groupsClaim ?? 'cognito:groups';
  return (c) => {
    const env = c.env as { event?: { requestContext?: { authorizer?: { jwt?: { claims?: JwtClaims } } } } } | undefined;
    const claims = env?.event?.requestContext?.authorizer?.jwt?.claims;
    if (!claims) return undefined;
    const user = claims['cognito:username'] ?? claims['username'] ?? claims['preferred_username'] ?? claims['sub'];
    if (typeof user !== 'string' || !user) return undefined;
    return { user, roles: groupsFromClaim(claims[groupsClaim]) };
  };
}

export function hasRole(p: Principal, ...roles: Role[]): boolean {
  return p.roles.some((r) => roles.includes(r));
}
