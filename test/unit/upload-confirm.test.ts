import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { CompleteMultipartUploadCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { confirmCompleted, UploadMayExistError } from '../../src/transfer/confirm-completed.js';
import { afterAttempts, s3Error, s3UnreadableAnswer } from './helpers.js';

const s3mock = mockClient(S3Client);
afterEach(() => {
  s3mock.reset();
});

const SHA = 'a'.repeat(64);
const expected = (onConfirmed?: (key: string, code: string) => void) => ({
  s3: new S3Client({ region: 'us-east-1' }),
  bucket: 'b',
  key: 'k/big.bin',
  size: 11,
  sha256: SHA,
  signal: new AbortController().signal,
  onConfirmed,
});
const head = new HeadObjectCommand({ Bucket: 'b', Key: 'k/big.bin' });
const complete = new CompleteMultipartUploadCommand({ Bucket: 'b', Key: 'k/big.bin', UploadId: 'u' });

describe('confirmCompleted: a CompleteMultipartUpload without a definite answer', () => {
  it('an upload that stored no sha256 is recognised by its multipart ETag, made from the parts’ ETags', async () => {
    const parts = ['"' + 'a'.repeat(32) + '"', '"' + 'b'.repeat(32) + '"'];
    const etag = `"${createHash('md5')
      .update(Buffer.from('a'.repeat(32) + 'b'.repeat(32), 'hex'))
      .digest('hex')}-2"`;
    const noSha = { ...expected(), sha256: undefined, partEtags: parts };
    s3mock.on(HeadObjectCommand).resolves({ ContentLength: 11, Metadata: {}, ETag: etag });
    expect(await confirmCompleted(await s3UnreadableAnswer(complete), noSha)).toEqual({ ETag: etag });
    // Another object with the same size: the call's own error stands.
    s3mock.on(HeadObjectCommand).resolves({ ContentLength: 11, Metadata: {}, ETag: '"other-2"' });
    const err = await s3UnreadableAnswer(complete);
    await expect(confirmCompleted(err, noSha)).rejects.toBe(err);
  });

  it('finds the object complete (size and sha256 metadata): the upload is done', async () => {
    s3mock.on(HeadObjectCommand).resolves({ ContentLength: 11, Metadata: { sha256: SHA }, ETag: '"e-3"' });
    const seen: string[] = [];
    const done = await confirmCompleted(
      await s3UnreadableAnswer(complete),
      expected((key, code) => seen.push(`${key} ${code}`)),
    );
    expect(done).toEqual({ ETag: '"e-3"' });
    expect(seen).toEqual(['k/big.bin Http200']);
    expect(s3mock.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'b',
      Key: 'k/big.bin',
    });
  });

  it('a retry answered NoSuchUpload (the first attempt completed it) is checked too', async () => {
    s3mock.on(HeadObjectCommand).resolves({ ContentLength: 11, Metadata: { sha256: SHA }, ETag: '"e-3"' });
    await expect(
      confirmCompleted(afterAttempts(await s3Error(complete, 404, 'NoSuchUpload'), 2), expected()),
    ).resolves.toEqual({
      ETag: '"e-3"',
    });
  });

  it('S3 refusing the only attempt: its error stands, no HeadObject', async () => {
    const refused = await s3Error(complete, 400, 'InvalidPart');
    await expect(confirmCompleted(refused, expected())).rejects.toBe(refused);
    expect(s3mock.commandCalls(HeadObjectCommand)).toHaveLength(0);
  });

  it.each([
    [
      'no object there',
      async () => {
        s3mock.on(HeadObjectCommand).rejects(await s3Error(head, 404));
      },
    ],
    [
      'another object there',
      () =>
        s3mock.on(HeadObjectCommand).resolves({ ContentLength: 11, Metadata: { sha256: 'b'.repeat(64) } }),
    ],
  ])('%s: the call did not complete it, and its own error stands', async (_label, arrange) => {
    await arrange();
    const err = await s3UnreadableAnswer(complete);
    await expect(confirmCompleted(err, expected())).rejects.toBe(err);
  });

  it('HeadObject failing: the object may exist, with the kind and code of the call', async () => {
    s3mock.on(HeadObjectCommand).rejects(await s3Error(head, 403));
    const err = await confirmCompleted(await s3UnreadableAnswer(complete), expected()).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UploadMayExistError);
    expect(err).toMatchObject({ kind: 'awsApi', errorCode: 'Http200' });
    expect((err as Error).message).toContain(
      's3://b/k/big.bin got no definite answer (Http200), so the object may exist; HeadObject could not confirm it (AccessDenied)',
    );
  });
});
