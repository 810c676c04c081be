import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  type LifecycleRule,
  type S3Client,
  type TransitionDefaultMinimumObjectSize,
} from '@aws-sdk/client-s3';
import { partitionOf } from '../../aws/bucket-name.js';
import { awsErrorCode, grantHint, httpStatus, isAccessDenied, wrapAwsError } from '../../aws/classify.js';
import { TaskError } from '../../errors.js';
import type { EncryptionSettings, EnsureBucketSettings, ObjectOwnership, Versioning } from './settings.js';

export type Setting =
  'versioning' | 'encryption' | 'block-public-access' | 'object-ownership' | 'tags' | 'lifecycle';

/** The IAM permissions that read and change each setting (S3's names differ from the API's). */
export const SETTING_PERMISSIONS: Record<Setting, { read: string; write: string }> = {
  versioning: { read: 's3:GetBucketVersioning', write: 's3:PutBucketVersioning' },
  encryption: { read: 's3:GetEncryptionConfiguration', write: 's3:PutEncryptionConfiguration' },
  'block-public-access': { read: 's3:GetBucketPublicAccessBlock', write: 's3:PutBucketPublicAccessBlock' },
  'object-ownership': { read: 's3:GetBucketOwnershipControls', write: 's3:PutBucketOwnershipControls' },
  tags: { read: 's3:GetBucketTagging', write: 's3:PutBucketTagging' },
  lifecycle: { read: 's3:GetLifecycleConfiguration', write: 's3:PutLifecycleConfiguration' },
};

/** The bucket's ARN, for permission hints. */
export const bucketArn = (bucket: string, region: string): string =>
  `arn:${partitionOf(region)}:s3:::${bucket}`;

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

/** What the bucket looks like now; for a missing bucket, what a new one starts from. */
export interface BucketState {
  exists: boolean;
  region?: string;
  versioning?: Versioning;
  encryption?: EncryptionSettings;
  publicAccessBlock?: PublicAccessBlock;
  objectOwnership?: ObjectOwnership;
  tags: Record<string, string>;
  lifecycleRules: LifecycleRule[];
  /** Kept as read, so rewriting the lifecycle configuration does not reset it. */
  transitionDefaultMinimumObjectSize?: TransitionDefaultMinimumObjectSize;
  /** Settings whose API the store does not implement (S3-compatible stores). */
  unsupported: Set<Setting>;
  requestCount: number;
}

/** Error codes meaning "there is no such configuration", i.e. the setting is at its empty default. */
const NOT_CONFIGURED = new Set([
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchPublicAccessBlockConfiguration',
  'OwnershipControlsNotFoundError',
  'NoSuchTagSet',
  'NoSuchTagSetError',
  'NoSuchLifecycleConfiguration',
]);

/** A store that lacks an API answers 501 NotImplemented (Ceph, older MinIO) or 405. */
export function isUnsupported(err: unknown): boolean {
  const code = awsErrorCode(err);
  const status = httpStatus(err);
  return code === 'NotImplemented' || code === 'MethodNotAllowed' || status === 501 || status === 405;
}

export function bucketRegionOf(err: unknown): string | undefined {
  const response = (err as { $response?: { headers?: Record<string, string> } }).$response;
  return response?.headers?.['x-amz-bucket-region'];
}

/**
 * Reads the bucket's managed settings. `compatibleStore` (a custom endpoint) turns "not implemented"
 * answers into notes instead of failures: AWS itself implements every API read here. Long because
 * it is one read per managed setting, in parallel, each with its own "not configured" answer.
 */
export async function readBucketState(
  s3: S3Client,
  settings: EnsureBucketSettings,
  region: string,
  signal: AbortSignal,
  compatibleStore: boolean,
): Promise<BucketState> {
  const state: BucketState = {
    exists: false,
    tags: {},
    lifecycleRules: [],
    unsupported: new Set(),
    requestCount: 0,
  };
  const bucket = settings.bucket;
  const opts = { abortSignal: signal };

  state.requestCount++;
  try {
    const head = await s3.send(new HeadBucketCommand({ Bucket: bucket }), opts);
    state.exists = true;
    state.region = head.BucketRegion;
  } catch (err) {
    const status = httpStatus(err);
    if (status === 404 || awsErrorCode(err) === 'NotFound' || awsErrorCode(err) === 'NoSuchBucket')
      return state;
    if (status === 301) {
      state.exists = true;
      state.region = bucketRegionOf(err);
    } else if (status === 403) {
      throw new TaskError(
        'accessDenied',
        `HeadBucket ${bucket} was denied (HTTP 403): the bucket belongs to another account, or this role lacks \`s3:ListBucket\` on it.`,
        {
          errorCode: 'AccessDenied',
          hint: 'Bucket names are global: pick another name, or grant `s3:ListBucket` on the bucket to the role.',
          cause: err,
        },
      );
    } else throw wrapAwsError(err, `HeadBucket ${bucket}`);
  }
  if (state.region && state.region !== region)
    throw new TaskError(
      'input',
      `The bucket ${bucket} is in ${state.region}, but this step runs in ${region}.`,
      {
        errorCode: 'BucketInAnotherRegion',
        hint: `Set \`aws-region: ${state.region}\`, or choose another bucket name.`,
      },
    );

  /** Reads one setting; "not configured" errors mean the empty default, unsupported APIs are noted. */
  const read = async <T>(setting: Setting, call: () => Promise<T>): Promise<T | undefined> => {
    state.requestCount++;
    try {
      return await call();
    } catch (err) {
      if (NOT_CONFIGURED.has(awsErrorCode(err))) return undefined;
      if (compatibleStore && isUnsupported(err)) {
        state.unsupported.add(setting);
        return undefined;
      }
      throw wrapAwsError(
        err,
        `Reading the ${setting} of ${bucket}`,
        isAccessDenied(err)
          ? grantHint([SETTING_PERMISSIONS[setting].read], bucketArn(bucket, region))
          : undefined,
      );
    }
  };

  await Promise.all([
    settings.versioning &&
      read('versioning', async () => {
        const out = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }), opts);
        state.versioning = out.Status as Versioning | undefined;
      }),
    settings.encryption &&
      read('encryption', async () => {
        const out = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }), opts);
        const rule = out.ServerSideEncryptionConfiguration?.Rules?.[0];
        const algorithm = rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
        if (algorithm === 'AES256' || algorithm === 'aws:kms')
          state.encryption = {
            algorithm,
            kmsKeyId: rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID,
            bucketKey: rule?.BucketKeyEnabled ?? false,
          };
      }),
    settings.blockPublicAccess !== undefined &&
      read('block-public-access', async () => {
        const out = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }), opts);
        const c = out.PublicAccessBlockConfiguration;
        state.publicAccessBlock = {
          BlockPublicAcls: c?.BlockPublicAcls ?? false,
          IgnorePublicAcls: c?.IgnorePublicAcls ?? false,
          BlockPublicPolicy: c?.BlockPublicPolicy ?? false,
          RestrictPublicBuckets: c?.RestrictPublicBuckets ?? false,
        };
      }),
    settings.objectOwnership &&
      read('object-ownership', async () => {
        const out = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }), opts);
        state.objectOwnership = out.OwnershipControls?.Rules?.[0]?.ObjectOwnership as
          ObjectOwnership | undefined;
      }),
    (Object.keys(settings.tags).length > 0 || settings.tagsExclusive) &&
      read('tags', async () => {
        const out = await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }), opts);
        for (const t of out.TagSet ?? []) if (t.Key !== undefined) state.tags[t.Key] = t.Value ?? '';
      }),
    read('lifecycle', async () => {
      const out = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }), opts);
      state.lifecycleRules = out.Rules ?? [];
      state.transitionDefaultMinimumObjectSize = out.TransitionDefaultMinimumObjectSize;
    }),
  ]);
  return state;
}
