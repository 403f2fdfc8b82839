// The secrets each partner shares with us, for the local runtime: generated on first use per partner and kept in
// DATA_DIR/keys/partner-secrets.json (mode 0600), where a person playing the partner reads the attachment password
// or the webhook signing key. In AWS they are Secrets Manager secrets set up with each partner (aws/partner-secrets.ts).
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PartnerSecrets } from '../../../functions/shared/ports.ts';

export function partnerSecretsFile(dataDir: string): string {
  return join(dataDir, 'keys', 'partner-secrets.json');
}

export function createLocalPartnerSecrets(dataDir: string): PartnerSecrets {
  const file = partnerSecretsFile(dataDir);
  let chain: Promise<unknown> = Promise.resolve();
  const read = async (): Promise<Record<string, string>> => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  return {
    secretFor(partnerId) {
      // One writer at a time: two notices at once must not each mint a different secret.
      const next = chain.then(async () => {
        const all = await read();
        if (!all[partnerId]) {
          all[partnerId] = `whsec_${randomBytes(32).toString('base64')}`;
          await mkdir(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
          await writeFile(file, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
        }
        return all[partnerId];
      });
      chain = next.catch(() => undefined);
      return next;
    },
  };
}
