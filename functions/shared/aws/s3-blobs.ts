// BlobStore over S3: every object encrypted with a customer KMS key (SSE-KMS, the bucket's key), bucket keys on.
// IAM (infra/aws/port-grants.ts): put = s3:PutObject; get = s3:GetObject; exists = HeadObject, which needs
// s3:GetObject, and s3:ListBucket for S3 to answer 404 rather than 403 for a missing key; delete = s3:DeleteObject.
import type { S3Client } from '@aws-sdk/client-s3';
import type { BlobStore } from '../ports.ts';
import { type ClientSource, clientOf } from './lazy.ts';

export function createS3BlobStore(
  s3: ClientSource<S3Client>,
  options: { bucket: string; kmsKeyId?: string },
): BlobStore {
  const Bucket = options.bucket;
  const sdk = () => import('@aws-sdk/client-s3');
  return {
    async put(key, body, contentType) {
      const { PutObjectCommand } = await sdk();
      await (await clientOf(s3)).send(
        new PutObjectCommand({
          Bucket,
          Key: key,
          Body: body,
          ContentType: contentType ?? 'application/octet-stream',
          ServerSideEncryption: 'aws:kms',
          // Without a key id S3 uses the bucket's default key (the stack's storage key).
          ...(options.kmsKeyId ? { SSEKMSKeyId: options.kmsKeyId } : {}),
          BucketKeyEnabled: true,
        }),
      );
    },
    async get(key) {
      const { GetObjectCommand } = await sdk();
      const res = await (await clientOf(s3)).send(new GetObjectCommand({ Bucket, Key: key }));
      if (!res.Body) throw new Error(`empty object ${key}`);
      return res.Body.transformToByteArray();
    },
    async exists(key) {
      const { HeadObjectCommand } = await sdk();
      try {
        await (await clientOf(s3)).send(new HeadObjectCommand({ Bucket, Key: key }));
        return true;
      } catch (err) {
        const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
        if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return false;
        throw err;
      }
    },
    async delete(key) {
      // Versioned bucket: a delete marker now; the lifecycle's noncurrentVersionExpiration removes the bytes.
      const { DeleteObjectCommand } = await sdk();
      await (await clientOf(s3)).send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}
