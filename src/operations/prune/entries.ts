import { TaskError } from '../../errors.js';
import { count } from '../../report/format.js';

/** Keys (and units) listed in the summary; the manifest has all of them. */
export const FIRST_KEYS = 50;

/** `1,234 objects`, or `versions` when every version counts. */
export function countNoun(n: number, versions: 'current' | 'all'): string {
  return count(n, versions === 'all' ? 'version' : 'object');
}

/** One listed object, or with `versions: all` one version or delete marker. */
export interface Entry {
  key: string;
  /** Set with `versions: all` (`null` for objects written before versioning). */
  versionId?: string;
  size: number;
  /** LastModified in epoch milliseconds. */
  time: number;
  deleteMarker?: boolean;
}

/** A multipart upload that was started and never completed or aborted. */
export interface Upload {
  key: string;
  uploadId: string;
  initiated: number;
}

/**
 * The key relative to the prefix, as include/exclude see it. A prefix without a trailing `/`
 * (`build`) leaves `/v1/a` for `build/v1/a`: the leading `/` is dropped, so `v1/**` matches either way.
 */
export function relativeKey(key: string, prefix: string): string {
  const rel = key.slice(prefix.length);
  return prefix && !prefix.endsWith('/') && rel.startsWith('/') ? rel.slice(1) : rel;
}

/** The first-level folder under the prefix (`builds/v1/`), or undefined for a key directly under it. */
export function folderOf(key: string, prefix: string): string | undefined {
  const rel = relativeKey(key, prefix);
  const slash = rel.indexOf('/');
  return slash < 0 ? undefined : key.slice(0, key.length - rel.length + slash + 1);
}

/** True for `build-old/x` under the prefix `build`: a key the prefix matches outside the folder `build/`. */
export function outsideFolder(key: string, prefix: string): boolean {
  if (!prefix || prefix.endsWith('/')) return false;
  const rest = key.slice(prefix.length);
  return rest !== '' && !rest.startsWith('/');
}

/**
 * Every key that reaches a delete must start with the prefix. One that does not means the listing or
 * our selection is wrong: a bug, reported as such (exit 99), and nothing in that batch is deleted.
 */
export function assertUnderPrefix(keys: Iterable<{ key: string }>, prefix: string, where: string): void {
  for (const { key } of keys)
    if (!key.startsWith(prefix))
      throw new TaskError(
        'unexpected',
        `${where}: the key ${JSON.stringify(key)} does not start with the prefix ${JSON.stringify(prefix)}; nothing outside the prefix is ever deleted, so this step stopped before deleting it.`,
        {
          errorCode: 'KeyOutsidePrefix',
          hint: 'This is a bug in aws-task-pack or in the S3 store’s listing: please report it with the debug log (`RUNNER_DEBUG=1`).',
        },
      );
}

/** `s3://bucket/key` as the aws CLI prints it, with control characters escaped so a key cannot forge log lines. */
export function s3Uri(bucket: string, key: string): string {
  const hex = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  // eslint-disable-next-line no-control-regex
  const shown = key.replace(/[\u0000-\u001f\u007f]/g, hex);
  return `s3://${bucket}/${shown}`;
}

/** `s3://bucket/key`, plus the version for `versions: all`. */
export function describeEntry(bucket: string, e: Entry): string {
  const uri = s3Uri(bucket, e.key);
  if (e.versionId === undefined) return uri;
  return `${uri} (${e.deleteMarker ? 'delete marker' : 'version'} ${e.versionId})`;
}

/**
 * Whether `a` comes before `b` in time; S3 times have whole seconds, so ties go by key, and the
 * oldest and newest of a set are the same whatever order it was listed in.
 */
export function earlier(a: Entry, b: Entry): boolean {
  return a.time < b.time || (a.time === b.time && a.key < b.key);
}

/** Count, bytes, and the oldest and newest entry of a set, without keeping the set. */
export class Tally {
  count = 0;
  bytes = 0;
  oldest?: Entry;
  newest?: Entry;

  add(e: Entry): void {
    this.count++;
    this.bytes += e.size;
    if (!this.oldest || earlier(e, this.oldest)) this.oldest = e;
    if (!this.newest || earlier(this.newest, e)) this.newest = e;
  }

  merge(other: Tally): void {
    this.count += other.count;
    this.bytes += other.bytes;
    if (other.oldest && (!this.oldest || earlier(other.oldest, this.oldest))) this.oldest = other.oldest;
    if (other.newest && (!this.newest || earlier(this.newest, other.newest))) this.newest = other.newest;
  }
}
