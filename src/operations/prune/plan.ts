import { lifecycleEquivalent, type LifecycleEquivalent } from './lifecycle-equivalent.js';
import { GetBucketVersioningCommand } from '@aws-sdk/client-s3';
import { TaskError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import { formatBytes } from '../../report/format.js';
import type { OperationContext, Plan } from '../operation.js';
import { KEY_LINES } from './delete.js';
import {
  countNoun,
  describeEntry,
  FIRST_KEYS,
  outsideFolder,
  s3Uri,
  Tally,
  type Entry,
  type Upload,
} from './entries.js';
import { listObjects, listUploads, listVersions, type ListTarget } from './listing.js';
import { Manifest } from './manifest.js';
import { decideObject, isStreamable, keep, select, type KeptReason, type UnitStat } from './select.js';
import type { PruneSettings } from './settings.js';

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
  /** The S3 lifecycle rule that would do this prune inside S3, or why none can. */
  lifecycle: LifecycleEquivalent;
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

export function target(ctx: OperationContext, settings: PruneSettings): ListTarget {
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

/** What the listing chose: filled by one of the two modes. */
interface Selection {
  listed: number;
  listCalls: number;
  planned: Tally;
  kept: Map<KeptReason, Tally>;
  /** Exactly what apply deletes, when the plan holds it. */
  remove?: Entry[];
  removedUnits: UnitStat[];
  keptUnits: UnitStat[];
  firstKeys: Entry[];
}

/** Where planned entries go besides the selection: the dry-run manifest and its log lines. */
interface PlanSinks {
  see(key: string): void;
  planned(entries: readonly Entry[]): void;
}

/** Streaming mode: each object decided as it is listed; holds the selection while it fits. */
async function selectStreaming(
  t: ListTarget,
  settings: PruneSettings,
  dryRun: boolean,
  sinks: PlanSinks,
): Promise<Selection> {
  const sel: Selection = {
    listed: 0,
    listCalls: 0,
    planned: new Tally(),
    kept: new Map(),
    removedUnits: [],
    keptUnits: [],
    firstKeys: [],
  };
  // A dry run deletes nothing, so it holds nothing.
  let held: Entry[] | undefined = dryRun ? undefined : [];
  const holdAtMost = Math.min(settings.maxDeletes, streamingLimits.heldEntries);
  for await (const page of listObjects(t)) {
    sel.listCalls++;
    sel.listed += page.length;
    const going: Entry[] = [];
    for (const e of page) {
      sinks.see(e.key);
      const decision = decideObject(e, settings);
      if (decision !== 'delete') {
        keep(sel.kept, decision, [e]);
        continue;
      }
      sel.planned.add(e);
      going.push(e);
      if (sel.firstKeys.length < FIRST_KEYS) sel.firstKeys.push(e);
    }
    sinks.planned(going);
    if (held && held.length + going.length > holdAtMost) held = undefined;
    else if (held) for (const e of going) held.push(e);
  }
  sel.remove = held;
  return sel;
}

/** Planned mode: the whole prefix in view, then one selection over it. */
async function selectPlanned(t: ListTarget, settings: PruneSettings, sinks: PlanSinks): Promise<Selection> {
  const entries: Entry[] = [];
  let listCalls = 0;
  for await (const page of (settings.versions === 'all' ? listVersions : listObjects)(t)) {
    listCalls++;
    for (const e of page) {
      sinks.see(e.key);
      entries.push(e);
    }
  }
  const { remove, planned, kept, removedUnits, keptUnits } = select(entries, settings);
  sinks.planned(remove);
  return {
    listed: entries.length,
    listCalls,
    planned,
    kept,
    remove,
    removedUnits,
    keptUnits,
    firstKeys: remove.slice(0, FIRST_KEYS),
  };
}

function plannedChanges(settings: PruneSettings, planned: Tally, uploads: Upload[]): Plan['changes'] {
  const where = s3Uri(settings.bucket, settings.prefix);
  return [
    ...(planned.count
      ? [
          {
            action: 'delete',
            target: where,
            reason: `${countNoun(planned.count, settings.versions)} selected`,
          },
        ]
      : []),
    ...(uploads.length
      ? [{ action: 'abort', target: where, reason: `${uploads.length} stale multipart uploads` }]
      : []),
  ];
}

/** `prefix: build` also matches `build-old/…`: say so once, with examples. */
function warnOutsideFolder(
  logger: Logger,
  prefix: string,
  outside: { count: number; examples: string[] },
): void {
  if (outside.count)
    logger.warning(
      'prefix.outside-folder',
      `\`prefix: ${prefix}\` does not end in \`/\`, so it also matches ${outside.count} key${outside.count === 1 ? '' : 's'} outside the folder \`${prefix}/\`, e.g. ${outside.examples.map((k) => `\`${k}\``).join(', ')}; set \`prefix: ${prefix}/\` to stay inside it`,
      { prefix, outside: outside.count, examples: outside.examples },
    );
}

/** A plan over `max-deletes` is refused before the first delete. */
function overLimit(settings: PruneSettings, planned: Tally, manifestPath?: string): TaskError | undefined {
  const { bucket, prefix } = settings;
  const noun = (n: number): string => countNoun(n, settings.versions);
  return planned.count > settings.maxDeletes
    ? new TaskError(
        'refused',
        `The plan would delete ${noun(planned.count)} under ${s3Uri(bucket, prefix)}, more than \`max-deletes: ${settings.maxDeletes}\`; nothing was deleted.`,
        {
          errorCode: 'MaxDeletesExceeded',
          hint: `Check the selection (${manifestPath ? 'the planned list is in the `manifest-path` output' : 'a dry run lists it'}); if it is right, set \`max-deletes: ${planned.count}\` or more.`,
        },
      )
    : undefined;
}

/**
 * Lists the prefix, selects what goes, and (in a dry run) writes the planned manifest. Long because
 * its two modes (streaming and planned) share one listing loop, its tallies and the refusal check.
 */
export async function planPrune(ctx: OperationContext, settings: PruneSettings): Promise<PrunePlan> {
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
  const sinks: PlanSinks = {
    see(key) {
      if (!outsideFolder(key, prefix)) return;
      outside.count++;
      if (outside.examples.length < 3) outside.examples.push(key);
    },
    planned(entries) {
      if (!manifest) return;
      manifest.add(entries);
      lines.add(entries);
    },
  };

  let sel: Selection;
  let uploads: Upload[] = [];
  // The stale multipart uploads are listed while the objects are; a failed object listing wins.
  const uploadsListed =
    settings.abortIncompleteUploads && settings.olderThan
      ? staleUploads(t, settings.olderThan.cutoff.getTime(), ctx.logger)
      : undefined;
  uploadsListed?.catch(() => undefined);
  try {
    sel =
      mode === 'streaming'
        ? await selectStreaming(t, settings, dryRun, sinks)
        : await selectPlanned(t, settings, sinks);
    if (manifest) lines.end(manifest.path);
    if (uploadsListed) {
      uploads = await uploadsListed;
      if (dryRun) for (const u of uploads) logPlannedAbort(ctx.logger, bucket, u);
    }
  } finally {
    manifest?.close();
  }

  warnOutsideFolder(ctx.logger, prefix, outside);
  const { planned, kept } = sel;
  const versioning =
    settings.versions === 'current' && planned.count > 0 ? await versioningStatus(ctx, bucket) : undefined;
  let keptCount = 0;
  for (const tally of kept.values()) keptCount += tally.count;

  ctx.logger.info(
    'prune.plan',
    `${dryRun ? 'Dry run: ' : ''}${noun(planned.count)} (${formatBytes(planned.bytes)}) to delete, ${keptCount} kept, ${uploads.length} stale multipart upload${uploads.length === 1 ? '' : 's'} to abort`,
    {
      mode,
      listed: sel.listed,
      planned: planned.count,
      plannedBytes: planned.bytes,
      kept: keptCount,
      uploads: uploads.length,
    },
  );

  return {
    mode,
    ...sel,
    keptCount,
    uploads,
    outside,
    versioning,
    manifestPath: manifest?.path,
    changes: plannedChanges(settings, planned, uploads),
    refusal: overLimit(settings, planned, manifest?.path),
    lifecycle,
  };
}

function logPlannedAbort(logger: Logger, bucket: string, u: Upload): void {
  logger.info(
    'upload.planned',
    `(dryrun) abort: ${s3Uri(bucket, u.key)} (upload ${u.uploadId}, started ${new Date(u.initiated).toISOString()})`,
    { key: u.key, uploadId: u.uploadId, initiated: new Date(u.initiated).toISOString() },
  );
}
