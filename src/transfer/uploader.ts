import type { ServerSideEncryption, StorageClass } from '@aws-sdk/client-s3';

/**
 * The uploader seam: what an operation asks for (one local file → one object) and what it gets back,
 * whatever does the transfer. `upload-artifact` uses it; another operation that writes files to S3
 * can reuse it, and an alternative implementation can be measured behind it (`bench/`).
 */
export interface Uploader {
  /** Uploads one file; rejects with the SDK's (or a read) error after cleaning up what it started. */
  upload(request: UploadRequest): Promise<UploadedObject>;
  /** Frees what the uploader holds (threads, buffers); call once every upload has settled. */
  close(): Promise<void>;
}

/** The user-metadata entry that holds the content's SHA-256 (hex), compared by `overwrite: if-changed`. */
export const SHA256_METADATA = 'sha256';

/** The headers every object of one upload gets, plus its own type and cache rule. */
export interface ObjectHeaders {
  contentType: string;
  cacheControl?: string;
  /** User metadata; the `sha256` entry is added by the uploader (see `UploadRequest.recordSha256`). */
  metadata: Record<string, string>;
  /** URL-encoded `k=v&k2=v2`. */
  tagging?: string;
  storageClass?: StorageClass;
  sse?: ServerSideEncryption;
  kmsKeyId?: string;
}

export interface UploadRequest {
  path: string;
  /** The size planned; a file that got shorter meanwhile is an error. */
  size: number;
  key: string;
  headers: ObjectHeaders;
  /**
   * Store the SHA-256 as `sha256` metadata also on a multipart upload. There it must be known before
   * the first part is sent, which costs a hashing pass over the file first; a single-request upload
   * always stores it (its signature needs the hash anyway).
   */
  recordSha256: boolean;
  /** The SHA-256 (hex) when the caller has it already. */
  sha256?: string;
}

export interface UploadedObject {
  etag: string;
  parts: number;
  /** The SHA-256 (hex) of what was sent, whether stored as metadata or not. */
  sha256: string;
  /** Some request needed more than one attempt (throttling, a 5xx): a sign to send less at once. */
  retried: boolean;
}

/** Where objects go and how they are written. */
export interface UploadTarget {
  bucket: string;
  /**
   * Send checksums S3 verifies (on for AWS's own endpoints, off for S3-compatible stores that reject
   * them). A part then carries a CRC32 checksum and, over HTTPS, an unsigned payload, so no part is
   * SHA-256-hashed (see `S3Uploader`).
   */
  checksums: boolean;
  /** `If-None-Match: *`: never replace an existing object. */
  ifNoneMatch: boolean;
}

/** How large files are cut up and how much memory their parts may take. */
export interface UploadTuning {
  partSizeBytes: number;
  /** The most parts of one file in flight; the uploader finds how many pay, up to this. */
  partConcurrency: number;
  /** All part buffers of all files in flight together stay within this. */
  memoryBudgetBytes: number;
  /** `false` pins the parts in flight at `partConcurrency` (the bench measures fixed settings so). */
  adaptive?: boolean;
}

export interface UploadEvents {
  /** The job's cancellation. */
  signal: AbortSignal;
  onBytes?: (bytes: number) => void;
  /** An upload that could not be aborted (`uploadId` '': not even listed) leaves parts behind: the caller says so. */
  onAbortFailed?: (key: string, uploadId: string, err: unknown) => void;
  /** A CompleteMultipartUpload whose answer was lost, found complete by HeadObject. */
  onCompleteConfirmed?: (key: string, errorCode: string) => void;
}

/** Files in flight at the start, before the limit learns what pays (see `AdaptiveLimit`). */
export const INITIAL_FILES = 16;

/** S3 allows at most 10,000 parts per upload. */
export const MAX_PARTS = 10_000;
const MIB = 1024 * 1024;

/** The part size for a file: the configured one, grown in whole MiB so no file needs more than 10,000 parts. */
export function partSizeFor(size: number, configured: number): number {
  const needed = Math.ceil(size / MAX_PARTS / MIB) * MIB;
  return Math.max(configured, needed);
}

/** The headers with the content's SHA-256 added to the metadata. */
export function withSha256(headers: ObjectHeaders, sha256: string): ObjectHeaders {
  return { ...headers, metadata: { ...headers.metadata, [SHA256_METADATA]: sha256 } };
}
