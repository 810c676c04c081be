import { availableParallelism } from 'node:os';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { minimatch } from 'minimatch';
import { awsErrorCode, httpStatus, wrapAwsError } from '../../aws/classify.js';
import { InputError, TaskError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import { ByteBudget } from '../../util/byte-budget.js';
import { mapLimit } from '../../util/concurrency.js';
import { contentTypeFor } from './content-type.js';
import { findFiles, type LocalFile } from './files.js';
import type { UploadSettings } from './settings.js';
import { multipartEtagOfFile, sha256OfFile } from '../../transfer/file-reads.js';
import { partSizeFor, withSha256, type ObjectHeaders } from '../../transfer/uploader.js';

export interface PlannedFile {
  file: LocalFile;
  key: string;
  contentType: string;
  cacheControl?: string;
  action: 'upload' | 'skip';
  reason: string;
  /** Known in the plan only when `overwrite: if-changed` needed it. */
  sha256?: string;
  /** The ETag of the object already stored, for a skipped file. */
  storedEtag?: string;
}

export interface UploadPlanData {
  root: string;
  files: PlannedFile[];
  hiddenSkipped: number;
  requestCount: number;
  /** `overwrite: false` and some keys exist: nothing is uploaded, and the report shows the plan. */
  refusal?: TaskError;
}

const KEY_LIMIT_BYTES = 1024;

export function cacheControlFor(relative: string, settings: UploadSettings): string | undefined {
  for (const rule of settings.cacheRules)
    if (rule.glob === undefined || minimatch(relative, rule.glob, { dot: true })) return rule.value;
  return undefined;
}

/**
 * The headers an object gets (with the content's SHA-256 in the metadata when given); `if-changed`
 * compares exactly these with what is stored.
 */
export function headersFor(
  planned: Pick<PlannedFile, 'contentType' | 'cacheControl'>,
  sha256: string | undefined,
  settings: UploadSettings,
): ObjectHeaders {
  const tagging = Object.entries(settings.tags)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  const headers: ObjectHeaders = {
    contentType: planned.contentType,
    cacheControl: planned.cacheControl,
    metadata: Object.fromEntries(Object.entries(settings.metadata).map(([k, v]) => [k.toLowerCase(), v])),
    tagging: tagging || undefined,
    storageClass: settings.storageClass,
    sse: settings.sse,
    kmsKeyId: settings.kmsKeyId,
  };
  return sha256 === undefined ? headers : withSha256(headers, sha256);
}

function keyFor(prefix: string, relative: string): string {
  const key = prefix + relative;
  if (key.split('/').some((s) => s === '..' || s === '.') || key.startsWith('/'))
    throw new InputError(
      'path',
      `the file ${relative} would get the key ${JSON.stringify(key)}, with a \`.\`/\`..\` segment or a leading \`/\``,
    );
  if (Buffer.byteLength(key) > KEY_LIMIT_BYTES)
    throw new InputError('path', `the key for ${relative} is longer than ${KEY_LIMIT_BYTES} bytes`);
  return key;
}

/** Why the stored object differs from what we would upload, or undefined when it is the same. */
function difference(
  stored: {
    ContentLength?: number;
    ContentType?: string;
    CacheControl?: string;
    Metadata?: Record<string, string>;
  },
  size: number,
  headers: ObjectHeaders,
): string | undefined {
  if (stored.ContentLength !== size) return `size ${stored.ContentLength} → ${size}`;
  const meta = stored.Metadata ?? {};
  // Without a `sha256` entry the caller has compared the multipart ETag instead (and left the entry out of `headers`).
  if (!meta.sha256 && headers.metadata.sha256) return 'no sha256 recorded';
  if (meta.sha256 !== headers.metadata.sha256) return 'content changed';
  if ((stored.ContentType ?? '') !== headers.contentType)
    return `content type ${stored.ContentType ?? 'none'} → ${headers.contentType}`;
  if ((stored.CacheControl ?? '') !== (headers.cacheControl ?? ''))
    return `cache-control ${stored.CacheControl ?? 'none'} → ${headers.cacheControl ?? 'none'}`;
  const wanted = headers.metadata;
  const keys = new Set([...Object.keys(meta), ...Object.keys(wanted)]);
  for (const k of keys) if (meta[k] !== wanted[k]) return `metadata ${k} changed`;
  return undefined;
}

/**
 * A multipart object stored without a `sha256` entry (uploaded without `if-changed`, whose first part
 * goes out before the file is hashed) is compared by its ETag: the MD5 of its parts' MD5s, with the
 * part size this upload would use.
 */
async function sameMultipartEtag(
  stored: { Metadata?: Record<string, string>; ETag?: string; ContentLength?: number },
  file: { path: string; size: number },
  configuredPartSize: number,
): Promise<boolean> {
  if (stored.Metadata?.sha256 || stored.ContentLength !== file.size) return false;
  const etag = /^"?([0-9a-f]{32}-(\d+))"?$/.exec(stored.ETag ?? '');
  const partSize = partSizeFor(file.size, configuredPartSize);
  if (!etag || Number(etag[2]) !== Math.ceil(file.size / partSize)) return false;
  return (await multipartEtagOfFile(file.path, file.size, partSize)) === etag[1];
}

/**
 * Finds the files, gives each a key, content type and cache rule, and — for `overwrite: false` and
 * `if-changed` — asks S3 what is already there (one HeadObject per file; the default `true` costs no
 * request here). Long because each `overwrite` mode decides its files in the same pass.
 */
export async function planUpload(
  settings: UploadSettings,
  s3: S3Client,
  logger: Logger,
  signal: AbortSignal,
  /** The keys under the prefix, when mirror mode listed them: a key not there needs no HeadObject. */
  existing?: ReadonlySet<string>,
): Promise<UploadPlanData> {
  const found = await findFiles(settings, logger);
  const files: PlannedFile[] = found.files.map((file) => ({
    file,
    key: keyFor(settings.keyPrefix, file.relative),
    contentType: settings.contentType ?? contentTypeFor(file.relative),
    cacheControl: cacheControlFor(file.relative, settings),
    action: 'upload',
    reason: 'new or overwritten',
  }));
  let requestCount = 0;
  if (existing) for (const f of files) f.reason = existing.has(f.key) ? 'overwritten' : 'new';
  if (settings.overwrite === 'true' || files.length === 0)
    return { root: found.root, files, hiddenSkipped: found.hiddenSkipped, requestCount };

  const hashing = new ByteBudget(availableParallelism());
  await mapLimit(
    existing ? files.filter((f) => existing.has(f.key)) : files,
    settings.concurrency,
    async (planned) => {
      requestCount++;
      let stored;
      try {
        stored = await s3.send(new HeadObjectCommand({ Bucket: settings.bucket, Key: planned.key }), {
          abortSignal: signal,
        });
      } catch (err) {
        if (httpStatus(err) === 404 || awsErrorCode(err) === 'NotFound') {
          planned.reason = 'new';
          return;
        }
        throw wrapAwsError(err, `HeadObject s3://${settings.bucket}/${planned.key}`);
      }
      if (settings.overwrite === 'false') {
        planned.action = 'skip';
        planned.reason = 'exists';
        return;
      }
      // HeadObjects wait on the network, hashing on the CPU: as many hashes at once as there are cores,
      // so `concurrency` (up to 64) files of 16 MiB read buffers each never pile up.
      await hashing.take(1);
      let byEtag: boolean;
      try {
        planned.sha256 = await sha256OfFile(planned.file.path);
        byEtag = await sameMultipartEtag(stored, planned.file, settings.partSizeBytes);
      } finally {
        hashing.give(1);
      }
      const wanted = headersFor(planned, byEtag ? undefined : planned.sha256, settings);
      const why = difference(stored, planned.file.size, wanted);
      if (why === undefined) {
        planned.storedEtag = stored.ETag;
        planned.action = 'skip';
        planned.reason = `unchanged (same size, ${byEtag ? 'multipart ETag' : 'SHA-256'} and headers)`;
      } else planned.reason = why;
    },
    { signal: signal },
  );

  if (settings.overwrite === 'false') {
    const existing = files.filter((f) => f.action === 'skip');
    if (existing.length) {
      const refusal = new TaskError(
        'refused',
        `${existing.length === 1 ? '1 key already exists' : `${existing.length} keys already exist`} and \`overwrite\` is false, so nothing was uploaded: ${existing
          .slice(0, 10)
          .map((f) => f.key)
          .join(', ')}${existing.length > 10 ? ', …' : ''}.`,
        {
          errorCode: 'ObjectExists',
          hint: 'Use a new `key-prefix` (e.g. with `{sha}`), or set `overwrite: true` or `if-changed`.',
        },
      );
      return { root: found.root, files, hiddenSkipped: found.hiddenSkipped, requestCount, refusal };
    }
  }
  return { root: found.root, files, hiddenSkipped: found.hiddenSkipped, requestCount };
}
