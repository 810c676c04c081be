import { isAbsolute, relative, sep } from 'node:path';
import { partitionOf } from '../../aws/bucket-name.js';
import { grantHint, isAccessDenied, kindOf, wrapAwsError } from '../../aws/classify.js';
import { CancelledError, TaskError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import type { S3Client } from '@aws-sdk/client-s3';
import { UploadMayExistError } from './confirm.js';
import { headersFor, type PlannedFile } from './plan.js';
import { Progress } from './progress.js';
import type { UploadSettings } from './settings.js';
import { HashWorker } from '../../util/hash-worker.js';
import {
  hashForMultipart,
  PartBuffers,
  partSizeFor,
  putMultipart,
  putSmall,
  type TransferOptions,
} from './transfer.js';

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

/** The file's path from the checkout, for an annotation; undefined outside it. */
function repoPath(workspace: string | undefined, path: string): string | undefined {
  if (!workspace) return undefined;
  const rel = relative(workspace, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : undefined;
}

/** Failures that would repeat for every file: stop starting new ones. */
function dooms(err: TaskError): boolean {
  return (
    err.kind === 'accessDenied' ||
    err.kind === 'credentials' ||
    err.kind === 'network' ||
    err.errorCode === 'NoSuchBucket'
  );
}

/**
 * Uploads the planned files, `concurrency` at a time. One file failing does not stop the others
 * (unless the failure would repeat for every file); cancellation stops starting new files and aborts
 * the multipart uploads in flight.
 */
export async function uploadFiles(
  files: PlannedFile[],
  settings: UploadSettings,
  deps: {
    s3: S3Client;
    bulk?: S3Client;
    logger: Logger;
    signal: AbortSignal;
    checksums: boolean;
    region: string;
    /** Where annotations' `file` paths start (the runner's checkout). */
    workspace?: string;
  },
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
  const options: TransferOptions = {
    s3: deps.s3,
    bulk: deps.bulk,
    bucket: settings.bucket,
    partSizeBytes: settings.partSizeBytes,
    partConcurrency: settings.partConcurrency,
    checksums: deps.checksums,
    ifNoneMatch: settings.overwrite === 'false',
    signal,
    onBytes: (n) => progress.addBytes(n),
    onAbortFailed: (key, uploadId, err) =>
      logger.warning(
        'upload.abort-failed',
        `Could not abort the multipart upload of ${key}; its parts stay until a lifecycle rule removes them`,
        {
          key,
          uploadId,
          errorCode: wrapAwsError(err, 'AbortMultipartUpload').errorCode,
        },
      ),
    onCompleteConfirmed: (key, errorCode) =>
      logger.info(
        'upload.complete-confirmed',
        `CompleteMultipartUpload of ${key} got no definite answer (${errorCode}); HeadObject found the object complete (size and sha256 match), so it counts as uploaded`,
        { key, errorCode },
      ),
  };

  // Started on the first multipart file only.
  const hasher = new HashWorker();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length && !outcome.stopped) {
      if (signal.aborted) {
        outcome.stopped = new CancelledError();
        break;
      }
      const planned = files[next++]!;
      const { file, key } = planned;
      try {
        let result;
        const partSize = partSizeFor(file.size, settings.partSizeBytes);
        if (file.size > partSize) {
          const buffers = new PartBuffers(partSize);
          // `if-changed` hashed the file in the plan; otherwise one pass gets the file's and the parts' digests.
          const prepared = planned.sha256
            ? { sha256: planned.sha256, parts: undefined }
            : await hashForMultipart(file.path, file.size, partSize, hasher, buffers);
          const sha256 = prepared.sha256;
          logger.debug('upload.multipart', `Uploading ${file.relative} in parts`, { key, size: file.size });
          const r = await putMultipart(
            file.path,
            file.size,
            key,
            headersFor(planned, sha256, settings),
            options,
            { digests: prepared.parts, buffers },
          );
          result = { ...r, sha256 };
        } else {
          result = await putSmall(
            file.path,
            file.size,
            key,
            (sha256) => headersFor(planned, sha256, settings),
            options,
          );
        }
        outcome.uploaded.push({ planned, sha256: result.sha256, etag: result.etag, parts: result.parts });
        progress.fileDone();
        logger.debug('upload.file', `upload: ${file.relative} to s3://${settings.bucket}/${key}`, {
          key,
          size: file.size,
        });
      } catch (err) {
        if (signal.aborted || kindOf(err) === 'cancelled') {
          outcome.stopped = new CancelledError();
          break;
        }
        const wrapped =
          err instanceof TaskError
            ? err
            : wrapAwsError(
                err,
                `Uploading ${file.relative} to s3://${settings.bucket}/${key}`,
                isAccessDenied(err) ? denied : undefined,
              );
        const code = (err as { code?: string }).code;
        const failure =
          code && !wrapped.errorCode.startsWith('Http') && kindOf(err) === 'unexpected'
            ? `${code}: ${(err as Error).message}`
            : wrapped.message;
        outcome.failed.push({
          planned,
          errorCode: wrapped.kind === 'unexpected' && code ? code : wrapped.errorCode,
          message: failure,
          ...(err instanceof UploadMayExistError ? { mayExist: true } : {}),
        });
        // A missing bucket fails every file alike: one annotation per error code, the rest in the log.
        const first = !outcome.failed
          .slice(0, -1)
          .some((f) => f.errorCode === outcome.failed.at(-1)!.errorCode);
        const fields = { key, errorCode: wrapped.errorCode };
        if (first)
          logger.warning('upload.failed', `Failed: ${file.relative}: ${failure}`, fields, {
            title: `Upload failed (${wrapped.errorCode})`,
            file: repoPath(deps.workspace, file.path),
          });
        else logger.info('upload.failed', `Failed: ${file.relative}: ${failure}`, fields);
        if (dooms(wrapped)) outcome.stopped = wrapped;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, files.length) }, worker));
  } finally {
    progress.stop();
    await hasher.close();
  }
  outcome.uploaded.sort((a, b) =>
    a.planned.key < b.planned.key ? -1 : a.planned.key > b.planned.key ? 1 : 0,
  );
  outcome.notAttempted = files.length - outcome.uploaded.length - outcome.failed.length;
  outcome.bytes = outcome.uploaded.reduce((n, u) => n + u.planned.file.size, 0);
  outcome.seconds = progress.elapsedSeconds;
  return outcome;
}
