import { bucketNameProblem } from '../../aws/bucket-name.js';
import { KMS_KEY_ID } from '../../aws/kms.js';
import { InputError } from '../../errors.js';
import type { CommonSettings } from '../../inputs/common.js';
import { InputReader, quote } from '../../inputs/reader.js';

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
  /** Settings the workflow set explicitly: a store that cannot do them is an error, not a warning. */
  explicit: Set<string>;
}

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function parseBucket(reader: InputReader, operation: string): string {
  const bucket = reader.required('bucket', operation);
  const problem = bucketNameProblem(bucket);
  if (problem) throw new InputError('bucket', `${quote(bucket)} ${problem}`, 'a valid S3 bucket name');
  return bucket;
}

/** `key=value` lines into a record; duplicate keys are an error. */
export function parseKeyValueLines(reader: InputReader, name: 'tags'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of reader.lines(name)) {
    const eq = line.indexOf('=');
    if (eq <= 0) throw new InputError(name, `${quote(line)} is not a \`key=value\` line`);
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key in out) throw new InputError(name, `the key ${quote(key)} is given twice`);
    if (key.length > 128 || !TAG_CHARS.test(key))
      throw new InputError(
        name,
        `the key ${quote(key)} is not a valid tag key`,
        'up to 128 letters, digits, spaces and `_.:/=+-@`',
      );
    if (key.toLowerCase().startsWith('aws:'))
      throw new InputError(name, `the key ${quote(key)} uses the reserved prefix \`aws:\``);
    if (value.length > 256 || !TAG_CHARS.test(value))
      throw new InputError(
        name,
        `the value of ${quote(key)} is not a valid tag value`,
        'up to 256 letters, digits, spaces and `_.:/=+-@`',
      );
    out[key] = value;
  }
  if (Object.keys(out).length > 50)
    throw new InputError(name, `lists ${Object.keys(out).length} tags`, 'at most 50');
  return out;
}

/** A boolean input that may also say `unchanged`. */
function triState(reader: InputReader, name: 'block-public-access'): boolean | undefined {
  return reader.string(name) === 'unchanged' ? undefined : reader.boolean(name);
}

export function parseEnsureBucket(reader: InputReader, _common: CommonSettings): EnsureBucketSettings {
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
  if (prefix !== undefined && prefix.length > 1024)
    throw new InputError('expire-prefix', 'is longer than 1024 characters');
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
    tags: parseKeyValueLines(reader, 'tags'),
    tagsExclusive: reader.boolean('tags-exclusive'),
    lifecycle,
    explicit,
  };
}
