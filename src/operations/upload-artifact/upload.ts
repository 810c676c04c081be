import { isAbsolute, relative, sep } from 'node:path';
import { partitionOf } from '../../aws/bucket-name.js';
import { grantHint, isAccessDenied, kindOf, wrapAwsError } from '../../aws/classify.js';
import { CancelledError, TaskError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import type { S3Client } from '@aws-sdk/client-s3';
import { headersFor, type PlannedFile } from './plan.js';
import { Progress } from './progress.js';
import type { UploadSettings } from './settings.js';
import { UploadMayExistError } from '../../transfer/confirm-completed.js';
import { S3Uploader } from '../../transfer/s3-uploader.js';
import { INITIAL_FILES, type Uploader } from '../../transfer/uploader.js';
import { AdaptiveLimit, forEachAdaptive, type TaskOutcome } from '../../util/adaptive-limit.js';

export interface UploadedFile {
  planned: PlannedFile;
  sha256: string;
  etag: string;
  parts: number;
}

export interface FailedFile {
  planned: PlannedFile;
  errorCode: string;
  message: string;
  /** The store may have completed it: its last call got no definite answer. */
  mayExist?: boolean;
}

export interface UploadOutcome {
  uploaded: UploadedFile[];
  failed: FailedFile[];
  /** Files not attempted because the run was cancelled or hit a failure that dooms every file. */
  notAttempted: number;
  bytes: number;
  seconds: number;
  /** Why the run stopped early, if it did. */
  stopped?: TaskError;
}

/**
 * What one request costs beyond its bytes, as bytes: the limit weighs a file by its size plus this,
 * so many small files and one large one are measured on one scale.
 */
const REQUEST_COST_BYTES = 64 * 1024;

/** Failures that would repeat for every file: stop starting new ones. */
function dooms(err: TaskError): boolean {
  return (
    err.kind === 'accessDenied' ||
    err.kind === 'credentials' ||
    err.kind === 'network' ||
    err.errorCode === 'NoSuchBucket'
  );
}

/** The file's path from the checkout, for an annotation; undefined outside it. */
function repoPath(workspace: string | undefined, path: string): string | undefined {
  if (!workspace) return undefined;
  const rel = relative(workspace, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : undefined;
}

interface UploadDeps {
  s3: S3Client;
  bulk?: S3Client;
  logger: Logger;
  signal: AbortSignal;
  checksums: boolean;
  region: string;
  /** Where annotations' `file` paths start (the runner's checkout). */
  workspace?: string;
}

function uploaderFor(settings: UploadSettings, deps: UploadDeps, progress: Progress): Uploader {
  const { logger } = deps;
  return new S3Uploader(
    { s3: deps.s3, bulk: deps.bulk },
    { bucket: settings.bucket, checksums: deps.checksums, ifNoneMatch: settings.overwrite === 'false' },
    {
      partSizeBytes: settings.partSizeBytes,
      partConcurrency: settings.partConcurrency,
      memoryBudgetBytes: settings.memoryBudgetBytes,
    },
    {
      signal: deps.signal,
      onBytes: (n) => progress.addBytes(n),
      onAbortFailed: (key, uploadId, err) =>
        logger.warning(
          'upload.abort-failed',
          `Could not abort the multipart upload of ${key}; its parts stay until a lifecycle rule removes them`,
          { key, uploadId, errorCode: wrapAwsError(err, 'AbortMultipartUpload').errorCode },
        ),
      onCompleteConfirmed: (key, errorCode) =>
        logger.info(
          'upload.complete-confirmed',
          `CompleteMultipartUpload of ${key} got no definite answer (${errorCode}); HeadObject found the object complete (size and sha256 or multipart ETag match), so it counts as uploaded`,
          { key, errorCode },
        ),
    },
  );
}

/** A file's failure as the outcome records it, and the error it was classified as. */
function failureOf(
  planned: PlannedFile,
  err: unknown,
  settings: UploadSettings,
  denied: string,
): { failed: FailedFile; wrapped: TaskError } {
  const { file, key } = planned;
  const wrapped =
    err instanceof TaskError
      ? err
      : wrapAwsError(
          err,
          `Uploading ${file.relative} to s3://${settings.bucket}/${key}`,
          isAccessDenied(err) ? denied : undefined,
        );
  const code = (err as { code?: string }).code;
  const message =
    code && !wrapped.errorCode.startsWith('Http') && kindOf(err) === 'unexpected'
      ? `${code}: ${(err as Error).message}`
      : wrapped.message;
  const errorCode = wrapped.kind === 'unexpected' && code ? code : wrapped.errorCode;
  const mayExist = err instanceof UploadMayExistError ? { mayExist: true } : {};
  return { failed: { planned, errorCode, message, ...mayExist }, wrapped };
}

/**
 * Uploads the planned files, as many at a time as raise throughput (up to `concurrency`). One file
 * failing does not stop the others (unless the failure would repeat for every file); cancellation
 * stops starting new files and aborts the multipart uploads in flight. Long because the per-file
 * task (upload, record, classify a failure) is a closure over the run's shared outcome and limit.
 */
export async function uploadFiles(
  files: PlannedFile[],
  settings: UploadSettings,
  deps: UploadDeps,
): Promise<UploadOutcome> {
  const { logger, signal } = deps;
  const denied = grantHint(
    Object.keys(settings.tags).length ? ['s3:PutObject', 's3:PutObjectTagging'] : ['s3:PutObject'],
    `arn:${partitionOf(deps.region)}:s3:::${settings.bucket}/${settings.keyPrefix}*`,
  );
  const outcome: UploadOutcome = { uploaded: [], failed: [], notAttempted: 0, bytes: 0, seconds: 0 };
  const progress = new Progress(
    logger,
    files.length,
    files.reduce((n, f) => n + f.file.size, 0),
  );
  const uploader = uploaderFor(settings, deps, progress);

  const uploadOne = async (planned: PlannedFile): Promise<{ units: number; outcome: TaskOutcome }> => {
    const { file, key } = planned;
    try {
      const result = await uploader.upload({
        path: file.path,
        size: file.size,
        key,
        headers: headersFor(planned, undefined, settings),
        // `if-changed` compares the stored `sha256` next time, so it must be stored now.
        recordSha256: settings.overwrite === 'if-changed',
        sha256: planned.sha256,
      });
      outcome.uploaded.push({ planned, sha256: result.sha256, etag: result.etag, parts: result.parts });
      progress.fileDone();
      logger.debug('upload.file', `upload: ${file.relative} to s3://${settings.bucket}/${key}`, {
        key,
        size: file.size,
        parts: result.parts,
      });
      return { units: file.size + REQUEST_COST_BYTES, outcome: result.retried ? 'throttled' : 'ok' };
    } catch (err) {
      if (signal.aborted || kindOf(err) === 'cancelled') {
        outcome.stopped = new CancelledError();
        return { units: 0, outcome: 'ok' };
      }
      const { failed, wrapped } = failureOf(planned, err, settings, denied);
      outcome.failed.push(failed);
      // A missing bucket fails every file alike: one annotation per error code, the rest in the log.
      const first = !outcome.failed.slice(0, -1).some((f) => f.errorCode === failed.errorCode);
      const fields = { key, errorCode: wrapped.errorCode };
      if (first)
        logger.warning('upload.failed', `Failed: ${file.relative}: ${failed.message}`, fields, {
          title: `Upload failed (${wrapped.errorCode})`,
          file: repoPath(deps.workspace, file.path),
        });
      else logger.info('upload.failed', `Failed: ${file.relative}: ${failed.message}`, fields);
      if (dooms(wrapped)) outcome.stopped = wrapped;
      return { units: 0, outcome: 'error' };
    }
  };

  // Files in flight: as many as raise throughput, up to `concurrency` (see AdaptiveLimit).
  const limit = new AdaptiveLimit({ initial: INITIAL_FILES, max: settings.concurrency });
  try {
    await forEachAdaptive(files, limit, uploadOne, {
      stop: () => {
        if (signal.aborted) outcome.stopped ??= new CancelledError();
        return outcome.stopped !== undefined;
      },
    });
  } finally {
    progress.stop();
    await uploader.close();
  }
  logger.debug('upload.concurrency', `Files in flight at the end: ${limit.limit}`, { files: limit.limit });
  outcome.uploaded.sort((a, b) =>
    a.planned.key < b.planned.key ? -1 : a.planned.key > b.planned.key ? 1 : 0,
  );
  outcome.notAttempted = files.length - outcome.uploaded.length - outcome.failed.length;
  outcome.bytes = outcome.uploaded.reduce((n, u) => n + u.planned.file.size, 0);
  outcome.seconds = progress.elapsedSeconds;
  return outcome;
}
