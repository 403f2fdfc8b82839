// PartnerSecrets over Secrets Manager: one secret per partner, `<prefix>/<partner id>` (`issuing_bank:ICBC` →
// `<prefix>/issuing_bank/ICBC`), set up when the channel is agreed with the partner; read once per container.
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { PartnerSecrets } from '../ports.ts';

export const partnerSecretId = (prefix: string, partnerId: string) =>
  `${prefix.replace(/\/$/, '')}/${partnerId.replace(/:/g, '/')}`;

export function createSecretsManagerPartnerSecrets(client: SecretsManagerClient, prefix: string): PartnerSecrets {
  const cache = new Map<string, Promise<string | undefined>>();
  return {
    secretFor(partnerId) {
      let hit = cache.get(partnerId);
      if (!hit) {
        hit = client
          .send(new GetSecretValueCommand({ SecretId: partnerSecretId(prefix, partnerId) }))
          .then((res) => res.SecretString?.trim() || undefined)
          .catch((err: unknown) => {
            cache.delete(partnerId);
            if (err instanceof ResourceNotFoundException || (err as Error).name === 'ResourceNotFoundException')
              return undefined;
            throw err;
          });
        cache.set(partnerId, hit);
      }
      return hit;
    },
  };
}
