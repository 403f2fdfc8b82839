// Staff credentials for the local runtime (Cognito users in AWS): generated on first start, kept in
// DATA_DIR/credentials.json (mode 0600) in the shape of docs/design.md §4; tokens are the API's bearer tokens.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';

export const ROLES = ['agent', 'privacy_officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const Account = z.object({ user: z.string().min(1), password: z.string().min(12), token: z.string().min(24) });
export const Credentials = z.object({ agent: Account, privacy_officer: Account, admin: Account });
export type Credentials = z.infer<typeof Credentials>;

export function credentialsPath(dataDir: string): string {
  return join(dataDir, 'credentials.json');
}

function generate(): Credentials {
  const account = (user: string) => ({
    user,
    password: randomBytes(15).toString('base64url'),
    token: `rf_${randomBytes(24).toString('base64url')}`,
  });
  return { agent: account('agent'), privacy_officer: account('privacy_officer'), admin: account('admin') };
}

/** Reads DATA_DIR/credentials.json, or writes a fresh one (mode 0600) on first start. */
export async function loadOrCreateCredentials(
  dataDir: string,
): Promise<{ credentials: Credentials; created: boolean }> {
  const file = credentialsPath(dataDir);
  try {
    const credentials = Credentials.parse(JSON.parse(await readFile(file, 'utf8')));
    return { credentials, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(
        `${file} is not a valid credentials file (delete it to generate new users): ${(error as Error).message}`,
      );
    }
  }
  const credentials = generate();
  try {
    await writeFile(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateCredentials(dataDir);
    throw error;
  }
  await chmod(file, 0o600);
  return { credentials, created: true };
}

export interface Principal {
  user: string;
  roles: Role[];
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Bearer token → who and which role; compares digests in constant time over every account. */
export function createTokenVerifier(credentials: Credentials): (token: string | undefined) => Principal | undefined {
  const accounts = ROLES.map((role) => ({
    role,
    user: credentials[role].user,
    digest: digest(credentials[role].token),
  }));
  return (token) => {
    if (!token) return undefined;
    const presented = digest(token);
    let match: Principal | undefined;
    for (const a of accounts) {
      if (timingSafeEqual(a.digest, presented)) match = { user: a.user, roles: [a.role] };
    }
    return match;
  };
}

/** Console sign-in: user + password → the principal (the console arrives in a later issue). */
export function createPasswordVerifier(credentials: Credentials) {
  return (user: string, password: string): Principal | undefined => {
    for (const role of ROLES) {
      const a = credentials[role];
      if (a.user === user && timingSafeEqual(digest(a.password), digest(password))) return { user, roles: [role] };
    }
    return undefined;
  };
}
