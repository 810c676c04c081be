import { asTaskError } from '../../aws/classify.js';
import { TaskError } from '../../errors.js';
import { formatBytes } from '../../report/bytes.js';
import type { Report, ReportCell, ReportTable } from '../../report/report.js';
import type { Operation, OperationContext, Outcome, Plan } from '../operation.js';
import {
  presignAll,
  presignedSecrets,
  publicUrl,
  storeManifest,
  writeManifestFile,
  type Manifest,
} from './manifest.js';
import {
  deleteRemoved,
  deletionFailure,
  listMirror,
  mirrorSections,
  planMirror,
  type MirrorPlan,
  type MirrorResult,
} from './mirror.js';
import { planUpload, type UploadPlanData } from './plan.js';
import { parseUploadArtifact, type UploadSettings } from './settings.js';
import { uploadFiles, type UploadOutcome } from './upload.js';

export interface UploadPlan extends Plan, UploadPlanData {
  /** Mirror mode (`delete-removed`) only. */
  mirror?: MirrorPlan;
}

export interface UploadResult extends Outcome {
  outcome: UploadOutcome;
  /** Mirror mode: what was deleted (or why nothing was). */
  mirror?: MirrorResult;
  manifestPath?: string;
  manifestKey?: string;
  urls: Record<string, string>;
}

/** Dry-run listings print at most this many `(dryrun) upload:` lines; the summary and manifest hold the rest. */
const MAX_LISTED = 1000;
const SUMMARY_FILES = 50;
const MIB = 1024 * 1024;

function consoleLink(ctx: OperationContext, bucket: string, key: string): ReportCell {
  if (ctx.common.endpointUrl) return `s3://${bucket}/${key}`;
  const href = `https://s3.console.aws.amazon.com/s3/object/${encodeURIComponent(bucket)}?region=${encodeURIComponent(ctx.common.region)}&prefix=${encodeURIComponent(key)}`;
  return { text: 'S3 console', href };
}

function noFiles(settings: UploadSettings, ctx: OperationContext): void {
  const message = `No files were found for \`path\` (${[...settings.include, ...settings.exclude.map((e) => `!${e}`)].join(', ')}).`;
  if (settings.ifNoFilesFound === 'error')
    throw new TaskError('input', message, {
      errorCode: 'NoFilesFound',
      hint: 'Check `path` (relative to the working directory) and `include-hidden-files`, or set `if-no-files-found: warn`.',
    });
  if (settings.ifNoFilesFound === 'warn')
    ctx.logger.warning('upload.no-files', `${message} Nothing to upload.`, {});
  else ctx.logger.info('upload.no-files', `${message} Nothing to upload.`, {});
}

/** The failure an upload run ended with, if it did: cancelled, some files failed, or none went up. */
function failureOf(outcome: UploadOutcome, planned: number): TaskError | undefined {
  // Files whose CompleteMultipartUpload got no definite answer that HeadObject could confirm.
  const mayExist = outcome.failed.filter((f) => f.mayExist).length;
  return outcome.stopped?.kind === 'cancelled'
    ? new TaskError(
        'cancelled',
        `Cancelled after uploading ${outcome.uploaded.length} of ${planned} files; multipart uploads in flight were aborted. Re-run with \`overwrite: if-changed\` to finish.`,
        { errorCode: 'Cancelled' },
      )
    : outcome.failed.length
      ? outcome.uploaded.length
        ? new TaskError(
            'partial',
            `${outcome.failed.length} of ${planned} files failed (${outcome.failed
              .slice(0, 5)
              .map((f) => `${f.planned.file.relative}: ${f.errorCode}`)
              .join(
                '; ',
              )}${outcome.failed.length > 5 ? '; …' : ''}); ${outcome.uploaded.length} were uploaded and are in the manifest.${mayExist ? ` ${mayExist} of the failed may exist all the same: the store's answer was lost.` : ''}`,
            {
              errorCode: 'PartialFailure',
              hint: 'Re-run with `overwrite: if-changed` to upload only what is missing.',
            },
          )
        : new TaskError(
            outcome.stopped?.kind ?? 'awsApi',
            mayExist
              ? `No upload was confirmed: ${outcome.failed.find((f) => f.mayExist)!.message}`
              : `No file was uploaded: ${outcome.failed[0]!.message}`,
            { errorCode: outcome.failed[0]!.errorCode, hint: outcome.stopped?.hint },
          )
      : undefined;
}

export const uploadArtifact: Operation<UploadSettings, UploadPlan, UploadResult> = {
  name: 'upload-artifact',

  parse: (reader, common, env) => parseUploadArtifact(reader, common, env),

  async plan(ctx, settings) {
    const s3 = ctx.clients.s3();
    const listing = settings.mirror ? await listMirror(settings, s3, ctx.signal) : undefined;
    const data = await planUpload(
      settings,
      s3,
      ctx.logger,
      ctx.signal,
      listing && new Set(listing.entries.map((e) => e.key)),
    );
    const mirror =
      settings.mirror && listing
        ? planMirror({ ...settings, mirror: settings.mirror }, listing, new Set(data.files.map((f) => f.key)))
        : undefined;
    if (data.files.length === 0) noFiles(settings, ctx);
    if (data.hiddenSkipped)
      ctx.logger.info(
        'upload.hidden-skipped',
        `Left out ${data.hiddenSkipped} hidden file${data.hiddenSkipped === 1 ? '' : 's'} (set include-hidden-files: true to upload them)`,
        {
          count: data.hiddenSkipped,
        },
      );
    if (ctx.common.dryRun) {
      for (const f of data.files.slice(0, MAX_LISTED))
        ctx.logger.info(
          f.action === 'upload' ? 'upload.planned' : 'upload.skip-planned',
          f.action === 'upload'
            ? `(dryrun) upload: ${f.file.relative} to s3://${settings.bucket}/${f.key}`
            : `(dryrun) skip: ${f.file.relative} (${f.reason})`,
          {
            key: f.key,
            size: f.file.size,
            contentType: f.contentType,
            cacheControl: f.cacheControl,
            reason: f.reason,
          },
        );
      if (data.files.length > MAX_LISTED)
        ctx.logger.info(
          'upload.planned-more',
          `(dryrun) … and ${data.files.length - MAX_LISTED} more files (see the job summary)`,
          {},
        );
    }
    if (mirror && (ctx.common.dryRun || mirror.refusal))
      for (const e of mirror.removed.slice(0, MAX_LISTED))
        ctx.logger.info('mirror.delete-planned', `(dryrun) delete: s3://${settings.bucket}/${e.key}`, {
          key: e.key,
          size: e.size,
        });
    return {
      ...data,
      mirror,
      // Over max-deletes nothing is written: the report shows the refused plan.
      refusal: mirror?.refusal,
      requestCount: data.requestCount + (mirror?.listCalls ?? 0),
      changes: [
        ...data.files.map((f) => ({ action: f.action, target: f.key, reason: f.reason })),
        ...(mirror?.removed ?? []).map((e) => ({
          action: 'delete',
          target: e.key,
          reason: 'not in the upload set',
        })),
      ],
    };
  },

  async apply(ctx, settings, plan) {
    const result: UploadResult = {
      outcome: { uploaded: [], failed: [], notAttempted: 0, bytes: 0, seconds: 0 },
      urls: {},
    };
    try {
      await uploadInto(result, ctx, settings, plan);
    } catch (err) {
      result.failure = asTaskError(err, ctx.signal);
    }
    return result;
  },

  report(ctx, settings, plan, result): Report {
    return describeUpload(ctx, settings, plan, result);
  },
};

/**
 * Everything the prefix now holds from this upload: what was uploaded and what was already there
 * unchanged (`if-changed`), in key order so manifests of equal uploads are equal.
 */
function manifestOf(
  settings: UploadSettings,
  plan: UploadPlan,
  outcome: UploadOutcome,
  urls: Record<string, string>,
  mirror: MirrorResult | undefined,
): Manifest {
  return {
    bucket: settings.bucket,
    keyPrefix: settings.keyPrefix,
    createdAt: new Date().toISOString(),
    files: [
      ...outcome.uploaded.map((u) => ({
        key: u.planned.key,
        size: u.planned.file.size,
        sha256: u.sha256,
        etag: u.etag,
        contentType: u.planned.contentType,
        s3Uri: `s3://${settings.bucket}/${u.planned.key}`,
        ...(urls[u.planned.key] ? { url: urls[u.planned.key] } : {}),
      })),
      ...plan.files
        .filter((f) => f.action === 'skip' && f.sha256 !== undefined)
        .map((f) => ({
          key: f.key,
          size: f.file.size,
          sha256: f.sha256!,
          etag: f.storedEtag ?? '',
          contentType: f.contentType,
          s3Uri: `s3://${settings.bucket}/${f.key}`,
          unchanged: true,
        })),
    ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    ...(plan.mirror
      ? {
          deleted: [
            ...(mirror?.deleted ?? []).map((e) => ({ key: e.key, size: e.size })),
            ...(mirror?.unconfirmed ?? []).map((e) => ({ key: e.key, size: e.size, unconfirmed: true })),
          ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
        }
      : {}),
  };
}

/** Uploads the planned files, then links and manifests what went up; fills `result` as it goes. */
async function uploadInto(
  result: UploadResult,
  ctx: OperationContext,
  settings: UploadSettings,
  plan: UploadPlan,
): Promise<void> {
  const s3 = ctx.clients.s3();
  const toUpload = plan.files.filter((f) => f.action === 'upload');
  const outcome = await uploadFiles(toUpload, settings, {
    s3,
    bulk: ctx.clients.s3Bulk(),
    logger: ctx.logger,
    signal: ctx.signal,
    checksums: ctx.common.endpointUrl === undefined,
    region: ctx.common.region,
  });
  result.outcome = outcome;
  result.failure = failureOf(outcome, toUpload.length);

  if (plan.mirror && plan.mirror.removed.length) {
    // A failed deploy must never leave a site with missing files: removals wait for every upload.
    const skipped =
      outcome.failed.length || outcome.stopped
        ? 'not every file was uploaded'
        : ctx.signal.aborted
          ? 'the step was cancelled'
          : undefined;
    result.mirror = skipped
      ? { deleted: [], unconfirmed: [], skipped }
      : await deleteRemoved(settings, plan.mirror, { s3, logger: ctx.logger, signal: ctx.signal });
    result.failure ??= deletionFailure(settings, result.mirror, plan.mirror.removed.length);
  }

  let urls: Record<string, string> = {};
  const keys = outcome.uploaded.map((u) => u.planned.key);
  if (settings.presignExpires && keys.length) {
    urls = Object.fromEntries(
      await presignAll(s3, settings.bucket, keys, settings.presignExpires, ctx.logger),
    );
    // Never printed (the CLI prints outputs: `***` there, the manifest has them), not masked either.
    for (const url of Object.values(urls))
      for (const part of presignedSecrets(url)) ctx.registerSecret(part, { mask: false });
  } else if (settings.publicBaseUrl)
    urls = Object.fromEntries(keys.map((k) => [k, publicUrl(settings.publicBaseUrl!, k)]));

  const manifest = manifestOf(settings, plan, outcome, urls, result.mirror);

  result.urls = urls;
  if (settings.manifest || settings.uploadManifest)
    result.manifestPath = writeManifestFile(ctx.host.tempDir, manifest);
  // Nothing uploaded means the stored manifest already says the same: a no-op re-run writes nothing.
  if (
    settings.uploadManifest &&
    !outcome.stopped &&
    outcome.failed.length === 0 &&
    (outcome.uploaded.length > 0 || (result.mirror?.deleted.length ?? 0) > 0)
  )
    result.manifestKey = await storeManifest(s3, manifest, Boolean(settings.presignExpires), ctx.signal);
  ctx.logger.info(
    'upload.done',
    `Uploaded ${outcome.uploaded.length} file${outcome.uploaded.length === 1 ? '' : 's'} (${formatBytes(outcome.bytes)}) in ${outcome.seconds.toFixed(1)} s`,
    {
      uploaded: outcome.uploaded.length,
      failed: outcome.failed.length,
      skipped: plan.files.length - toUpload.length,
      bytes: outcome.bytes,
      seconds: Number(outcome.seconds.toFixed(3)),
    },
  );
}

/** The dry run's report: what would be uploaded. */
function plannedReport(
  settings: UploadSettings,
  plan: UploadPlan,
  planned: UploadPlan['files'],
  skippedTable: ReportTable,
  outputsBase: Record<string, string>,
  served: Array<[string, string]>,
): Report {
  const uri = `s3://${settings.bucket}/${settings.keyPrefix}`;
  const skipped = plan.files.filter((f) => f.action === 'skip');
  const bytes = planned.reduce((n, f) => n + f.file.size, 0);
  if (plan.mirror) {
    const m = mirrorSections(plan, plan.mirror, undefined, formatBytes);
    const refusal = plan.mirror.refusal;
    return {
      headline: refusal
        ? `Refused: ${refusal.message} The plan was: ${m.counts}.`
        : `Dry run: mirroring to ${uri}: ${m.counts}; nothing was changed.`,
      facts: [...served, ['Root', plan.root], ['Requests', String(plan.requestCount)]],
      tables: [...m.tables, { ...skippedTable, title: `Unchanged (${skipped.length})` }],
      notes: m.notes,
      outputs: {
        ...outputsBase,
        'uploaded-count': String(refusal ? 0 : planned.length),
        bytes: String(refusal ? 0 : bytes),
        'deleted-count': '0',
        'manifest-path': '',
        urls: '{}',
      },
    };
  }
  return {
    headline: `Dry run: ${planned.length} file${planned.length === 1 ? '' : 's'} (${formatBytes(bytes)}) would be uploaded to ${uri}, ${skipped.length} skipped; nothing was uploaded.`,
    facts: [...served, ['Root', plan.root], ['Requests', String(plan.requestCount)]],
    tables: [
      {
        title: 'Would upload',
        columns: ['File', 'Key', 'Size', 'Content type', 'Cache-Control'],
        rows: planned.map((f) => [
          f.file.relative,
          f.key,
          formatBytes(f.file.size),
          f.contentType,
          f.cacheControl ?? '',
        ]),
      },
      skippedTable,
    ],
    notes: [],
    outputs: {
      ...outputsBase,
      'uploaded-count': String(planned.length),
      bytes: String(bytes),
      'deleted-count': '0',
      'manifest-path': '',
      urls: '{}',
    },
  };
}

function describeUpload(
  ctx: OperationContext,
  settings: UploadSettings,
  plan: UploadPlan,
  result: UploadResult | undefined,
): Report {
  const uri = `s3://${settings.bucket}/${settings.keyPrefix}`;
  const skipped = plan.files.filter((f) => f.action === 'skip');
  const planned = plan.files.filter((f) => f.action === 'upload');
  const link = (key: string): ReportCell => {
    if (!settings.publicBaseUrl) return consoleLink(ctx, settings.bucket, key);
    const href = publicUrl(settings.publicBaseUrl, key);
    return { text: href, href };
  };
  // Where the prefix is served (a site, a PR preview): a person clicks this first.
  const served: Array<[string, string]> = settings.publicBaseUrl
    ? [['Public URL', publicUrl(settings.publicBaseUrl, settings.keyPrefix)]]
    : [];
  const skippedTable = {
    title: 'Skipped',
    columns: ['File', 'Key', 'Why'],
    rows: skipped.map((f) => [f.file.relative, f.key, f.reason]),
    empty: '_none_',
  };
  const outputsBase = {
    'key-prefix': settings.keyPrefix,
    's3-uri': uri,
    'skipped-count': String(skipped.length),
  };
  if (!result) return plannedReport(settings, plan, planned, skippedTable, outputsBase, served);
  const { outcome } = result;
  const mayExist = outcome.failed.filter((f) => f.mayExist).length;
  const rate = outcome.seconds > 0 ? outcome.bytes / MIB / outcome.seconds : 0;
  const mirror = plan.mirror
    ? mirrorSections(plan, plan.mirror, result.mirror ?? { deleted: [], unconfirmed: [] }, formatBytes)
    : undefined;
  return {
    headline: `${mirror ? `Mirrored to ${uri}: ${mirror.counts}. ` : ''}Uploaded ${outcome.uploaded.length} file${outcome.uploaded.length === 1 ? '' : 's'} (${formatBytes(outcome.bytes)}) to ${uri} in ${outcome.seconds.toFixed(1)} s${outcome.seconds > 0 ? ` (${rate.toFixed(1)} MiB/s)` : ''}; ${skipped.length} skipped${outcome.failed.length ? `, ${outcome.failed.length} failed` : ''}${mayExist ? ` (${mayExist} may exist: the store's answer was lost)` : ''}.`,
    facts: [
      ...served,
      ['Root', plan.root],
      ...(result.manifestPath
        ? ([
            [
              'Manifest',
              result.manifestPath +
                (result.manifestKey ? ` (also s3://${settings.bucket}/${result.manifestKey})` : ''),
            ],
          ] as Array<[string, string]>)
        : []),
    ],
    tables: [
      {
        title: `Uploaded (first ${SUMMARY_FILES})`,
        columns: ['Key', 'Size', 'Content type', 'Link'],
        rows: outcome.uploaded
          .slice(0, SUMMARY_FILES)
          .map((u) => [
            u.planned.key,
            formatBytes(u.planned.file.size),
            u.planned.contentType,
            link(u.planned.key),
          ]),
      },
      skippedTable,
      ...(mirror ? mirror.tables.slice(2) : []),
      ...(outcome.failed.length
        ? [
            {
              title: 'Failed',
              columns: ['File', 'Key', 'Error'],
              rows: outcome.failed.map((f) => [f.planned.file.relative, f.planned.key, f.message]),
            },
          ]
        : []),
    ],
    notes: [
      ...(outcome.uploaded.length > SUMMARY_FILES
        ? [`${outcome.uploaded.length - SUMMARY_FILES} more files are listed in the manifest.`]
        : []),
      ...(mirror?.notes ?? []),
    ],
    outputs: {
      ...outputsBase,
      'uploaded-count': String(outcome.uploaded.length),
      bytes: String(outcome.bytes),
      'deleted-count': String(result.mirror?.deleted.length ?? 0),
      'manifest-path': result.manifestPath ?? '',
      urls: JSON.stringify(result.urls),
    },
  };
}
