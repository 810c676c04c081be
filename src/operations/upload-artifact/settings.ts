import { isAbsolute, resolve } from 'node:path';
import { StorageClass, type ServerSideEncryption } from '@aws-sdk/client-s3';
import { InputError } from '../../errors.js';
import { githubContext, pullRequestNumber, repoName } from '../../host/github-context.js';
import type { CommonSettings } from '../../inputs/common.js';
import { quote, type InputReader } from '../../inputs/reader.js';
import type { InputName } from '../schema.js';
import { parseBucket, parseKeyValueLines, parseTags } from '../../inputs/key-values.js';
import { KMS_KEY_ID } from '../../aws/kms.js';
import { anyGlob, globToRegExp, type KeyMatcher } from '../prune/glob.js';

export type Overwrite = 'true' | 'false' | 'if-changed';

export interface CacheRule {
  /** A glob matched against the path relative to root; undefined matches every file. */
  glob?: string;
  value: string;
}

export interface UploadSettings {
  bucket: string;
  /** Include patterns (absolute) and exclude patterns (absolute, without the `!`). */
  include: string[];
  exclude: string[];
  root?: string;
  keyPrefix: string;
  ifNoFilesFound: 'error' | 'warn' | 'ignore';
  includeHidden: boolean;
  overwrite: Overwrite;
  contentType?: string;
  cacheRules: CacheRule[];
  metadata: Record<string, string>;
  tags: Record<string, string>;
  storageClass?: StorageClass;
  sse?: ServerSideEncryption;
  kmsKeyId?: string;
  partSizeBytes: number;
  concurrency: number;
  partConcurrency: number;
  /** All part buffers of all files in flight stay within this. */
  memoryBudgetBytes: number;
  manifest: boolean;
  uploadManifest: boolean;
  presignExpires?: number;
  publicBaseUrl?: string;
  followSymlinks: boolean;
  allowOutsideRoot: boolean;
  /** Mirror mode (`delete-removed`): undefined when off. */
  mirror?: MirrorSettings;
}

export interface MirrorSettings {
  /** Globs relative to the key prefix whose keys are never deleted. */
  exclude: string[];
  protects: KeyMatcher;
  maxDeletes: number;
}

/**
 * Mirror mode deletes under the key prefix, so the prefix must name a folder: `site` would also match
 * `site-old/…`, which is not ours to delete.
 */
function parseMirror(reader: InputReader, keyPrefix: string): MirrorSettings | undefined {
  const exclude = reader.lines('delete-removed-exclude');
  if (!reader.boolean('delete-removed')) {
    if (exclude.length)
      throw new InputError('delete-removed-exclude', 'only applies with `delete-removed: true`');
    return undefined;
  }
  if (keyPrefix === '') {
    if (!reader.boolean('allow-whole-bucket'))
      throw new InputError(
        'key-prefix',
        'is empty, so `delete-removed` would delete across the whole bucket',
        'a prefix ending in `/` such as `site/`, or `allow-whole-bucket: true` to mirror the whole bucket',
      );
  } else if (!keyPrefix.endsWith('/'))
    throw new InputError(
      'key-prefix',
      `${quote(keyPrefix)} does not end in \`/\`, so \`delete-removed\` would also delete keys such as ${quote(`${keyPrefix}-old/x`)}`,
      'a prefix ending in `/`',
    );
  for (const p of exclude) {
    try {
      globToRegExp(p);
    } catch (err) {
      throw new InputError(
        'delete-removed-exclude',
        `${quote(p)}: ${(err as Error).message}`,
        'a glob such as `uploads/**`',
      );
    }
  }
  return {
    exclude,
    protects: exclude.length ? anyGlob(exclude) : () => false,
    maxDeletes: reader.integer('max-deletes', 0, 100_000_000),
  };
}

const MIB = 1024 * 1024;
const PLACEHOLDERS = [
  'repo',
  'sha',
  'short_sha',
  'ref_name',
  'run_id',
  'run_attempt',
  'pr_number',
  'date',
] as const;

/** A value safe inside a key: path separators and odd characters become `-`. */
function keySafe(value: string): string {
  return value.replace(/[^\w.@+=-]/g, '-');
}

/** Resolves `{sha}`-style placeholders from the GitHub context; an unknown or unset one is an input error. */
export function resolveKeyPrefix(
  template: string,
  env: Readonly<Record<string, string | undefined>>,
  now: Date,
): string {
  const github = githubContext(env);
  const values: Record<(typeof PLACEHOLDERS)[number], string | undefined> = {
    repo: repoName(github),
    sha: github.sha,
    short_sha: github.sha?.slice(0, 7),
    ref_name: github.refName,
    run_id: github.runId,
    run_attempt: github.runAttempt,
    pr_number: pullRequestNumber(github)?.toString(),
    date: now.toISOString().slice(0, 10),
  };
  const prefix = template.replace(/\{([^}]*)\}/g, (_m, name: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(name))
      throw new InputError(
        'key-prefix',
        `\`{${name}}\` is not a known placeholder`,
        PLACEHOLDERS.map((p) => `\`{${p}}\``).join(', '),
      );
    const value = values[name as (typeof PLACEHOLDERS)[number]];
    if (!value)
      throw new InputError(
        'key-prefix',
        `\`{${name}}\` has no value here (outside a GitHub run, or not a pull request)`,
      );
    return keySafe(value);
  });
  if (prefix.startsWith('/'))
    throw new InputError(
      'key-prefix',
      `${quote(prefix)} starts with \`/\``,
      'a prefix such as `builds/{sha}/`',
    );
  if (prefix.split('/').some((s) => s === '..' || s === '.'))
    throw new InputError('key-prefix', `${quote(prefix)} contains a \`.\` or \`..\` segment`);
  if (Buffer.byteLength(prefix) > 900) throw new InputError('key-prefix', 'is longer than 900 bytes');
  return prefix;
}

/**
 * Values sent as HTTP headers (Content-Type, Cache-Control, `x-amz-meta-*`): printable US-ASCII, as S3
 * requires over REST. A line break or a character outside it would fail the upload, after the token
 * and the credentials were spent.
 */
const HEADER_VALUE = /^[\x20-\x7e]*$/;

function headerValue(
  input: 'content-type' | 'cache-control' | 'metadata',
  what: string,
  value: string,
): void {
  if (!HEADER_VALUE.test(value))
    throw new InputError(
      input,
      `${what} ${quote(value)} is not printable US-ASCII (it is sent as an HTTP header)`,
    );
}

function parseCacheRules(reader: InputReader<InputName>): CacheRule[] {
  const lines = reader.lines('cache-control');
  // Cache-Control directives never contain `:`, so a colon marks a `glob: value` rule.
  const rules = lines.map((line): CacheRule => {
    const colon = line.indexOf(':');
    if (colon < 0) return { value: line };
    const glob = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (!glob || !value)
      throw new InputError('cache-control', `${quote(line)} is not a \`glob: value\` rule`);
    return { glob, value };
  });
  for (const r of rules) headerValue('cache-control', 'the value', r.value);
  if (rules.some((r) => r.glob === undefined) && rules.length > 1)
    throw new InputError(
      'cache-control',
      'mixes a plain value with rules',
      'either one value, or `glob: value` lines (use `**: value` as the last rule for a default)',
    );
  return rules;
}

/**
 * Every upload-artifact input, validated in the order the README lists them. Long because it is a
 * flat list of one check per input: splitting it would only scatter the inputs.
 */
export function parseUploadArtifact(
  reader: InputReader<InputName>,
  _common: CommonSettings,
  env: Readonly<Record<string, string | undefined>> = process.env,
  now = new Date(),
): UploadSettings {
  const bucket = parseBucket(reader, 'upload-artifact');
  const lines = reader.lines('path');
  if (lines.length === 0)
    throw new InputError(
      'path',
      'is required by `upload-artifact`',
      'files, directories or globs, one per line',
    );
  const absolute = (p: string): string => (isAbsolute(p) ? p : resolve(p));
  const include = lines.filter((l) => !l.startsWith('!')).map(absolute);
  const exclude = lines.filter((l) => l.startsWith('!')).map((l) => absolute(l.slice(1).trim()));
  if (include.length === 0)
    throw new InputError('path', 'has only `!` exclusions', 'at least one path to include');

  const root = reader.string('root');
  const sse = reader.string('sse');
  if (sse !== undefined && !['AES256', 'aws:kms', 'aws:kms:dsse'].includes(sse))
    throw new InputError('sse', `${quote(sse)} is not allowed`, '`AES256`, `aws:kms` or `aws:kms:dsse`');
  const kmsKeyId = reader.string('kms-key-id');
  if (kmsKeyId !== undefined) {
    if (!sse?.startsWith('aws:kms'))
      throw new InputError('kms-key-id', 'only applies with `sse: aws:kms` or `aws:kms:dsse`');
    if (!KMS_KEY_ID.test(kmsKeyId))
      throw new InputError('kms-key-id', `${quote(kmsKeyId)} is not a KMS key id, ARN or alias`);
  }
  const storageClass = reader.string('storage-class');
  if (storageClass !== undefined && !(Object.values(StorageClass) as string[]).includes(storageClass))
    throw new InputError(
      'storage-class',
      `${quote(storageClass)} is not a storage class`,
      Object.values(StorageClass)
        .map((s) => `\`${s}\``)
        .join(', '),
    );

  const contentType = reader.string('content-type');
  if (
    contentType !== 'auto' &&
    contentType !== undefined &&
    !(
      HEADER_VALUE.test(contentType) &&
      /^[\w.+-]+\/[\w.+-]+([ \t]*;[ \t]*[\w.+-]+=[^;\s]+)*$/.test(contentType)
    )
  )
    throw new InputError(
      'content-type',
      `${quote(contentType)} is not a media type`,
      '`auto` or e.g. `application/octet-stream`',
    );

  const metadata = parseKeyValueLines(
    reader,
    'metadata',
    (key) => /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(key),
    'letters, digits, `-`, `_` and `.`',
  );
  if (Object.keys(metadata).some((k) => k.toLowerCase() === 'sha256'))
    throw new InputError('metadata', 'the key `sha256` is reserved for the content checksum');
  for (const [key, value] of Object.entries(metadata))
    headerValue('metadata', `the value of ${quote(key)}`, value);
  // S3 allows at most 10 tags per object.
  const tags = parseTags(reader, 10);

  const presignExpires = reader.given('presign-expires')
    ? reader.integer('presign-expires', 1, 604800)
    : undefined;
  const publicBaseUrl = reader.string('public-base-url');
  if (publicBaseUrl !== undefined && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(publicBaseUrl))
    throw new InputError('public-base-url', `${quote(publicBaseUrl)} is not an http(s) URL`);

  const keyPrefix = resolveKeyPrefix(reader.string('key-prefix') ?? '', env, now);
  return {
    bucket,
    include,
    exclude,
    root: root === undefined ? undefined : absolute(root),
    keyPrefix,
    ifNoFilesFound: reader.choice('if-no-files-found', ['error', 'warn', 'ignore'] as const),
    includeHidden: reader.boolean('include-hidden-files'),
    overwrite: reader.choice('overwrite', ['true', 'false', 'if-changed'] as const),
    contentType: contentType === 'auto' ? undefined : contentType,
    cacheRules: parseCacheRules(reader),
    metadata,
    tags,
    storageClass: storageClass as StorageClass | undefined,
    sse: sse as ServerSideEncryption | undefined,
    kmsKeyId,
    partSizeBytes: reader.integer('part-size-mb', 5, 5120) * MIB,
    concurrency: reader.integer('concurrency', 1, 64),
    partConcurrency: reader.integer('part-concurrency', 1, 32),
    memoryBudgetBytes: reader.integer('memory-budget-mb', 16, 65536) * MIB,
    manifest: reader.boolean('manifest'),
    uploadManifest: reader.boolean('upload-manifest'),
    presignExpires,
    publicBaseUrl: publicBaseUrl?.replace(/\/+$/, ''),
    followSymlinks: reader.boolean('follow-symlinks'),
    allowOutsideRoot: reader.boolean('allow-outside-root'),
    mirror: parseMirror(reader, keyPrefix),
  };
}
