import { partitionOf } from '../../aws/bucket-name.js';
import { grantHint } from '../../aws/classify.js';
import { TaskError } from '../../errors.js';
import type { Outcome } from '../operation.js';
import type { AbortOutcome, DeleteOutcome } from './delete.js';
import { s3Uri, type Entry, type Tally } from './entries.js';
import type { PruneSettings } from './settings.js';

/** What a prune did: what was deleted (also when it then failed), and the failure, if any. */
export interface PruneResult extends Outcome {
  deleted: Tally;
  /** Sent in DeleteObjects calls that got no definite answer: perhaps deleted (always with a failure). */
  unconfirmed: Tally;
  first: Entry[];
  /** DeleteObjects calls. */
  calls: number;
  aborted: number;
  manifestPath: string;
}

/** The same error, saying what had been deleted before it happened, and what may have been. */
export function withProgress(
  err: TaskError,
  { deleted, unconfirmed }: Pick<DeleteOutcome, 'deleted' | 'unconfirmed'>,
  noun: (n: number) => string,
  manifest: string,
): TaskError {
  if (deleted.count === 0 && unconfirmed.count === 0) return err;
  const done = deleted.count
    ? ` Before that, ${noun(deleted.count)} were deleted (listed in ${manifest}).`
    : '';
  const perhaps = unconfirmed.count
    ? ` ${noun(unconfirmed.count)} in DeleteObjects calls that got no definite answer may have been deleted${done ? ' too' : ''} (\`"unconfirmed": true\` in ${manifest}).`
    : '';
  return new TaskError(err.kind, `${err.message}${done}${perhaps}`, {
    errorCode: err.errorCode,
    hint: err.hint,
    cause: err,
  });
}

/**
 * Every key refused inside the DeleteObjects replies (S3 answers 200 and lists each key as
 * AccessDenied when `s3:DeleteObject` is missing) and nothing deleted: a missing permission, not a
 * partial failure.
 */
export function everyKeyDenied(
  outcome: DeleteOutcome,
  settings: PruneSettings,
  region: string,
  noun: (n: number) => string,
): TaskError {
  const { bucket, prefix } = settings;
  const keys = outcome.failures.map((f) => f.entry.key);
  const permissions = ['s3:DeleteObject', ...(settings.versions === 'all' ? ['s3:DeleteObjectVersion'] : [])];
  return new TaskError(
    'accessDenied',
    `DeleteObjects on ${s3Uri(bucket, prefix)} was denied for every key: ${noun(keys.length)} refused with AccessDenied (${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', …' : ''}); nothing was deleted.`,
    {
      errorCode: 'AccessDenied',
      hint: `${grantHint(permissions, `arn:${partitionOf(region)}:s3:::${bucket}/${prefix}*`)} If it has them, Object Lock, a legal hold or a bucket policy protects these objects.`,
    },
  );
}

export function partialError(
  outcome: DeleteOutcome,
  aborts: AbortOutcome,
  noun: (n: number) => string,
  manifest: string,
): TaskError {
  const failed = outcome.failures.length + aborts.failures.length;
  const codes = new Map<string, number>();
  for (const f of [...outcome.failures, ...aborts.failures]) codes.set(f.code, (codes.get(f.code) ?? 0) + 1);
  const byCode = [...codes].map(([code, n]) => `${code} ×${n}`).join(', ');
  const shown = [
    ...outcome.failures.map(
      (f) => `${f.entry.key}${f.entry.versionId ? ` (${f.entry.versionId})` : ''}: ${f.code}`,
    ),
    ...aborts.failures.map((f) => `upload ${f.upload.key}: ${f.code}`),
  ];
  return new TaskError(
    'partial',
    `${failed} deletion${failed === 1 ? '' : 's'} failed (${byCode}); ${noun(outcome.deleted.count)} were deleted (listed in ${manifest}). Failed: ${shown.slice(0, 10).join('; ')}${shown.length > 10 ? `; and ${shown.length - 10} more` : ''}.`,
    {
      errorCode: outcome.failures[0]?.code ?? aborts.failures[0]?.code ?? 'Unknown',
      hint: 'Every failed key is logged above as `delete failed:`. `AccessDenied` on single keys usually means Object Lock, a legal hold or a bucket policy; running the prune again retries what is left.',
    },
  );
}
