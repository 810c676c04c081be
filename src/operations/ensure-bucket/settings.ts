import { KMS_KEY_ID } from '../../aws/kms.js';
import { InputError } from '../../errors.js';
import type { CommonSettings } from '../../inputs/common.js';
import { parseBucket, parseTags } from '../../inputs/key-values.js';
import { quote, type InputReader } from '../../inputs/reader.js';
import type { InputName } from '../schema.js';
import type { DeclaredRule } from '../../aws/lifecycle-rule.js';
import { MANAGED_RULE_ID, parseLifecycleRules } from './lifecycle-rules.js';

export type Versioning = 'Enabled' | 'Suspended';
export type ObjectOwnership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';

export interface EncryptionSettings {
  algorithm: 'AES256' | 'aws:kms';
  kmsKeyId?: string;
  bucketKey: boolean;
}

export interface LifecycleSettings {
  expireAfterDays?: number;
  prefix: string;
  abortIncompleteDays: number;
}

/** The declared state; `undefined` for a setting means `unchanged` (not managed). */
export interface EnsureBucketSettings {
  bucket: string;
  versioning?: Versioning;
  encryption?: EncryptionSettings;
  blockPublicAccess?: boolean;
  objectOwnership?: ObjectOwnership;
  tags: Record<string, string>;
  tagsExclusive: boolean;
  /** Undefined when the managed rule should not exist. */
  lifecycle?: LifecycleSettings;
  /** The rules of `lifecycle-rules`, each owned by its ID. */
  lifecycleRules: DeclaredRule[];
  /** Settings the workflow set explicitly: a store that cannot do them is an error, not a warning. */
  explicit: Set<string>;
}

/** A boolean input that may also say `unchanged`. */
function triState(reader: InputReader<InputName>, name: 'block-public-access'): boolean | undefined {
  return reader.string(name) === 'unchanged' ? undefined : reader.boolean(name);
}

export function parseEnsureBucket(
  reader: InputReader<InputName>,
  _common: CommonSettings,
): EnsureBucketSettings {
  const bucket = parseBucket(reader, 'ensure-bucket');
  const explicit = new Set<string>(
    [
      'versioning',
      'encryption',
      'block-public-access',
      'object-ownership',
      'tags',
      'expire-after-days',
      'abort-incomplete-multipart-days',
      'lifecycle-rules',
    ].filter((n) => reader.given(n as 'versioning')),
  );

  const versioningInput = reader.choice('versioning', ['enabled', 'suspended', 'unchanged'] as const);
  const versioning =
    versioningInput === 'enabled' ? 'Enabled' : versioningInput === 'suspended' ? 'Suspended' : undefined;

  const algorithm = reader.choice('encryption', ['AES256', 'aws:kms', 'unchanged'] as const);
  const kmsKeyId = reader.string('kms-key-id');
  if (kmsKeyId !== undefined) {
    if (algorithm !== 'aws:kms')
      throw new InputError('kms-key-id', 'only applies with `encryption: aws:kms`');
    if (!KMS_KEY_ID.test(kmsKeyId))
      throw new InputError(
        'kms-key-id',
        `${quote(kmsKeyId)} is not a KMS key id, ARN or alias`,
        'a key id, `alias/name` or a key ARN',
      );
  }
  const bucketKey = reader.boolean('bucket-key');
  const encryption =
    algorithm === 'unchanged'
      ? undefined
      : { algorithm, kmsKeyId, bucketKey: algorithm === 'aws:kms' ? bucketKey : false };

  const objectOwnership = reader.choice('object-ownership', [
    'BucketOwnerEnforced',
    'BucketOwnerPreferred',
    'ObjectWriter',
    'unchanged',
  ] as const);

  const expireAfterDays = reader.given('expire-after-days')
    ? reader.integer('expire-after-days', 1, 36500)
    : undefined;
  const prefix = reader.string('expire-prefix');
  if (prefix !== undefined && expireAfterDays === undefined)
    throw new InputError('expire-prefix', 'needs `expire-after-days`');
  if (prefix !== undefined && Buffer.byteLength(prefix) > 1024)
    throw new InputError('expire-prefix', 'is longer than 1024 bytes (UTF-8)');
  const abortIncompleteDays = reader.integer('abort-incomplete-multipart-days', 0, 36500);
  const lifecycle =
    expireAfterDays !== undefined || abortIncompleteDays > 0
      ? { expireAfterDays, prefix: prefix ?? '', abortIncompleteDays }
      : undefined;

  return {
    bucket,
    versioning,
    encryption,
    blockPublicAccess: triState(reader, 'block-public-access'),
    objectOwnership: objectOwnership === 'unchanged' ? undefined : objectOwnership,
    tags: parseTags(reader, 50),
    tagsExclusive: reader.boolean('tags-exclusive'),
    lifecycle,
    lifecycleRules: parseLifecycleRules(reader.lines('lifecycle-rules'), 'lifecycle-rules', MANAGED_RULE_ID),
    explicit,
  };
}
