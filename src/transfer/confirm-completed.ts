import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { awsErrorCode, httpStatus, isAccessDenied, kindOf } from '../aws/classify.js';
import { certainlyNotApplied } from '../aws/not-applied.js';
import { TaskError } from '../errors.js';

/**
 * What the completed object must be: its key, size, and either the SHA-256 its `sha256` metadata
 * records or (an upload that stored none) the ETag S3 gives the completed upload of these parts.
 */
export interface ExpectedObject {
  s3: S3Client;
  bucket: string;
  key: string;
  size: number;
  sha256?: string;
  /** The parts' ETags, in order: the completed object's ETag is the MD5 of their MD5s, `-N`. */
  partEtags?: string[];
  signal: AbortSignal;
  /** Told when the object was found complete after all. */
  onConfirmed?: (key: string, errorCode: string) => void;
}

/**
 * A CompleteMultipartUpload whose answer was lost or could not be read and whose object may exist: the
 * error keeps the call's kind and code (so the exit code is the documented one) and says so.
 */
export class UploadMayExistError extends TaskError {}

/**
 * Called when CompleteMultipartUpload fails. Unless S3 certainly refused it, the store may have
 * completed the upload and only its answer was lost (a reset, a cut 200, or a retry answered
 * `NoSuchUpload` because the first attempt did complete it). One HeadObject tells: the object there
 * with this size and `sha256` is the upload, done. An object that is not there (or another one) means
 * the call did not complete it, and the call's own error stands; when the check itself fails, the error
 * says the object may exist.
 */
export async function confirmCompleted(err: unknown, expected: ExpectedObject): Promise<{ ETag?: string }> {
  if (certainlyNotApplied(err) || kindOf(err) === 'cancelled' || expected.signal.aborted) throw err;
  const { s3, bucket, key } = expected;
  let head;
  try {
    head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), {
      abortSignal: expected.signal,
    });
  } catch (headErr) {
    if (httpStatus(headErr) === 404) throw err;
    const code = awsErrorCode(err);
    // A HEAD answer has no body to name its error: a bare 403 is S3 denying it.
    const headCode = isAccessDenied(headErr) ? 'AccessDenied' : awsErrorCode(headErr);
    throw new UploadMayExistError(
      kindOf(err),
      `CompleteMultipartUpload of s3://${bucket}/${key} got no definite answer (${code}), so the object may exist; HeadObject could not confirm it (${headCode}). ${expected.sha256 ? `Its \`sha256\` metadata is ${expected.sha256} if it is complete; a run with \`overwrite: if-changed\` skips it then.` : 'A run with `overwrite: if-changed` skips it if it is complete.'}`,
      { errorCode: code, cause: err },
    );
  }
  const same = expected.sha256
    ? head.Metadata?.sha256 === expected.sha256
    : !!expected.partEtags && unquoted(head.ETag) === multipartEtag(expected.partEtags);
  if (head.ContentLength !== expected.size || !same) throw err;
  expected.onConfirmed?.(key, awsErrorCode(err));
  return { ETag: head.ETag };
}

const unquoted = (etag: string | undefined): string => (etag ?? '').replace(/"/g, '');

/** The ETag of a completed multipart upload, from its parts' ETags (hex MD5s where the store computes them so). */
export function multipartEtag(partEtags: string[]): string {
  const md5s = Buffer.concat(partEtags.map((e) => Buffer.from(unquoted(e), 'hex')));
  return `${createHash('md5').update(md5s).digest('hex')}-${partEtags.length}`;
}
