/**
 * S3 helpers for the `ensure-bucket` integration tests: naming the S3 REST operations the counting
 * proxy saw, and reading a bucket's whole managed state back with the SDK (straight from moto, so the
 * proxy only ever counts the bundle's requests).
 */
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
  type LifecycleRule,
  type PublicAccessBlockConfiguration,
  type ServerSideEncryptionRule,
} from '@aws-sdk/client-s3';
import { TEST_CREDENTIALS } from './fixtures.js';
import type { ProxiedRequest } from './harness.js';

/** Bucket sub-resources the action reads or writes, by their query parameter. */
const SUBRESOURCES: Record<string, Record<string, string>> = {
  versioning: { GET: 'GetBucketVersioning', PUT: 'PutBucketVersioning' },
  encryption: { GET: 'GetBucketEncryption', PUT: 'PutBucketEncryption', DELETE: 'DeleteBucketEncryption' },
  publicAccessBlock: {
    GET: 'GetPublicAccessBlock',
    PUT: 'PutPublicAccessBlock',
    DELETE: 'DeletePublicAccessBlock',
  },
  ownershipControls: {
    GET: 'GetBucketOwnershipControls',
    PUT: 'PutBucketOwnershipControls',
    DELETE: 'DeleteBucketOwnershipControls',
  },
  tagging: { GET: 'GetBucketTagging', PUT: 'PutBucketTagging', DELETE: 'DeleteBucketTagging' },
  lifecycle: {
    GET: 'GetBucketLifecycleConfiguration',
    PUT: 'PutBucketLifecycleConfiguration',
    DELETE: 'DeleteBucketLifecycle',
  },
  location: { GET: 'GetBucketLocation' },
};

/** The S3 operation of a path-style REST request (`PUT /bucket?versioning` → `PutBucketVersioning`). */
export function s3Operation(r: Pick<ProxiedRequest, 'method' | 'path'>): string {
  const url = new URL(r.path, 'http://proxy');
  const segments = url.pathname.split('/').filter(Boolean);
  const sub = Object.keys(SUBRESOURCES).find((k) => url.searchParams.has(k));
  if (sub) return SUBRESOURCES[sub]![r.method] ?? `${r.method} ?${sub}`;
  if (segments.length === 0) return r.method === 'GET' ? 'ListBuckets' : `${r.method} /`;
  if (segments.length === 1)
    return (
      { HEAD: 'HeadBucket', PUT: 'CreateBucket', DELETE: 'DeleteBucket', GET: 'ListObjects' }[r.method] ??
      `${r.method} /bucket`
    );
  return `${r.method} object`;
}

/** Anything but GET and HEAD changes something. */
export const isWriteRequest = (r: Pick<ProxiedRequest, 'method'>): boolean =>
  r.method !== 'GET' && r.method !== 'HEAD';

/** A bucket name no other test (or earlier run of this one) uses. */
export function uniqueBucket(label: string): string {
  return `atp-${label}-${randomBytes(4).toString('hex')}`;
}

export function s3Client(endpoint: string, region: string): S3Client {
  return new S3Client({
    region,
    endpoint,
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 2,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Everything `ensure-bucket` manages, as S3 reports it; `null` where nothing is configured. */
export interface BucketSnapshot {
  /** `us-east-1` for the empty LocationConstraint S3 reports there. */
  location: string;
  versioning: string | null;
  encryption: ServerSideEncryptionRule[] | null;
  publicAccessBlock: PublicAccessBlockConfiguration | null;
  ownership: string | null;
  tags: Record<string, string> | null;
  lifecycle: LifecycleRule[] | null;
}

const NOT_CONFIGURED = new Set([
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchPublicAccessBlockConfiguration',
  'OwnershipControlsNotFoundError',
  'NoSuchTagSet',
  'NoSuchLifecycleConfiguration',
]);

async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (NOT_CONFIGURED.has((err as Error).name)) return null;
    throw err;
  }
}

export async function snapshotBucket(s3: S3Client, bucket: string): Promise<BucketSnapshot> {
  const Bucket = bucket;
  const [location, versioning, encryption, publicAccessBlock, ownership, tags, lifecycle] = await Promise.all(
    [
      s3.send(new GetBucketLocationCommand({ Bucket })).then((o) => o.LocationConstraint || 'us-east-1'),
      s3.send(new GetBucketVersioningCommand({ Bucket })).then((o) => o.Status ?? null),
      orNull(() =>
        s3
          .send(new GetBucketEncryptionCommand({ Bucket }))
          .then((o) => o.ServerSideEncryptionConfiguration?.Rules ?? []),
      ),
      orNull(() =>
        s3
          .send(new GetPublicAccessBlockCommand({ Bucket }))
          .then((o) => o.PublicAccessBlockConfiguration ?? {}),
      ),
      orNull(() =>
        s3
          .send(new GetBucketOwnershipControlsCommand({ Bucket }))
          .then((o) => o.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? null),
      ),
      orNull(() =>
        s3
          .send(new GetBucketTaggingCommand({ Bucket }))
          .then((o) => Object.fromEntries((o.TagSet ?? []).map((t) => [t.Key!, t.Value ?? '']))),
      ),
      orNull(() =>
        s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket })).then((o) => o.Rules ?? []),
      ),
    ],
  );
  return { location, versioning, encryption, publicAccessBlock, ownership, tags, lifecycle };
}

export async function bucketNames(s3: S3Client): Promise<string[]> {
  const out = await s3.send(new ListBucketsCommand({}));
  return (out.Buckets ?? []).map((b) => b.Name!);
}

export const ALL_BLOCKED: PublicAccessBlockConfiguration = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

export interface StoreProxy {
  endpoint: string;
  /** Requests answered 501 here instead of being forwarded. */
  refused: Array<{ method: string; path: string }>;
  close(): Promise<void>;
}

/**
 * Stands for an S3-compatible store that lacks some bucket APIs: requests on the given sub-resources
 * (`ownershipControls`, …) get the 501 NotImplemented such stores answer; everything else is
 * forwarded to `target` (the counting proxy in front of moto).
 */
export async function startStoreProxy(target: string, unsupported: string[]): Promise<StoreProxy> {
  const upstream = new URL(target);
  const refused: StoreProxy['refused'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const url = new URL(path, 'http://store');
      if (unsupported.some((s) => url.searchParams.has(s))) {
        refused.push({ method: req.method ?? 'GET', path });
        res
          .writeHead(501, { 'content-type': 'application/xml' })
          .end(
            '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code><Message>A header you provided implies functionality that is not implemented</Message><RequestId>store-1</RequestId></Error>',
          );
        return;
      }
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on('error', (err) => res.writeHead(502).end(String(err)));
      forward.end(Buffer.concat(chunks));
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    refused,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
