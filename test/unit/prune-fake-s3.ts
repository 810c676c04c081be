import {
  AbortMultipartUploadCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  S3Client,
  type DeleteObjectsCommandInput,
  type ListMultipartUploadsCommandInput,
  type ListObjectVersionsCommandInput,
  type ListObjectsV2CommandInput,
} from '@aws-sdk/client-s3';
import type { AwsClientStub } from 'aws-sdk-client-mock';

export interface FakeVersion {
  key: string;
  versionId: string;
  time: number;
  size: number;
  deleteMarker?: boolean;
}

/**
 * An in-memory bucket behind an aws-sdk-client-mock stub of S3Client: ListObjectsV2 and
 * ListObjectVersions page like S3 (sorted keys, `MaxKeys`, continuation), DeleteObjects removes what it
 * is told (or answers per-key errors for keys in `failing`), and every DeleteObjects call is recorded.
 */
export class FakeS3 {
  /** Every version, newest first per key; the first non-marker of a key with no newer marker is current. */
  readonly versions: FakeVersion[] = [];
  readonly uploads: Array<{ key: string; uploadId: string; initiated: number }> = [];
  /** Keys DeleteObjects refuses, with the error code it answers. */
  readonly failing = new Map<string, string>();
  /** Lists keys outside the prefix too, like a broken store. */
  ignorePrefix = false;
  versioning?: 'Enabled' | 'Suspended';
  /** Runs before DeleteObjects answers (e.g. to cancel the step mid-way). */
  onDelete?: (call: number) => void | Promise<void>;
  deleteCalls = 0;
  private serial = 0;

  constructor(
    private readonly mock: AwsClientStub<S3Client>,
    readonly bucket = 'prune-bucket',
  ) {}

  /** Adds an object (a new current version with `versioned`). */
  put(key: string, time: Date | number, size = 10): this {
    this.versions.unshift({ key, versionId: `v${++this.serial}`, time: +time, size });
    return this;
  }

  marker(key: string, time: Date | number): this {
    this.versions.unshift({ key, versionId: `m${++this.serial}`, time: +time, size: 0, deleteMarker: true });
    return this;
  }

  /** The current object of every key that has one, sorted by key. */
  current(): FakeVersion[] {
    const seen = new Set<string>();
    const out: FakeVersion[] = [];
    // A stable sort: among equal times the version added last (first in the list) stays first.
    for (const v of [...this.versions].sort((a, b) => b.time - a.time)) {
      if (seen.has(v.key)) continue;
      seen.add(v.key);
      if (!v.deleteMarker) out.push(v);
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  keys(): string[] {
    return this.current().map((v) => v.key);
  }

  private under(key: string, prefix?: string): boolean {
    return this.ignorePrefix || !prefix || key.startsWith(prefix);
  }

  install(): this {
    this.mock.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput) => {
      // Like S3, the token marks a position in key order, so deleting listed keys shifts nothing.
      const after = input.ContinuationToken;
      const all = this.current().filter((v) => this.under(v.key, input.Prefix) && (!after || v.key > after));
      const max = input.MaxKeys ?? 1000;
      const page = all.slice(0, max);
      const truncated = max < all.length;
      return {
        Contents: page.map((v) => ({ Key: v.key, Size: v.size, LastModified: new Date(v.time) })),
        IsTruncated: truncated,
        NextContinuationToken: truncated ? page.at(-1)!.key : undefined,
        KeyCount: page.length,
      };
    });
    this.mock.on(ListObjectVersionsCommand).callsFake((input: ListObjectVersionsCommandInput) => {
      const all = [...this.versions]
        .filter((v) => this.under(v.key, input.Prefix))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : b.time - a.time));
      const start = input.KeyMarker
        ? all.findIndex((v) => v.key === input.KeyMarker && v.versionId === input.VersionIdMarker) + 1
        : 0;
      const max = input.MaxKeys ?? 1000;
      const page = all.slice(start, start + max);
      const truncated = start + max < all.length;
      const latest = new Set(all.filter((v, i) => i === 0 || all[i - 1]!.key !== v.key));
      return {
        Versions: page
          .filter((v) => !v.deleteMarker)
          .map((v) => ({
            Key: v.key,
            VersionId: v.versionId,
            Size: v.size,
            LastModified: new Date(v.time),
            IsLatest: latest.has(v),
          })),
        DeleteMarkers: page
          .filter((v) => v.deleteMarker)
          .map((v) => ({ Key: v.key, VersionId: v.versionId, LastModified: new Date(v.time) })),
        IsTruncated: truncated,
        NextKeyMarker: truncated ? page.at(-1)!.key : undefined,
        NextVersionIdMarker: truncated ? page.at(-1)!.versionId : undefined,
      };
    });
    this.mock.on(DeleteObjectsCommand).callsFake(async (input: DeleteObjectsCommandInput) => {
      const call = ++this.deleteCalls;
      await this.onDelete?.(call);
      const errors: Array<{ Key: string; VersionId?: string; Code: string; Message: string }> = [];
      for (const o of input.Delete?.Objects ?? []) {
        const code = this.failing.get(o.Key!);
        if (code) {
          errors.push({ Key: o.Key!, VersionId: o.VersionId, Code: code, Message: `${code} for ${o.Key}` });
          continue;
        }
        for (let i = this.versions.length - 1; i >= 0; i--) {
          const v = this.versions[i]!;
          if (v.key === o.Key && (o.VersionId === undefined || v.versionId === o.VersionId))
            this.versions.splice(i, 1);
        }
      }
      return { Errors: errors.length ? errors : undefined };
    });
    this.mock.on(ListMultipartUploadsCommand).callsFake((input: ListMultipartUploadsCommandInput) => ({
      Uploads: this.uploads
        .filter((u) => this.under(u.key, input.Prefix))
        .map((u) => ({ Key: u.key, UploadId: u.uploadId, Initiated: new Date(u.initiated) })),
      IsTruncated: false,
    }));
    this.mock.on(AbortMultipartUploadCommand).callsFake((input: { UploadId?: string }) => {
      const i = this.uploads.findIndex((u) => u.uploadId === input.UploadId);
      if (i >= 0) this.uploads.splice(i, 1);
      return {};
    });
    this.mock.on(GetBucketVersioningCommand).callsFake(() => ({ Status: this.versioning }));
    return this;
  }

  /** The objects of every DeleteObjects call, in order. */
  deleteBatches(): Array<Array<{ Key?: string; VersionId?: string }>> {
    return this.mock.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input.Delete?.Objects ?? []);
  }
}
