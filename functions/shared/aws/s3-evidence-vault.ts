// EvidenceVault over an S3 bucket with Object Lock (compliance mode, default retention set by the stack): every
// anchor and isolation entry is its own object, written once (If-None-Match: *) and then undeletable and
// unchangeable for the retention period, even by the account's administrators.
//   anchors/<requestId>/<seq, 8 digits>.json      chain heads; the last key of a request is its latest anchor
//   isolation/<purgeBy>/<requestId>[.<part>].json backup isolation entries, listed from a purge-by date on
import type { S3Client } from '@aws-sdk/client-s3';
import type { ChainAnchor, EvidenceVault, OffTableIsolation } from '../ports.ts';
import { type ClientSource, clientOf } from './lazy.ts';

const anchorPrefix = (requestId: string) => `anchors/${requestId}/`;
const ISOLATION_PREFIX = 'isolation/';

export function createS3EvidenceVault(s3: ClientSource<S3Client>, options: { bucket: string }): EvidenceVault {
  const Bucket = options.bucket;
  const sdk = () => import('@aws-sdk/client-s3');

  async function putOnce(Key: string, value: unknown): Promise<void> {
    const { PutObjectCommand } = await sdk();
    try {
      await (await clientOf(s3)).send(
        new PutObjectCommand({
          Bucket,
          Key,
          Body: JSON.stringify(value),
          ContentType: 'application/json',
          IfNoneMatch: '*',
        }),
      );
    } catch (err) {
      // Written already (a retried step): the first copy stands, which is the point of the vault.
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'PreconditionFailed' || e.$metadata?.httpStatusCode === 412) return;
      throw err;
    }
  }

  async function keys(Prefix: string, StartAfter?: string): Promise<string[]> {
    const { ListObjectsV2Command } = await sdk();
    const client = await clientOf(s3);
    const out: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const res = await client.send(
        new ListObjectsV2Command({
          Bucket,
          Prefix,
          ...(StartAfter ? { StartAfter } : {}),
          ...(ContinuationToken ? { ContinuationToken } : {}),
        }),
      );
      for (const o of res.Contents ?? []) if (o.Key) out.push(o.Key);
      ContinuationToken = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return out;
  }

  async function read<T>(Key: string): Promise<T> {
    const { GetObjectCommand } = await sdk();
    const res = await (await clientOf(s3)).send(new GetObjectCommand({ Bucket, Key }));
    return JSON.parse(await res.Body!.transformToString('utf8')) as T;
  }

  return {
    putAnchor: (a: ChainAnchor) => putOnce(`${anchorPrefix(a.requestId)}${String(a.seq).padStart(8, '0')}.json`, a),
    async latestAnchor(requestId) {
      const all = await keys(anchorPrefix(requestId));
      const last = all.sort().at(-1);
      return last ? read<ChainAnchor>(last) : undefined;
    },
    putIsolation: (e: OffTableIsolation) =>
      putOnce(`${ISOLATION_PREFIX}${e.purgeBy}/${e.requestId}${e.part ? `.${e.part}` : ''}.json`, e),
    async listIsolation(liveAt) {
      // Keys sort by purge-by date: start just before `liveAt` and read only the live ones.
      const all = await keys(ISOLATION_PREFIX, liveAt ? `${ISOLATION_PREFIX}${liveAt}` : undefined);
      return Promise.all(all.map((k) => read<OffTableIsolation>(k)));
    },
  };
}
