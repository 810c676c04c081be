import { S3ServiceException } from '@aws-sdk/client-s3';
import { httpStatus, kindOf, networkCode } from './classify.js';

/** A connection that never opened: the request was not sent. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether S3 certainly did not carry out a write that failed (a DeleteObjects, a
 * CompleteMultipartUpload). Only two things say so: S3's own refusal (a 4xx whose body parsed as an
 * S3 error) to the only attempt, or a failure before the request left (no connection, no
 * credentials). Everything else happened after the request was sent, and S3 may have carried it out:
 * a reset, a timeout (the SDK names a connect timeout and a read timeout alike, so both count), a 5xx,
 * a 4xx body that is not S3's, a 2xx whose body cannot be read, and any call that took more than one
 * attempt (an earlier one may have been carried out, its answer lost).
 */
export function certainlyNotApplied(err: unknown): boolean {
  if (((err as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1) > 1) return false;
  const status = httpStatus(err);
  // S3's error body names its `Code`; a 4xx without one (no body, or one not S3's) may be a middlebox's.
  if (status !== undefined)
    return (
      err instanceof S3ServiceException &&
      err.$fault === 'client' &&
      status >= 400 &&
      status < 500 &&
      typeof (err as { Code?: unknown }).Code === 'string'
    );
  if (kindOf(err) === 'credentials') return true;
  const code = networkCode(err);
  return code !== undefined && NEVER_SENT.has(code);
}
