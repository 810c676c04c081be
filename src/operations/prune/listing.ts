import {
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { kindOf, wrapAwsError } from '../../aws/classify.js';
import { TaskError } from '../../errors.js';
import { assertUnderPrefix, type Entry, type Upload } from './entries.js';

/** S3's page size (and its maximum). */
export const PAGE_SIZE = 1000;

export interface ListTarget {
  s3: S3Client;
  bucket: string;
  prefix: string;
  signal: AbortSignal;
}

function listError(err: unknown, operation: string, t: ListTarget): TaskError {
  return wrapAwsError(
    err,
    `${operation} s3://${t.bucket}/${t.prefix}`,
    kindOf(err) === 'accessDenied'
      ? `Grant \`s3:ListBucket\`${operation === 'ListObjectVersions' ? ' and `s3:ListBucketVersions`' : ''}${operation === 'ListMultipartUploads' ? ' and `s3:ListBucketMultipartUploads`' : ''} on arn:aws:s3:::${t.bucket} to the role this step runs as.`
      : undefined,
  );
}

/** A store that says "more" but gives no way to get it would make us loop forever. */
function stuck(operation: string): TaskError {
  return new TaskError(
    'awsApi',
    `${operation} said the listing was truncated but gave no marker to continue from.`,
    {
      errorCode: 'BrokenPagination',
      hint: 'The S3 store does not paginate correctly; try a narrower `prefix`.',
    },
  );
}

// Keys are read as S3 sends them (no `EncodingType=url`): stores disagree on how they encode a space
// or a `+` (AWS sends `+` for a space, moto `%20`), and a wrong decoding would name another key.

/** Pages of the current objects under the prefix. Every key is checked against the prefix. */
export async function* listObjects(t: ListTarget): AsyncGenerator<Entry[]> {
  let token: string | undefined;
  do {
    let page;
    try {
      page = await t.s3.send(
        new ListObjectsV2Command({
          Bucket: t.bucket,
          Prefix: t.prefix || undefined,
          MaxKeys: PAGE_SIZE,
          ContinuationToken: token,
        }),
        { abortSignal: t.signal },
      );
    } catch (err) {
      throw listError(err, 'ListObjectsV2', t);
    }
    const entries: Entry[] = (page.Contents ?? []).map((o) => ({
      key: o.Key ?? '',
      size: o.Size ?? 0,
      time: o.LastModified?.getTime() ?? 0,
    }));
    assertUnderPrefix(entries, t.prefix, 'ListObjectsV2');
    yield entries;
    if (page.IsTruncated && !page.NextContinuationToken) throw stuck('ListObjectsV2');
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** Pages of every version and delete marker under the prefix. */
export async function* listVersions(t: ListTarget): AsyncGenerator<Entry[]> {
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  for (;;) {
    let page;
    try {
      page = await t.s3.send(
        new ListObjectVersionsCommand({
          Bucket: t.bucket,
          Prefix: t.prefix || undefined,
          MaxKeys: PAGE_SIZE,
          KeyMarker: keyMarker,
          VersionIdMarker: versionMarker,
        }),
        { abortSignal: t.signal },
      );
    } catch (err) {
      throw listError(err, 'ListObjectVersions', t);
    }
    const entries: Entry[] = [
      ...(page.Versions ?? []).map((v) => ({
        key: v.Key ?? '',
        versionId: v.VersionId ?? 'null',
        size: v.Size ?? 0,
        time: v.LastModified?.getTime() ?? 0,
      })),
      ...(page.DeleteMarkers ?? []).map((m) => ({
        key: m.Key ?? '',
        versionId: m.VersionId ?? 'null',
        size: 0,
        time: m.LastModified?.getTime() ?? 0,
        deleteMarker: true,
      })),
    ];
    assertUnderPrefix(entries, t.prefix, 'ListObjectVersions');
    yield entries;
    if (!page.IsTruncated) return;
    if (!page.NextKeyMarker) throw stuck('ListObjectVersions');
    keyMarker = page.NextKeyMarker;
    versionMarker = page.NextVersionIdMarker;
  }
}

/** Every incomplete multipart upload under the prefix. */
export async function* listUploads(t: ListTarget): AsyncGenerator<Upload[]> {
  let keyMarker: string | undefined;
  let uploadMarker: string | undefined;
  for (;;) {
    let page;
    try {
      page = await t.s3.send(
        new ListMultipartUploadsCommand({
          Bucket: t.bucket,
          Prefix: t.prefix || undefined,
          MaxUploads: PAGE_SIZE,
          KeyMarker: keyMarker,
          UploadIdMarker: uploadMarker,
        }),
        { abortSignal: t.signal },
      );
    } catch (err) {
      throw listError(err, 'ListMultipartUploads', t);
    }
    const uploads: Upload[] = (page.Uploads ?? []).map((u) => ({
      key: u.Key ?? '',
      uploadId: u.UploadId ?? '',
      initiated: u.Initiated?.getTime() ?? 0,
    }));
    assertUnderPrefix(uploads, t.prefix, 'ListMultipartUploads');
    yield uploads;
    if (!page.IsTruncated) return;
    if (!page.NextKeyMarker) throw stuck('ListMultipartUploads');
    keyMarker = page.NextKeyMarker;
    uploadMarker = page.NextUploadIdMarker;
  }
}
