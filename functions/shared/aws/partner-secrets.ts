// PartnerSecrets over Secrets Manager: one secret per partner, `<prefix>/<partner id>` (`issuing_bank:ICBC` →
// `<prefix>/issuing_bank/ICBC`), set up when the channel is agreed with the partner; read once per container.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { PartnerSecrets } from '../ports.ts';
import { type ClientSource, clientOf } from './lazy.ts';

export const partnerSecretId = (prefix: string, partnerId: string) =>
  `${prefix.replace(/\/$/, '')}/${partnerId.replace(/:/g, '/')}`;

export function createSecretsManagerPartnerSecrets(
  client: ClientSource<SecretsManagerClient>,
  prefix: string,
): PartnerSecrets {
  const cache = new Map<string, Promise<string | undefined>>();
  return {
    secretFor(partnerId) {
      let hit = cache.get(partnerId);
      if (!hit) {
        hit = (async () => {
          const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
          const res = await (await clientOf(client)).send(
            new GetSecretValueCommand({ SecretId: partnerSecretId(prefix, partnerId) }),
          );
          return res.SecretString?.trim() || undefined;
        })().catch((err: unknown) => {
          cache.delete(partnerId);
          // No secret agreed with this partner: the notice cannot carry its reference (deliver.ts fails it to staff).
          if ((err as Error).name === 'ResourceNotFoundException') return undefined;
          throw err;
        });
        cache.set(partnerId, hit);
      }
      return hit;
    },
  };
}
