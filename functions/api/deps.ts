// What the API router needs: the workflow steps' deps (store, clock, policy, calendar, starter, logger, config)
// plus who is calling, readiness, the local outbox, and the waiting steps' operations.
import type { StepDeps } from '../shared/deps.ts';
import type { Authenticator, Principal } from './auth.ts';
import type { ApiOperations } from './operations.ts';
import type { ConsoleConfig } from './routes/console.ts';
import type { PasswordSignIn } from './session.ts';

export interface OutboxReader {
  list(query?: { requestId?: string; kind?: string; limit?: number }): Promise<unknown[]>;
}

export type ApiDeps = Pick<StepDeps, 'store' | 'clock' | 'policy' | 'calendar' | 'starter' | 'logger' | 'config'> &
  Partial<Omit<StepDeps, 'store' | 'clock' | 'policy' | 'calendar' | 'starter' | 'logger' | 'config'>> & {
    authenticate: Authenticator;
    /** True when every part the API relies on answers (GET /health: 200, else 503). */
    health(): Promise<boolean> | boolean;
    /** Local runtime only: GET /api/outbox answers 404 without it. */
    outbox?: OutboxReader;
    /**
     * The company SMS gateway's signing secret (Standard Webhooks `whsec_…`): POST /sms-inbound takes the replies it
     * forwards. Without it the route answers 404.
     */
    smsGatewaySecret?: string;
    /** Defaults to the handlers' operations (wiring.ts) over the full StepDeps. */
    operations?: ApiOperations;
    /** Local runtime: console sign-in with the users of credentials.json (POST /api/session). */
    passwordSignIn?: PasswordSignIn;
    /** How the console signs in (GET /api/console-config); default `{auth: 'password'}`. */
    consoleConfig?: ConsoleConfig;
    /** The built console (web/dist locally, next to the handler in AWS); absent = a "not built" page. */
    consoleAssetsDir?: string;
  };

/** `csrfToken` is set when the caller signed in with a console session (cookie), not a bearer token. */
export type AppEnv = { Variables: { principal: Principal; csrfToken?: string } };
