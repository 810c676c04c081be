import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Logger } from '../../logging/logger.js';

export interface ManifestEntry {
  key: string;
  size: number;
  sha256: string;
  etag: string;
  contentType: string;
  s3Uri: string;
  url?: string;
  /** Already stored with this content and these headers (`overwrite: if-changed`); not uploaded again. */
  unchanged?: boolean;
}

export interface Manifest {
  bucket: string;
  keyPrefix: string;
  createdAt: string;
  files: ManifestEntry[];
  /** Mirror mode: objects deleted from the prefix; `unconfirmed` when the reply was lost. */
  deleted?: Array<{ key: string; size: number; unconfirmed?: boolean }>;
}

/** A public URL: the base plus the key with each segment encoded. */
export function publicUrl(base: string, key: string): string {
  return `${base}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * Presigned GET URLs. A URL cannot outlive the credentials that signed it, so the expiry is capped at
 * their remaining lifetime (with a warning).
 */
export async function presignAll(
  s3: S3Client,
  bucket: string,
  keys: string[],
  expires: number,
  logger: Logger,
): Promise<Map<string, string>> {
  const identity = await s3.config.credentials();
  let seconds = expires;
  if (identity.expiration) {
    const left = Math.floor((identity.expiration.getTime() - Date.now()) / 1000);
    if (left < seconds) {
      logger.warning(
        'upload.presign-capped',
        `presign-expires ${expires}s outlives the credentials; the URLs expire in ${Math.max(left, 1)}s, when the session does`,
        {
          requested: expires,
          granted: Math.max(left, 1),
        },
      );
      seconds = Math.max(left, 1);
    }
  }
  const urls = new Map<string, string>();
  for (const key of keys)
    urls.set(
      key,
      await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: seconds }),
    );
  return urls;
}

/** The bearer parts of a presigned URL: the URL, its signature and its session token as the URL carries it. */
export function presignedSecrets(url: string): string[] {
  const parts = [url, new URL(url).searchParams.get('X-Amz-Signature') ?? ''];
  const token = /[?&]X-Amz-Security-Token=([^&]+)/.exec(url)?.[1];
  return token ? [...parts, token] : parts;
}

export function writeManifestFile(dir: string, manifest: Manifest): string {
  const path = join(dir, `aws-task-pack-manifest-${Date.now()}-${process.pid}.json`);
  // Presigned URLs in it are bearer credentials: private, like every file that holds a secret.
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return path;
}

export async function storeManifest(
  s3: S3Client,
  manifest: Manifest,
  presigned: boolean,
  signal: AbortSignal,
): Promise<string> {
  const key = `${manifest.keyPrefix}manifest.json`;
  // Presigned URLs carry the session token: the stored copy never holds them.
  const stored = presigned
    ? { ...manifest, files: manifest.files.map(({ url: _url, ...rest }) => rest) }
    : manifest;
  await s3.send(
    new PutObjectCommand({
      Bucket: manifest.bucket,
      Key: key,
      Body: JSON.stringify(stored, null, 2),
      ContentType: 'application/json; charset=utf-8',
    }),
    { abortSignal: signal },
  );
  return key;
}
