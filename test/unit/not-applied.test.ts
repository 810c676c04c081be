import { describe, expect, it } from '@jest/globals';
import { CompleteMultipartUploadCommand, DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { certainlyNotApplied } from '../../src/aws/not-applied.js';
import { afterAttempts, s3Error, s3UnreadableAnswer, sdkSocketError, sdkTimeoutError } from './helpers.js';

const del = new DeleteObjectsCommand({ Bucket: 'b', Delete: { Objects: [{ Key: 'k' }] } });
const complete = new CompleteMultipartUploadCommand({ Bucket: 'b', Key: 'k', UploadId: 'u' });

// Errors as the SDK raises them from canned answers (test/unit/helpers.ts), not hand-made objects.
describe('certainlyNotApplied: only the store refusing, or a request never sent', () => {
  it.each<[string, () => Promise<Error> | Error]>([
    ['S3 refusing with its own 403 AccessDenied', () => s3Error(del, 403, 'AccessDenied')],
    ['S3 refusing with 404 NoSuchBucket', () => s3Error(del, 404, 'NoSuchBucket')],
    ['S3 refusing a completion with 400 InvalidPart', () => s3Error(complete, 400, 'InvalidPart')],
    ['a connection refused', () => sdkSocketError('ECONNREFUSED')],
    ['a name that does not resolve', () => sdkSocketError('ENOTFOUND')],
    ['no credentials', () => Object.assign(new Error('none'), { name: 'CredentialsProviderError' })],
  ])('%s: not applied', async (_label, make) => {
    expect(certainlyNotApplied(await make())).toBe(true);
  });

  it.each<[string, () => Promise<Error>]>([
    ['a 200 whose body is cut', () => s3UnreadableAnswer(del)],
    ['a 403 whose body is not an S3 error', () => s3Error(del, 403)],
    ['a 500 InternalError', () => s3Error(del, 500, 'InternalError')],
    ['a 503 SlowDown', () => s3Error(del, 503, 'SlowDown')],
    [
      'S3 refusing a retry (an earlier attempt may have been carried out)',
      async () => afterAttempts(await s3Error(complete, 404, 'NoSuchUpload'), 2),
    ],
    ['a reset after sending', () => sdkSocketError('ECONNRESET')],
    ['a broken pipe', () => sdkSocketError('EPIPE')],
    ['a timeout (a connect timeout is named alike)', () => sdkTimeoutError()],
  ])('%s: perhaps applied', async (_label, make) => {
    expect(certainlyNotApplied(await make())).toBe(false);
  });
});
