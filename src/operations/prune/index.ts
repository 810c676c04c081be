import { GetBucketVersioningCommand } from '@aws-sdk/client-s3';
import { lifecycleEquivalent } from './lifecycle-equivalent.js';
import { partitionOf } from '../../aws/bucket-name.js';
import { grantHint } from '../../aws/classify.js';
import { CancelledError, TaskError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import { chunk } from '../../util/concurrency.js';
import type { Operation, OperationContext, Plan } from '../operation.js';
import {
  abortUploads,
  BATCH_SIZE,
  BatchDeleter,
  KEY_LINES,
  type AbortOutcome,
  type DeleteOutcome,
} from './delete.js';
import {
  assertUnderPrefix,
  describeEntry,
  outsideFolder,
  s3Uri,
  Tally,
  type Entry,
  type Upload,
} from './entries.js';
import { listObjects, listUploads, listVersions, type ListTarget } from './listing.js';
import { Manifest } from './manifest.js';
import { buildReport, countNoun, formatBytes, FIRST_KEYS, type PruneResult } from './report.js';
import { decideObject, isStreamable, keep, select, type KeptReason, type UnitStat } from './select.js';
import { parsePrune, type PruneSettings } from './settings.js';

/**
 * Two ways to run, chosen by the selection:
 *
 * - streaming: plain `older-than` over current objects (no `keep-latest`, no folders, no versions).
 *   Each object is decided on its own, so nothing needs to be kept per object. `max-deletes` must
 *   hold before the first delete, and the total is only known once the listing ends, so no delete
 *   can start while the plan lists. The plan holds the selected keys — at most `max-deletes` of
 *   them, and never more than `streamingLimits.heldEntries` — so apply deletes them without listing
 *   again: one list request per 1000 keys listed, one delete request per 1000 selected. Past that
 *   the plan only counts (memory flat whatever the prefix holds), and apply lists again, deleting
 *   while that second listing continues, never more than `max-deletes` in all.
 * - planned: every other selection needs the whole prefix in view (ranking for `keep-latest`, folder
 *   ages, the versions of a key), so the plan keeps the listed entries and apply deletes exactly what
 *   the plan chose.
 */
export type PruneMode = 'streaming' | 'planned';

/** Streaming mode keeps at most `heldEntries` selected entries (~100 bytes each) for apply. Tests lower it. */
export const streamingLimits = { heldEntries: 200_000 };

export interface PrunePlan extends Plan {
  mode: PruneMode;
  listed: number;
  listCalls: number;
  /** Planned mode: exactly what apply deletes. */
  remove?: Entry[];
  planned: Tally;
  kept: Map<KeptReason, Tally>;
  keptCount: number;
  removedUnits: UnitStat[];
  keptUnits: UnitStat[];
  firstKeys: Entry[];
  uploads: Upload[];
  outside: { count: number; examples: string[] };
  /** The bucket's versioning status, when current objects were to be deleted. */
  versioning?: string;
  /** Dry-run: the planned deletions. */
  manifestPath?: string;
}

/** `(dryrun) delete: s3://…` lines for the first KEY_LINES entries, as the aws CLI prints them. */
class PlannedLines {
  private shown = 0;
  private total = 0;
  constructor(
    private readonly logger: Logger,
    private readonly bucket: string,
  ) {}

  add(entries: readonly Entry[]): void {
    for (const e of entries) {
      this.total++;
      if (this.shown >= KEY_LINES) continue;
      this.shown++;
      this.logger.startGroup('Keys a run would delete');
      this.logger.info('object.planned', `(dryrun) delete: ${describeEntry(this.bucket, e)}`, {
        key: e.key,
        versionId: e.versionId,
        deleteMarker: e.deleteMarker,
        size: e.size,
        lastModified: new Date(e.time).toISOString(),
      });
    }
  }

  end(manifest: string): void {
    this.logger.endGroup();
    if (this.total > this.shown)
      this.logger.info(
        'objects.planned-more',
        `… and ${this.total - this.shown} more would be deleted; every key is in ${manifest}`,
        { more: this.total - this.shown, manifest },
      );
  }
}

function target(ctx: OperationContext, settings: PruneSettings): ListTarget {
  return { s3: ctx.clients.s3(), bucket: settings.bucket, prefix: settings.prefix, signal: ctx.signal };
}

async function staleUploads(t: ListTarget, cutoff: number, logger: Logger): Promise<Upload[]> {
  const stale: Upload[] = [];
  try {
    for await (const page of listUploads(t)) stale.push(...page.filter((u) => u.initiated < cutoff));
  } catch (err) {
    // Some S3-compatible stores have no multipart listing: that must not block the prune itself.
    if (!(err instanceof TaskError) || !['NotImplemented', 'Http501'].includes(err.errorCode)) throw err;
    logger.warning('uploads.unsupported', 'This S3 store cannot list multipart uploads; none were aborted', {
      errorCode: err.errorCode,
    });
  }
  return stale;
}

async function versioningStatus(ctx: OperationContext, bucket: string): Promise<string | undefined> {
  try {
    const reply = await ctx.clients
      .s3()
      .send(new GetBucketVersioningCommand({ Bucket: bucket }), { abortSignal: ctx.signal });
    return reply?.Status;
  } catch (err) {
    // Only for a note in the summary: a role without s3:GetBucketVersioning still prunes.
    ctx.logger.debug('bucket.versioning-unknown', 'Could not read the bucket versioning status', {
      error: (err as Error).name,
    });
    return undefined;
  }
}

function setOutcomeOutputs(
  ctx: OperationContext,
  plan: PrunePlan,
  deleted: Tally,
  manifestPath: string,
  unconfirmed?: Tally,
): void {
  // A failed step reports through an error, not a Report: set the counts so `if: failure()` steps see them.
  ctx.host.setOutput('deleted-count', String(deleted.count));
  ctx.host.setOutput('deleted-bytes', String(deleted.bytes));
  ctx.host.setOutput('unconfirmed-count', String(unconfirmed?.count ?? 0));
  ctx.host.setOutput('kept-count', String(plan.keptCount));
  ctx.host.setOutput('planned-count', String(plan.planned.count));
  ctx.host.setOutput('manifest-path', manifestPath);
}

/** The same error, saying what had been deleted before it happened, and what may have been. */
function withProgress(
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
function everyKeyDenied(
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

function partialError(
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

export const prune: Operation<PruneSettings, PrunePlan, PruneResult> = {
  name: 'prune',

  parse: (reader, common) => parsePrune(reader, common),

  async plan(ctx, settings) {
    const { bucket, prefix } = settings;
    const dryRun = ctx.common.dryRun;
    const t = target(ctx, settings);
    const mode: PruneMode = isStreamable(settings) ? 'streaming' : 'planned';
    const noun = (n: number): string => countNoun(n, settings.versions);
    ctx.logger.debug('prune.mode', `Selection runs in ${mode} mode`, { mode });
    const lifecycle = lifecycleEquivalent(settings);
    ctx.logger.info(
      'prune.lifecycle-equivalent',
      lifecycle.line
        ? `S3 can do this prune itself: ensure-bucket with lifecycle-rules: ${lifecycle.line}`
        : (lifecycle.notes[0] ?? 'No S3 lifecycle rule can express this selection'),
      { rule: lifecycle.line ?? null, exact: lifecycle.exact },
    );
    const manifest = dryRun ? new Manifest(ctx.host.tempDir, bucket) : undefined;
    const lines = new PlannedLines(ctx.logger, bucket);
    const outside = { count: 0, examples: [] as string[] };
    const see = (key: string): void => {
      if (!outsideFolder(key, prefix)) return;
      outside.count++;
      if (outside.examples.length < 3) outside.examples.push(key);
    };

    let listed = 0;
    let listCalls = 0;
    let planned = new Tally();
    let kept = new Map<KeptReason, Tally>();
    let remove: Entry[] | undefined;
    let removedUnits: UnitStat[] = [];
    let keptUnits: UnitStat[] = [];
    let firstKeys: Entry[] = [];
    let uploads: Upload[] = [];
    // The stale multipart uploads are listed while the objects are; a failed object listing wins.
    const uploadsListed =
      settings.abortIncompleteUploads && settings.olderThan
        ? staleUploads(t, settings.olderThan.cutoff.getTime(), ctx.logger)
        : undefined;
    uploadsListed?.catch(() => undefined);
    try {
      if (mode === 'streaming') {
        // A dry run deletes nothing, so it holds nothing.
        let held: Entry[] | undefined = dryRun ? undefined : [];
        const holdAtMost = Math.min(settings.maxDeletes, streamingLimits.heldEntries);
        for await (const page of listObjects(t)) {
          listCalls++;
          listed += page.length;
          const going: Entry[] = [];
          for (const e of page) {
            see(e.key);
            const decision = decideObject(e, settings);
            if (decision !== 'delete') {
              keep(kept, decision, [e]);
              continue;
            }
            planned.add(e);
            going.push(e);
            if (firstKeys.length < FIRST_KEYS) firstKeys.push(e);
          }
          if (manifest) {
            manifest.add(going);
            lines.add(going);
          }
          if (held && held.length + going.length > holdAtMost) held = undefined;
          else if (held) for (const e of going) held.push(e);
        }
        remove = held;
      } else {
        const entries: Entry[] = [];
        for await (const page of (settings.versions === 'all' ? listVersions : listObjects)(t)) {
          listCalls++;
          for (const e of page) {
            see(e.key);
            entries.push(e);
          }
        }
        listed = entries.length;
        ({ remove, planned, kept, removedUnits, keptUnits } = select(entries, settings));
        firstKeys = remove.slice(0, FIRST_KEYS);
        if (manifest) {
          manifest.add(remove);
          lines.add(remove);
        }
      }
      if (manifest) lines.end(manifest.path);

      if (uploadsListed) {
        uploads = await uploadsListed;
        if (dryRun)
          for (const u of uploads)
            ctx.logger.info(
              'upload.planned',
              `(dryrun) abort: ${s3Uri(bucket, u.key)} (upload ${u.uploadId}, started ${new Date(u.initiated).toISOString()})`,
              { key: u.key, uploadId: u.uploadId, initiated: new Date(u.initiated).toISOString() },
            );
      }
    } finally {
      manifest?.close();
    }

    if (outside.count)
      ctx.logger.warning(
        'prefix.outside-folder',
        `\`prefix: ${prefix}\` does not end in \`/\`, so it also matches ${outside.count} key${outside.count === 1 ? '' : 's'} outside the folder \`${prefix}/\`, e.g. ${outside.examples.map((k) => `\`${k}\``).join(', ')}; set \`prefix: ${prefix}/\` to stay inside it`,
        { prefix, outside: outside.count, examples: outside.examples },
      );
    const versioning =
      settings.versions === 'current' && planned.count > 0 ? await versioningStatus(ctx, bucket) : undefined;
    let keptCount = 0;
    for (const tally of kept.values()) keptCount += tally.count;

    ctx.logger.info(
      'prune.plan',
      `${dryRun ? 'Dry run: ' : ''}${noun(planned.count)} (${formatBytes(planned.bytes)}) to delete, ${keptCount} kept, ${uploads.length} stale multipart upload${uploads.length === 1 ? '' : 's'} to abort`,
      {
        mode,
        listed,
        planned: planned.count,
        plannedBytes: planned.bytes,
        kept: keptCount,
        uploads: uploads.length,
      },
    );

    const plan: PrunePlan = {
      mode,
      listed,
      listCalls,
      remove,
      planned,
      kept,
      keptCount,
      removedUnits,
      keptUnits,
      firstKeys,
      uploads,
      outside,
      versioning,
      manifestPath: manifest?.path,
      changes: [
        ...(planned.count
          ? [{ action: 'delete', target: s3Uri(bucket, prefix), reason: `${noun(planned.count)} selected` }]
          : []),
        ...(uploads.length
          ? [
              {
                action: 'abort',
                target: s3Uri(bucket, prefix),
                reason: `${uploads.length} stale multipart uploads`,
              },
            ]
          : []),
      ],
    };

    if (planned.count > settings.maxDeletes) {
      setOutcomeOutputs(ctx, plan, new Tally(), manifest?.path ?? '');
      plan.refused = new TaskError(
        'refused',
        `The plan would delete ${noun(planned.count)} under ${s3Uri(bucket, prefix)}, more than \`max-deletes: ${settings.maxDeletes}\`; nothing was deleted.`,
        {
          errorCode: 'MaxDeletesExceeded',
          hint: `Check the selection (${manifest ? 'the planned list is in the `manifest-path` output' : 'a dry run lists it'}); if it is right, set \`max-deletes: ${planned.count}\` or more.`,
        },
      );
    }
    return plan;
  },

  async apply(ctx, settings, plan) {
    const { bucket, prefix } = settings;
    const noun = (n: number): string => countNoun(n, settings.versions);
    const manifest = new Manifest(ctx.host.tempDir, bucket);
    const deleter = new BatchDeleter({ ...deleterDeps(ctx, settings), manifest, keepFirst: FIRST_KEYS });
    let overLimit = 0;
    let outcome: DeleteOutcome;
    try {
      if (plan.remove) {
        // Every key, before the first delete (planned mode, or streaming mode holding its selection).
        assertUnderPrefix(plan.remove, prefix, 'DeleteObjects');
        for (const batch of chunk(plan.remove, BATCH_SIZE)) if (!(await deleter.submit(batch))) break;
      } else if (plan.planned.count > 0) {
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
          // A listing cut short by the cancellation is reported as such below.
          if (!ctx.signal.aborted) throw err;
        }
      }
    } catch (err) {
      outcome = await deleter.finish();
      manifest.close();
      setOutcomeOutputs(ctx, plan, outcome.deleted, manifest.path, outcome.unconfirmed);
      throw err instanceof TaskError ? withProgress(err, outcome, noun, manifest.path) : err;
    }
    outcome = await deleter.finish();
    manifest.close();

    const stopped = (): never => {
      setOutcomeOutputs(ctx, plan, outcome.deleted, manifest.path, outcome.unconfirmed);
      throw new CancelledError(
        `Cancelled (SIGINT/SIGTERM): ${noun(outcome.deleted.count)} of ${plan.planned.count.toLocaleString('en-US')} planned were deleted, the batches in flight finished and no new one was sent. The deleted keys are in ${manifest.path}; running the prune again continues.`,
      );
    };
    if (outcome.fatal) {
      setOutcomeOutputs(ctx, plan, outcome.deleted, manifest.path, outcome.unconfirmed);
      throw withProgress(outcome.fatal, outcome, noun, manifest.path);
    }
    if (outcome.cancelled || ctx.signal.aborted) stopped();

    let aborts: AbortOutcome = { aborted: 0, failures: [] };
    if (plan.uploads.length) {
      try {
        aborts = await abortUploads(plan.uploads, deleterDeps(ctx, settings));
      } catch (err) {
        if (err instanceof CancelledError || ctx.signal.aborted) stopped();
        throw err;
      }
    }
    if (outcome.failures.length || aborts.failures.length) {
      setOutcomeOutputs(ctx, plan, outcome.deleted, manifest.path, outcome.unconfirmed);
      throw outcome.deleted.count === 0 &&
        aborts.failures.length === 0 &&
        outcome.failures.every((f) => f.code === 'AccessDenied')
        ? everyKeyDenied(outcome, settings, ctx.common.region, noun)
        : partialError(outcome, aborts, noun, manifest.path);
    }
    if (overLimit) {
      setOutcomeOutputs(ctx, plan, outcome.deleted, manifest.path, outcome.unconfirmed);
      throw new TaskError(
        'refused',
        `${noun(plan.planned.count + overLimit)} qualified while deleting, more than the ${plan.planned.count} planned and \`max-deletes: ${settings.maxDeletes}\`: ${noun(outcome.deleted.count)} were deleted and the other ${overLimit} were kept.`,
        {
          errorCode: 'MaxDeletesExceeded',
          hint: 'Objects were added under the prefix during the prune; run it again to reconsider them.',
        },
      );
    }
    return {
      deleted: outcome.deleted,
      first: outcome.first,
      calls: outcome.calls,
      aborted: aborts.aborted,
      manifestPath: manifest.path,
    };
  },

  report: (ctx, settings, plan, result) =>
    buildReport(ctx.common, ctx.common.dryRun, settings, plan, result, plan.refused),
};

function deleterDeps(ctx: OperationContext, settings: PruneSettings) {
  return {
    s3: ctx.clients.s3(),
    bucket: settings.bucket,
    prefix: settings.prefix,
    logger: ctx.logger,
    signal: ctx.signal,
  };
}
