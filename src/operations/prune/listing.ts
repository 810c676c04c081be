import {
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  paginateListObjectsV2,
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
      ? `Grant \`s3:ListBucket\`${operation === 'ListObjectVersions' ? ' and `s3:ListBucketVersions`' : ''}${operation === 'ListMultipartUploads' ? ' and `s3:ListBucketMultipartUploads`' : ''} on the bucket ${t.bucket} to the role this step runs as.`
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

/** The markers a listing continues from: a continuation token, or a key and a version/upload id. */
interface Markers {
  first?: string;
  second?: string;
}

/**
 * Pages of a listing the SDK has no paginator for (ListObjectVersions and ListMultipartUploads
 * continue from two markers): every item is checked against the prefix before it is handed on, and a store
 * that says "truncated" without a marker stops the listing instead of looping.
 */
async function* pages<T extends { key: string }>(
  t: ListTarget,
  operation: 'ListObjectVersions' | 'ListMultipartUploads',
  fetch: (markers: Markers) => Promise<{ items: T[]; truncated: boolean; next: Markers }>,
): AsyncGenerator<T[]> {
  let markers: Markers = {};
  for (;;) {
    let page;
    try {
      page = await fetch(markers);
    } catch (err) {
      throw listError(err, operation, t);
    }
    assertUnderPrefix(page.items, t.prefix, operation);
    yield page.items;
    if (!page.truncated) return;
    if (!page.next.first) throw stuck(operation);
    markers = page.next;
  }
}

/** Pages of the current objects under the prefix, through the SDK's paginator. */
export async function* listObjects(t: ListTarget): AsyncGenerator<Entry[]> {
  const raw = paginateListObjectsV2(
    { client: t.s3, pageSize: PAGE_SIZE },
    { Bucket: t.bucket, Prefix: t.prefix || undefined },
    { abortSignal: t.signal },
  )[Symbol.asyncIterator]();
  for (;;) {
    let next;
    try {
      next = await raw.next();
    } catch (err) {
      throw listError(err, 'ListObjectsV2', t);
    }
    if (next.done) return;
    const page = next.value;
    const items = (page.Contents ?? []).map((o) => ({
      key: o.Key ?? '',
      size: o.Size ?? 0,
      time: o.LastModified?.getTime() ?? 0,
    }));
    assertUnderPrefix(items, t.prefix, 'ListObjectsV2');
    yield items;
    // The paginator stops silently on a missing token: a truncated listing must not pass for a whole one.
    if (page.IsTruncated && !page.NextContinuationToken) throw stuck('ListObjectsV2');
  }
}

/** Pages of every version and delete marker under the prefix. */
export function listVersions(t: ListTarget): AsyncGenerator<Entry[]> {
  return pages(t, 'ListObjectVersions', async ({ first, second }) => {
    const page = await t.s3.send(
      new ListObjectVersionsCommand({
        Bucket: t.bucket,
        Prefix: t.prefix || undefined,
        MaxKeys: PAGE_SIZE,
        KeyMarker: first,
        VersionIdMarker: second,
      }),
      { abortSignal: t.signal },
    );
    const items: Entry[] = [
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
    return {
      items,
      truncated: page.IsTruncated === true,
      next: { first: page.NextKeyMarker, second: page.NextVersionIdMarker },
    };
  });
}

/** Pages of the incomplete multipart uploads under the prefix. */
export function listUploads(t: ListTarget): AsyncGenerator<Upload[]> {
  return pages(t, 'ListMultipartUploads', async ({ first, second }) => {
    const page = await t.s3.send(
      new ListMultipartUploadsCommand({
        Bucket: t.bucket,
        Prefix: t.prefix || undefined,
        MaxUploads: PAGE_SIZE,
        KeyMarker: first,
        UploadIdMarker: second,
      }),
      { abortSignal: t.signal },
    );
    return {
      items: (page.Uploads ?? []).map((u) => ({
        key: u.Key ?? '',
        uploadId: u.UploadId ?? '',
        initiated: u.Initiated?.getTime() ?? 0,
      })),
      truncated: page.IsTruncated === true,
      next: { first: page.NextKeyMarker, second: page.NextUploadIdMarker },
    };
  });
}
