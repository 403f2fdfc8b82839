// Console sessions for the local users (credentials.json): POST /api/session checks the password and sets an
// httpOnly, SameSite=Strict cookie; writes made with the cookie must also send the session's CSRF token in
// X-CSRF-Token (a synchroniser token: a page on another origin can neither read it nor make the browser add it).
// Sessions live in this process's memory: a restart signs everyone out, which suits a local runtime. In AWS the
// console signs in through the identity provider instead and calls the API with a bearer token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Principal } from './auth.ts';
import { ApiError, forbidden } from './errors.ts';

export const SESSION_COOKIE = 'rf_session';
export const CSRF_HEADER = 'x-csrf-token';

export type PasswordSignIn = (user: string, password: string) => Principal | undefined;

interface Session {
  principal: Principal;
  csrfToken: string;
  expiresAt: number;
  idleUntil: number;
}

export interface SessionOptions {
  now(): number;
  /** Hard limit of a session (a working day). */
  maxAgeMs?: number;
  /** Signed out after this long without a call. */
  idleMs?: number;
  /** Failed sign-ins per user before a pause, and how long the pause is. */
  maxFailures?: number;
  lockoutMs?: number;
}

const digest = (s: string) => createHash('sha256').update(s).digest('hex');
const sameToken = (a: string, b: string) => {
  const x = Buffer.from(digest(a));
  const y = Buffer.from(digest(b));
  return timingSafeEqual(x, y);
};

export function createSessions(signIn: PasswordSignIn, options: SessionOptions) {
  const maxAgeMs = options.maxAgeMs ?? 10 * 3600_000;
  const idleMs = options.idleMs ?? 2 * 3600_000;
  const maxFailures = options.maxFailures ?? 5;
  const lockoutMs = options.lockoutMs ?? 5 * 60_000;
  // Keyed by the digest of the cookie value, so a heap dump does not hand out live cookies.
  const sessions = new Map<string, Session>();
  const failures = new Map<string, { count: number; lockedUntil: number }>();

  function prune(now: number) {
    for (const [k, s] of sessions) if (s.expiresAt <= now || s.idleUntil <= now) sessions.delete(k);
  }

  return {
    /** Checks the password; 429 while a user is paused after repeated failures. */
    start(c: Context, user: string, password: string) {
      const now = options.now();
      const f = failures.get(user);
      if (f && f.lockedUntil > now)
        throw new ApiError(429, 'too_many_attempts', 'too many failed sign-ins; wait a few minutes and try again');
      const principal = signIn(user, password);
      if (!principal) {
        const count = (f && f.lockedUntil <= now && f.lockedUntil > 0 ? 0 : (f?.count ?? 0)) + 1;
        failures.set(user, { count, lockedUntil: count >= maxFailures ? now + lockoutMs : 0 });
        throw new ApiError(401, 'bad_credentials', 'wrong user or password');
      }
      failures.delete(user);
      prune(now);
      const id = randomBytes(32).toString('base64url');
      const session: Session = {
        principal,
        csrfToken: randomBytes(24).toString('base64url'),
        expiresAt: now + maxAgeMs,
        idleUntil: now + idleMs,
      };
      sessions.set(digest(id), session);
      setCookie(c, SESSION_COOKIE, id, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure: new URL(c.req.url).protocol === 'https:',
        maxAge: Math.floor(maxAgeMs / 1000),
      });
      return { ...principal, csrfToken: session.csrfToken, expiresAt: new Date(session.expiresAt).toISOString() };
    },

    /**
     * The principal of the session cookie, if any and live. Writes need the CSRF token and, when the browser
     * sends one, an Origin equal to ours.
     */
    authenticate(c: Context): { principal: Principal; csrfToken: string } | undefined {
      const id = getCookie(c, SESSION_COOKIE);
      if (!id) return undefined;
      const key = digest(id);
      const s = sessions.get(key);
      const now = options.now();
      if (!s || s.expiresAt <= now || s.idleUntil <= now) {
        sessions.delete(key);
        return undefined;
      }
      if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
        const origin = c.req.header('origin');
        if (origin !== undefined && origin !== new URL(c.req.url).origin)
          throw forbidden('a console write must come from the console itself');
        const token = c.req.header(CSRF_HEADER);
        if (!token || !sameToken(token, s.csrfToken))
          throw forbidden('the CSRF token is missing or stale; reload the console');
      }
      s.idleUntil = now + idleMs;
      return { principal: s.principal, csrfToken: s.csrfToken };
    },

    end(c: Context): boolean {
      const id = getCookie(c, SESSION_COOKIE);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return id ? sessions.delete(digest(id)) : false;
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
