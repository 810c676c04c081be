import { asTaskError } from '../../aws/classify.js';
import { CancelledError, TaskError } from '../../errors.js';
import { chunk } from '../../util/concurrency.js';
import type { OperationContext } from '../operation.js';
import { abortUploads, BATCH_SIZE, BatchDeleter, type AbortOutcome, type DeleteOutcome } from './delete.js';
import { assertUnderPrefix, countNoun, FIRST_KEYS, type Entry } from './entries.js';
import { listObjects } from './listing.js';
import { Manifest } from './manifest.js';
import { everyKeyDenied, partialError, withProgress, type PruneResult } from './outcome.js';
import { target, type PrunePlan } from './plan.js';
import { decideObject } from './select.js';
import type { PruneSettings } from './settings.js';

function deleterDeps(ctx: OperationContext, settings: PruneSettings) {
  return {
    s3: ctx.clients.s3(),
    bucket: settings.bucket,
    prefix: settings.prefix,
    logger: ctx.logger,
    signal: ctx.signal,
  };
}

/**
 * Streaming mode past the held limit: lists again and deletes while listing, never more than
 * `max-deletes` in all. Returns how many qualified beyond it.
 */
async function deleteWhileListing(
  ctx: OperationContext,
  settings: PruneSettings,
  deleter: BatchDeleter,
): Promise<number> {
  let overLimit = 0;
  let batch: Entry[] = [];
  let queued = 0;
  try {
    pages: for await (const page of listObjects(target(ctx, settings))) {
      for (const e of page) {
        if (decideObject(e, settings) !== 'delete') continue;
        // More qualify now than when counting (e.g. a multipart upload completed meanwhile, aged by
        // its start): never past max-deletes.
        if (queued >= settings.maxDeletes) {
          overLimit++;
          continue;
        }
        queued++;
        batch.push(e);
        if (batch.length === BATCH_SIZE) {
          if (!(await deleter.submit(batch))) break pages;
          batch = [];
        }
      }
    }
    await deleter.submit(batch);
  } catch (err) {
    // A listing cut short by the cancellation is reported as such by the caller.
    if (!ctx.signal.aborted) throw err;
  }
  return overLimit;
}

/** Deletes what the plan chose (or, streaming past the held limit, what qualifies again). */
async function deleteSelection(
  ctx: OperationContext,
  settings: PruneSettings,
  plan: PrunePlan,
  deleter: BatchDeleter,
): Promise<number> {
  if (plan.remove) {
    // Every key, before the first delete (planned mode, or streaming mode holding its selection).
    assertUnderPrefix(plan.remove, settings.prefix, 'DeleteObjects');
    for (const batch of chunk(plan.remove, BATCH_SIZE)) if (!(await deleter.submit(batch))) break;
    return 0;
  }
  return plan.planned.count > 0 ? deleteWhileListing(ctx, settings, deleter) : 0;
}

/**
 * Deletes, then aborts the stale uploads. Never throws: what was deleted is in the result whatever
 * happened, with the failure (a whole call failed, some keys failed, cancelled, more qualified than
 * `max-deletes`) beside it.
 */
export async function applyPrune(
  ctx: OperationContext,
  settings: PruneSettings,
  plan: PrunePlan,
): Promise<PruneResult> {
  const noun = (n: number): string => countNoun(n, settings.versions);
  const manifest = new Manifest(ctx.host.tempDir, settings.bucket);
  const deleter = new BatchDeleter({ ...deleterDeps(ctx, settings), manifest, keepFirst: FIRST_KEYS });
  let overLimit = 0;
  let thrown: unknown;
  try {
    overLimit = await deleteSelection(ctx, settings, plan, deleter);
  } catch (err) {
    thrown = err;
  }
  const deletion = await deleter.finish();
  manifest.close();
  const result: PruneResult = {
    deleted: deletion.deleted,
    unconfirmed: deletion.unconfirmed,
    first: deletion.first,
    calls: deletion.calls,
    aborted: 0,
    manifestPath: manifest.path,
  };
  const failed = (err: unknown): PruneResult => {
    const error = asTaskError(err, ctx.signal);
    return { ...result, failure: withProgress(error, deletion, noun, manifest.path) };
  };
  const cancelled = (): PruneResult => ({
    ...result,
    failure: new CancelledError(
      `Cancelled (SIGINT/SIGTERM): ${noun(deletion.deleted.count)} of ${plan.planned.count.toLocaleString('en-US')} planned were deleted, the batches in flight finished and no new one was sent. The deleted keys are in ${manifest.path}; running the prune again continues.`,
    ),
  });
  if (thrown !== undefined) return failed(thrown);
  if (deletion.fatal) return failed(deletion.fatal);
  if (deletion.cancelled || ctx.signal.aborted) return cancelled();

  let aborts: AbortOutcome = { aborted: 0, failures: [] };
  if (plan.uploads.length) {
    try {
      aborts = await abortUploads(plan.uploads, deleterDeps(ctx, settings));
    } catch (err) {
      if (err instanceof CancelledError || ctx.signal.aborted) return cancelled();
      return failed(err);
    }
  }
  result.aborted = aborts.aborted;
  return {
    ...result,
    failure: deletionFailure(ctx, settings, plan, deletion, aborts, overLimit, noun, manifest.path),
  };
}

/** Per-key failures, or more qualifying than planned: the failure a finished deletion ends with. */
function deletionFailure(
  ctx: OperationContext,
  settings: PruneSettings,
  plan: PrunePlan,
  deletion: DeleteOutcome,
  aborts: AbortOutcome,
  overLimit: number,
  noun: (n: number) => string,
  manifestPath: string,
): TaskError | undefined {
  if (deletion.failures.length || aborts.failures.length)
    return deletion.deleted.count === 0 &&
      aborts.failures.length === 0 &&
      deletion.failures.every((f) => f.code === 'AccessDenied')
      ? everyKeyDenied(deletion, settings, ctx.common.region, noun)
      : partialError(deletion, aborts, noun, manifestPath);
  if (overLimit)
    return new TaskError(
      'refused',
      `${noun(plan.planned.count + overLimit)} qualified while deleting, more than the ${plan.planned.count} planned and \`max-deletes: ${settings.maxDeletes}\`: ${noun(deletion.deleted.count)} were deleted and the other ${overLimit} were kept.`,
      {
        errorCode: 'MaxDeletesExceeded',
        hint: 'Objects were added under the prefix during the prune; run it again to reconsider them.',
      },
    );
  return undefined;
}
