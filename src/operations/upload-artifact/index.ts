import { asTaskError } from '../../aws/classify.js';
import { TaskError } from '../../errors.js';
import { formatBytes } from '../../report/format.js';
import type { Report } from '../../report/report.js';
import type { Operation, OperationContext } from '../operation.js';
import {
  presignAll,
  presignedSecrets,
  publicUrl,
  storeManifest,
  writeManifestFile,
  type Manifest,
} from './manifest.js';
import { deleteRemoved, listMirror, planMirror, type MirrorResult } from './mirror.js';
import { planUpload } from './plan.js';
import type { UploadPlan, UploadResult } from './outcome.js';
import { uploadFailure, uploadReport } from './report.js';
import { parseUploadArtifact, type UploadSettings } from './settings.js';
import { uploadFiles, type UploadOutcome } from './upload.js';

/** Dry-run listings print at most this many `(dryrun) upload:` lines; the summary and manifest hold the rest. */
const MAX_LISTED = 1000;

function noFiles(settings: UploadSettings, ctx: OperationContext): void {
  const message = `No files were found for \`path\` (${[...settings.include, ...settings.exclude.map((e) => `!${e}`)].join(', ')}).`;
  if (settings.ifNoFilesFound === 'error')
    throw new TaskError('input', message, {
      errorCode: 'NoFilesFound',
      hint: 'Check `path` (relative to the working directory) and `include-hidden-files`, or set `if-no-files-found: warn`.',
    });
  if (settings.ifNoFilesFound === 'warn')
    ctx.logger.warning(
      'upload.no-files',
      `${message} Nothing to upload.`,
      {},
      { title: 'No files to upload' },
    );
  else ctx.logger.info('upload.no-files', `${message} Nothing to upload.`, {});
}

export const uploadArtifact: Operation<UploadSettings, UploadPlan, UploadResult> = {
  name: 'upload-artifact',

  parse: (reader, common, env) => parseUploadArtifact(reader, common, env),

  async plan(ctx, settings) {
    const s3 = ctx.clients.s3();
    const listing = settings.mirror ? await listMirror(settings, s3, ctx.signal) : undefined;
    const data = await planUpload(settings, s3, ctx.logger, ctx.signal, listing?.keys);
    // A `path` that matched nothing would make a mirror delete the whole prefix: only when asked for
    // (`if-no-files-found: ignore`, as the preview clean-up does) is an empty upload set a mirror.
    if (data.files.length === 0 && settings.mirror && settings.ifNoFilesFound === 'warn')
      throw new TaskError(
        'input',
        `No files were found for \`path\`, and \`delete-removed\` would delete everything under s3://${settings.bucket}/${settings.keyPrefix}; nothing was uploaded or deleted.`,
        {
          errorCode: 'NoFilesFound',
          hint: 'Check `path`; to empty the prefix on purpose, set `if-no-files-found: ignore`.',
        },
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
    if (ctx.common.dryRun && data.files.length) {
      ctx.logger.startGroup(`Files a run would upload (${data.files.length})`);
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
      ctx.logger.endGroup();
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
      refusal: data.refusal ?? mirror?.refusal,
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
    return uploadReport(ctx, settings, plan, result);
  },
};

/** Key order (code points, as S3 lists), so the manifests of equal uploads are equal. */
const byKey = (a: { key: string }, b: { key: string }): number =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

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
    ].sort(byKey),
    ...(plan.mirror
      ? {
          deleted: [
            ...(mirror?.deleted ?? []).map((e) => ({ key: e.key, size: e.size })),
            ...(mirror?.unconfirmed ?? []).map((e) => ({ key: e.key, size: e.size, unconfirmed: true })),
          ].sort(byKey),
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
    workspace: ctx.host.env.GITHUB_WORKSPACE,
  });
  result.outcome = outcome;

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
  }

  result.failure = uploadFailure(settings, plan, result);

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

export type { UploadPlan, UploadResult };
