import type { S3Client } from '@aws-sdk/client-s3';
import { TaskError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import type { ReportTable } from '../../report/report.js';
import { BATCH_SIZE, BatchDeleter, type DeleteOutcome } from '../prune/delete.js';
import { relativeKey, type Entry } from '../prune/entries.js';
import { listObjects } from '../prune/listing.js';
import type { MirrorSettings, UploadSettings } from './settings.js';

/**
 * Mirror mode (`delete-removed`): the prefix is listed before the first upload, so that the plan shows
 * what would be removed and `max-deletes` is checked before anything is written. Removals are deleted
 * only after every upload succeeded, through prune's deletion code (prefix check before every batch,
 * per-key errors, unconfirmed batches, cancellation between batches).
 */
export interface MirrorPlan {
  /** Every key under the prefix before the upload. */
  existing: Set<string>;
  /** Objects under the prefix that are not in the upload set: to delete. */
  removed: Entry[];
  /** Keys not in the upload set that `delete-removed-exclude` keeps. */
  protectedCount: number;
  listCalls: number;
  /** Over `max-deletes`: nothing is uploaded or deleted, and the step exits 7. */
  refusal?: TaskError;
}

export interface MirrorResult {
  /** Set when removals were deleted (or tried). */
  deletion?: DeleteOutcome;
  deleted: Entry[];
  unconfirmed: Entry[];
  /** Why removals were not attempted (an upload failed, or the step was cancelled). */
  skipped?: string;
}

/** The prefix as listed before the first upload. */
export interface MirrorListing {
  entries: Entry[];
  keys: Set<string>;
  listCalls: number;
}

/** Keys under the prefix, listed with ListObjectsV2 (each checked against the prefix). */
export async function listMirror(
  settings: UploadSettings,
  s3: S3Client,
  signal: AbortSignal,
): Promise<MirrorListing> {
  const entries: Entry[] = [];
  let listCalls = 0;
  for await (const page of listObjects({ s3, bucket: settings.bucket, prefix: settings.keyPrefix, signal })) {
    listCalls++;
    entries.push(...page);
  }
  return { entries, keys: new Set(entries.map((e) => e.key)), listCalls };
}

/** The removals: listed keys the upload set does not name, minus protected keys and our own manifest. */
export function planMirror(
  settings: UploadSettings & { mirror: MirrorSettings },
  listing: MirrorListing,
  uploadKeys: ReadonlySet<string>,
): MirrorPlan {
  const manifestKey = settings.uploadManifest ? `${settings.keyPrefix}manifest.json` : undefined;
  const removed: Entry[] = [];
  let protectedCount = 0;
  for (const e of listing.entries) {
    if (uploadKeys.has(e.key) || e.key === manifestKey) continue;
    if (settings.mirror.protects(relativeKey(e.key, settings.keyPrefix))) protectedCount++;
    else removed.push(e);
  }
  const plan: MirrorPlan = {
    existing: listing.keys,
    removed,
    protectedCount,
    listCalls: listing.listCalls,
  };
  const max = settings.mirror.maxDeletes;
  if (removed.length > max)
    plan.refusal = new TaskError(
      'refused',
      `Mirroring would delete ${removed.length.toLocaleString('en-US')} object${removed.length === 1 ? '' : 's'} under s3://${settings.bucket}/${settings.keyPrefix}, more than \`max-deletes: ${max}\`; nothing was uploaded or deleted.`,
      {
        errorCode: 'MaxDeletesExceeded',
        hint: `Check \`key-prefix\` and \`path\` (the plan lists what would be removed); protect keys with \`delete-removed-exclude\`, or if it is right, set \`max-deletes: ${removed.length}\` or more.`,
      },
    );
  return plan;
}

/** Deletes the removals in DeleteObjects batches of 1000. */
export async function deleteRemoved(
  settings: UploadSettings,
  plan: MirrorPlan,
  deps: { s3: S3Client; logger: Logger; signal: AbortSignal },
): Promise<MirrorResult> {
  const deleted: Entry[] = [];
  const unconfirmed: Entry[] = [];
  const deleter = new BatchDeleter({
    s3: deps.s3,
    bucket: settings.bucket,
    prefix: settings.keyPrefix,
    logger: deps.logger,
    signal: deps.signal,
    keepFirst: 0,
    // The upload manifest records what was deleted, unconfirmed ones marked.
    manifest: {
      path: 'the manifest',
      add: (entries, options) => (options?.unconfirmed ? unconfirmed : deleted).push(...entries),
    },
  });
  for (let i = 0; i < plan.removed.length; i += BATCH_SIZE)
    if (!(await deleter.submit(plan.removed.slice(i, i + BATCH_SIZE)))) break;
  const deletion = await deleter.finish();
  return { deletion, deleted, unconfirmed };
}

/** The failure a mirror's deletions end in, if any (the uploads all succeeded before them). */
export function deletionFailure(
  settings: UploadSettings,
  result: MirrorResult,
  planned: number,
): TaskError | undefined {
  const d = result.deletion;
  if (!d) return undefined;
  const where = `s3://${settings.bucket}/${settings.keyPrefix}`;
  if (d.cancelled && result.deleted.length + d.failures.length + result.unconfirmed.length < planned)
    return new TaskError(
      'cancelled',
      `Cancelled after deleting ${result.deleted.length} of ${planned} removed objects under ${where}; every upload had finished. Re-run to finish the mirror.`,
      { errorCode: 'Cancelled' },
    );
  if (d.fatal) return d.fatal;
  if (d.failures.length)
    return new TaskError(
      'partial',
      `${d.failures.length} of ${planned} removed objects under ${where} could not be deleted (${d.failures
        .slice(0, 5)
        .map((f) => `${f.entry.key}: ${f.code}`)
        .join('; ')}${d.failures.length > 5 ? '; …' : ''}); every upload succeeded.`,
      {
        errorCode: 'PartialFailure',
        hint: 'Re-run to retry the deletions; grant `s3:DeleteObject` if they were denied.',
      },
    );
  return undefined;
}

/** What a reviewer wants of a mirror: added, changed (and why), removed, with counts. */
export function mirrorSections(
  plan: { files: Array<{ key: string; action: 'upload' | 'skip'; reason: string; file: { size: number } }> },
  mirror: MirrorPlan,
  result: MirrorResult | undefined,
  formatSize: (bytes: number) => string,
): { counts: string; tables: ReportTable[]; notes: string[] } {
  const added = plan.files.filter((f) => f.action === 'upload' && f.reason === 'new');
  const changed = plan.files.filter((f) => f.action === 'upload' && f.reason !== 'new');
  const unchanged = plan.files.filter((f) => f.action === 'skip').length;
  const removed = result ? [...result.deleted] : mirror.removed;
  const tables: ReportTable[] = [
    {
      title: result ? `Added (${added.length})` : `To add (${added.length})`,
      columns: ['Key', 'Size'],
      rows: added.map((f) => [f.key, formatSize(f.file.size)]),
      empty: '_none_',
    },
    {
      title: result ? `Changed (${changed.length})` : `To change (${changed.length})`,
      columns: ['Key', 'Size', 'Why'],
      rows: changed.map((f) => [f.key, formatSize(f.file.size), f.reason]),
      empty: '_none_',
    },
    {
      title: result ? `Removed (${removed.length})` : `To remove (${removed.length})`,
      columns: ['Key', 'Size'],
      rows: removed.map((e) => [e.key, formatSize(e.size)]),
      empty: '_none_',
    },
  ];
  const notes: string[] = [];
  if (mirror.protectedCount)
    notes.push(
      `${mirror.protectedCount} object${mirror.protectedCount === 1 ? '' : 's'} not in the upload set ${mirror.protectedCount === 1 ? 'is' : 'are'} kept by \`delete-removed-exclude\`.`,
    );
  if (result?.skipped && mirror.removed.length)
    notes.push(
      `${mirror.removed.length} object${mirror.removed.length === 1 ? '' : 's'} not in the upload set ${mirror.removed.length === 1 ? 'was' : 'were'} not deleted because ${result.skipped}: the prefix keeps its old files until a complete deploy.`,
    );
  if (result?.unconfirmed.length)
    notes.push(
      `${result.unconfirmed.length} removal${result.unconfirmed.length === 1 ? '' : 's'} got no definite answer and may have happened; they are in the manifest with \`"unconfirmed": true\`.`,
    );
  const verb = result ? ['added', 'changed', 'removed'] : ['to add', 'to change', 'to remove'];
  const counts = `${added.length} ${verb[0]}, ${changed.length} ${verb[1]}, ${removed.length} ${verb[2]}, ${unchanged} unchanged`;
  return { counts, tables, notes };
}
