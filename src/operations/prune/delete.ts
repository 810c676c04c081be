import {
  AbortMultipartUploadCommand,
  DeleteObjectsCommand,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import { awsErrorCode, httpStatus, kindOf, wrapAwsError } from '../../aws/classify.js';
import { certainlyNotApplied } from '../../aws/not-applied.js';
import { TaskError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import { mapLimit, Pool } from '../../util/concurrency.js';
import { assertUnderPrefix, describeEntry, s3Uri, Tally, type Entry, type Upload } from './entries.js';
import type { Manifest } from './manifest.js';

/** DeleteObjects takes at most 1000 keys. */
export const BATCH_SIZE = 1000;
/**
 * DeleteObjects calls in flight. Each counts as 1000 DELETEs against S3's 3,500 per second per
 * prefix, so a few are enough to saturate it; adaptive retries absorb `SlowDown`.
 */
export const DELETE_CONCURRENCY = 4;
/**
 * Per-key lines (`delete: s3://…`, as the aws CLI prints them) for the first this many keys, then one
 * count: a prune of a million keys must not write a million lines. The manifest has every key.
 */
export const KEY_LINES = 1000;

export interface KeyFailure {
  entry: Entry;
  code: string;
  message: string;
}

export interface DeleteOutcome {
  deleted: Tally;
  /** The first deleted entries, for the summary. */
  first: Entry[];
  failures: KeyFailure[];
  /** DeleteObjects calls sent. */
  calls: number;
  /** A whole call failed (after retries): no batch was sent after it. */
  fatal?: TaskError;
  /**
   * Entries of whole calls that failed without a definite answer (a lost reply, a timeout, a 5xx, or
   * retries): S3 may have deleted them. In the manifest as `unconfirmed`, never in `deleted`.
   */
  unconfirmed: Tally;
  /** Batches not sent because the step was cancelled. */
  cancelled: boolean;
}

export interface DeleterDeps {
  s3: S3Client;
  bucket: string;
  prefix: string;
  logger: Logger;
  signal: AbortSignal;
  /** Where deleted entries are recorded: prune's manifest file, or upload-artifact's manifest. */
  manifest: Pick<Manifest, 'add' | 'path'>;
  /** Entries kept for the summary. */
  keepFirst: number;
  concurrency?: number;
}

/**
 * Sends DeleteObjects batches with a bounded number in flight. `submit` waits for a free slot, so a
 * listing that feeds it pauses instead of piling up batches in memory. Every key of a batch is checked
 * against the prefix before the batch is sent. Per-key errors in a reply are recorded and the other
 * batches carry on; a call that fails as a whole (e.g. AccessDenied) stops new batches.
 *
 * In-flight calls are not aborted on cancellation: they finish (each is bounded by the read timeout),
 * so what was deleted is known exactly; only new batches stop.
 */
export class BatchDeleter {
  private readonly pool: Pool;
  private readonly outcome: DeleteOutcome = {
    deleted: new Tally(),
    first: [],
    failures: [],
    calls: 0,
    cancelled: false,
    unconfirmed: new Tally(),
  };
  private lines = 0;

  constructor(private readonly deps: DeleterDeps) {
    this.pool = new Pool(deps.concurrency ?? DELETE_CONCURRENCY);
  }

  /** True while batches are still being accepted. */
  get open(): boolean {
    return !this.outcome.fatal && !this.outcome.cancelled;
  }

  /** Queues one batch (≤ 1000 entries); resolves once it has been sent, or false when no longer accepting. */
  async submit(batch: Entry[]): Promise<boolean> {
    if (batch.length === 0) return this.open;
    if (batch.length > BATCH_SIZE) throw new RangeError(`a batch of ${batch.length} entries`);
    const wanted = (): boolean => {
      if (this.deps.signal.aborted) this.outcome.cancelled = true;
      if (!this.open) return false;
      assertUnderPrefix(batch, this.deps.prefix, 'DeleteObjects');
      return true;
    };
    try {
      return await this.pool.start(() => this.send(batch), wanted);
    } catch (err) {
      await this.finish();
      throw err;
    }
  }

  /** Waits for every call in flight. */
  async finish(): Promise<DeleteOutcome> {
    await this.pool.drain();
    if (this.deps.signal.aborted) this.outcome.cancelled = true;
    this.deps.logger.endGroup();
    const hidden = this.outcome.deleted.count - this.lines;
    if (hidden > 0 && this.lines >= KEY_LINES)
      this.deps.logger.info(
        'objects.deleted-more',
        `… and ${hidden} more deleted; every key is in ${this.deps.manifest.path}`,
        { more: hidden, manifest: this.deps.manifest.path },
      );
    return this.outcome;
  }

  private async send(batch: Entry[]): Promise<void> {
    const { s3, bucket, logger } = this.deps;
    this.outcome.calls++;
    let errors;
    try {
      const reply = await s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: {
            Quiet: true,
            Objects: batch.map((e) =>
              e.versionId === undefined ? { Key: e.key } : { Key: e.key, VersionId: e.versionId },
            ),
          },
        }),
      );
      errors = reply.Errors ?? [];
    } catch (err) {
      this.outcome.fatal ??= callError(
        err,
        `DeleteObjects on s3://${bucket}`,
        kindOf(err) === 'accessDenied'
          ? `Grant \`s3:DeleteObject\`${batch[0]?.versionId !== undefined ? ' and `s3:DeleteObjectVersion`' : ''} on the keys under s3://${bucket}/${this.deps.prefix} to the role this step runs as.`
          : undefined,
      );
      if (!certainlyNotApplied(err)) {
        for (const entry of batch) this.outcome.unconfirmed.add(entry);
        this.deps.manifest.add(batch, { unconfirmed: true });
        const keys = batch.length > 1 ? `${batch[0]!.key} … ${batch.at(-1)!.key}` : batch[0]!.key;
        logger.warning(
          'objects.unconfirmed',
          `DeleteObjects got no definite answer (${awsErrorCode(err)}) for ${batch.length} key${batch.length === 1 ? '' : 's'} (${keys}): S3 may have deleted them; they are in ${this.deps.manifest.path} with "unconfirmed": true`,
          { count: batch.length, errorCode: awsErrorCode(err), manifest: this.deps.manifest.path },
        );
      }
      return;
    }
    const failed = new Map<string, { code: string; message: string }>();
    for (const e of errors)
      failed.set(`${e.Key ?? ''}\u0000${e.VersionId ?? ''}`, {
        code: e.Code ?? 'Unknown',
        message: e.Message ?? '',
      });
    const done: Entry[] = [];
    for (const entry of batch) {
      // A reply may name the version of a failed key or not: match both ways.
      const failure =
        failed.get(`${entry.key}\u0000${entry.versionId ?? ''}`) ??
        (entry.versionId !== undefined ? failed.get(`${entry.key}\u0000`) : undefined);
      if (failure) {
        this.outcome.failures.push({ entry, ...failure });
        logger.info(
          'object.delete-failed',
          `delete failed: ${describeEntry(bucket, entry)} ${failure.code}: ${failure.message}`,
          { key: entry.key, versionId: entry.versionId, code: failure.code },
        );
        continue;
      }
      done.push(entry);
      this.outcome.deleted.add(entry);
      if (this.outcome.first.length < this.deps.keepFirst) this.outcome.first.push(entry);
      if (this.lines < KEY_LINES) {
        this.lines++;
        logger.startGroup('Deleted keys');
        logger.info('object.deleted', `delete: ${describeEntry(bucket, entry)}`, {
          key: entry.key,
          versionId: entry.versionId,
          size: entry.size,
        });
      }
    }
    this.deps.manifest.add(done);
  }
}

/**
 * The error of a whole call. A 2xx the SDK could not read is not a refusal: the store accepted the
 * request, and its answer (what it deleted) is what was lost, so the message says that rather than
 * the parser's words.
 */
function callError(err: unknown, step: string, hint?: string): TaskError {
  const status = httpStatus(err);
  if (status === undefined || status < 200 || status > 299 || err instanceof S3ServiceException)
    return wrapAwsError(err, step, hint);
  return new TaskError(
    kindOf(err),
    `${step}: the store answered HTTP ${status}, but the answer could not be read, so what it deleted is not known.`,
    {
      errorCode: awsErrorCode(err),
      cause: err,
      hint: 'Run the prune again: it lists what is left and deletes it; keys already gone are not listed again.',
    },
  );
}

export interface AbortOutcome {
  aborted: number;
  failures: Array<{ upload: Upload; code: string }>;
}

/** Aborts stale multipart uploads; one that is already gone counts as done. */
export async function abortUploads(
  uploads: Upload[],
  deps: Pick<DeleterDeps, 's3' | 'bucket' | 'prefix' | 'logger' | 'signal'>,
): Promise<AbortOutcome> {
  const { s3, bucket, logger } = deps;
  assertUnderPrefix(uploads, deps.prefix, 'AbortMultipartUpload');
  const outcome: AbortOutcome = { aborted: 0, failures: [] };
  await mapLimit(
    uploads,
    DELETE_CONCURRENCY,
    async (u) => {
      try {
        await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.key, UploadId: u.uploadId }));
      } catch (err) {
        const code = awsErrorCode(err);
        if (code !== 'NoSuchUpload') {
          outcome.failures.push({ upload: u, code });
          logger.info(
            'upload.abort-failed',
            `abort failed: ${s3Uri(bucket, u.key)} (upload ${u.uploadId}) ${code}`,
            {
              key: u.key,
              uploadId: u.uploadId,
              code,
            },
          );
          return;
        }
      }
      outcome.aborted++;
      logger.info('upload.aborted', `abort: ${s3Uri(bucket, u.key)} (upload ${u.uploadId})`, {
        key: u.key,
        uploadId: u.uploadId,
      });
    },
    { signal: deps.signal },
  );
  return outcome;
}
