import { TaskError } from '../../errors.js';
import { count, formatBytes, formatDuration, meaningfulRate, naturalCompare } from '../../report/format.js';
import { objectCell, prefixCell } from '../../report/links.js';
import type { Cell, Fact, Report, ReportTable } from '../../report/report.js';
import type { OperationContext } from '../operation.js';
import type { UploadPlan, UploadResult } from './outcome.js';
import { publicUrl } from './manifest.js';
import { deletionFailure, mirrorSections } from './mirror.js';
import type { PlannedFile } from './plan.js';
import type { UploadSettings } from './settings.js';
import type { FailedFile } from './upload.js';

/** Files listed by name in the summary; the manifest has every one. */
const SUMMARY_FILES = 50;
/** Names given inline (files not tried, failed examples) before "and N more". */
const NAMED = 10;

/** `a, b, c and 4 more`. */
function named(names: string[]): string {
  const shown = names.slice(0, NAMED).join(', ');
  return names.length > NAMED ? `${shown} and ${names.length - NAMED} more` : shown;
}

/** What merging or re-running would do to each key: new, changed (and why), unchanged, already there. */
type Kind = 'new' | 'changed' | 'overwrite' | 'unchanged' | 'exists';

function kindOf(f: PlannedFile): Kind {
  if (f.action === 'skip') return f.reason === 'exists' ? 'exists' : 'unchanged';
  if (f.reason === 'new') return 'new';
  // `overwrite: true` asks S3 nothing: a key may be new or replace an object.
  if (f.reason === 'new or overwritten') return 'overwrite';
  return 'changed';
}

function tallyText(files: PlannedFile[], done: boolean): string {
  const n = (k: Kind): number => files.filter((f) => kindOf(f) === k).length;
  const parts = [
    n('new') && `${n('new')} new`,
    n('changed') && `${n('changed')} changed`,
    n('overwrite') && `${n('overwrite')} new or overwritten`,
  ].filter(Boolean);
  const skipped = [
    n('unchanged') && `${n('unchanged')} unchanged`,
    n('exists') && `${count(n('exists'), 'key')} already there`,
  ].filter(Boolean);
  const going = files.filter((f) => f.action === 'upload');
  const bytes = going.reduce((s, f) => s + f.file.size, 0);
  const head = going.length
    ? `${count(going.length, 'file')} ${done ? 'uploaded' : 'to upload'} (${formatBytes(bytes)}${parts.length ? `: ${parts.join(', ')}` : ''})`
    : `nothing to upload`;
  return [head, ...skipped].join(', ');
}

/** Lines of the `diff` block: `+` for a new key, `~` for a changed one (with why), a space for unchanged. */
function diffLines(files: PlannedFile[]): string[] {
  const width = Math.min(60, Math.max(0, ...files.map((f) => f.key.length)));
  return [...files]
    .sort((a, b) => naturalCompare(a.key, b.key))
    .map((f) => {
      const kind = kindOf(f);
      const sign = kind === 'new' || kind === 'overwrite' ? '+' : kind === 'changed' ? '~' : ' ';
      const why = kind === 'new' || kind === 'overwrite' ? '' : `  (${f.reason})`;
      return `${sign} ${f.key.padEnd(width)}  ${formatBytes(f.file.size)}${why}`;
    });
}

/** Identical failures once, with a count: a missing bucket fails every file the same way. */
function failureGroups(failed: FailedFile[]): Array<{ code: string; files: FailedFile[] }> {
  const groups = new Map<string, FailedFile[]>();
  for (const f of failed) groups.set(f.errorCode, [...(groups.get(f.errorCode) ?? []), f]);
  return [...groups].map(([code, files]) => ({ code, files }));
}

const failedNames = (g: { code: string; files: FailedFile[] }): string =>
  `${g.code} for ${named(g.files.map((f) => f.planned.file.relative))}`;

function failureOf(plan: UploadPlan, result: UploadResult, notTried: PlannedFile[]): TaskError | undefined {
  const { outcome } = result;
  const planned = plan.files.filter((f) => f.action === 'upload').length;
  const untried = notTried.length
    ? ` ${count(notTried.length, 'file was', 'files were')} not tried: ${named(notTried.map((f) => f.file.relative))}.`
    : '';
  if (outcome.stopped?.kind === 'cancelled')
    return new TaskError(
      'cancelled',
      `Cancelled after uploading ${outcome.uploaded.length} of ${count(planned, 'file')}; multipart uploads in flight were aborted.${untried} Re-run with \`overwrite: if-changed\` to finish.`,
      { errorCode: 'Cancelled' },
    );
  if (!outcome.failed.length) return undefined;
  const groups = failureGroups(outcome.failed);
  // Files whose CompleteMultipartUpload got no definite answer that HeadObject could confirm.
  const mayExist = outcome.failed.filter((f) => f.mayExist);
  const perhaps = mayExist.length
    ? ` ${count(mayExist.length, 'failed file')} may exist all the same: the store's answer was lost (${named(mayExist.map((f) => f.planned.file.relative))}).`
    : '';
  if (outcome.uploaded.length)
    return new TaskError(
      'partial',
      `${outcome.failed.length} of ${count(planned, 'file')} failed: ${groups.map(failedNames).join('; ')}. ${count(outcome.uploaded.length, 'file was', 'files were')} uploaded and ${outcome.uploaded.length === 1 ? 'is' : 'are'} in the manifest.${perhaps}${untried}`,
      {
        errorCode: 'PartialFailure',
        hint: 'Re-run with `overwrite: if-changed` to upload only what is missing.',
      },
    );
  // Nothing went up: the first failure of each kind says why, once.
  return new TaskError(
    outcome.stopped?.kind ?? 'awsApi',
    `${mayExist.length ? 'No upload was confirmed' : 'No file was uploaded'}: ${
      outcome.failed.length === 1
        ? outcome.failed[0]!.message
        : `${groups.map((g) => `${count(g.files.length, 'file')} failed (${failedNames(g)}): ${g.files[0]!.message}`).join('; ')}.${perhaps}`
    }${untried}`,
    { errorCode: outcome.failed[0]!.errorCode, hint: outcome.stopped?.hint },
  );
}

/** Planned files that were neither uploaded nor failed: a run stopped before them. */
function notTriedOf(plan: UploadPlan, result: UploadResult): PlannedFile[] {
  const { outcome } = result;
  const done = new Set([
    ...outcome.uploaded.map((u) => u.planned.key),
    ...outcome.failed.map((f) => f.planned.key),
  ]);
  return plan.files.filter((f) => f.action === 'upload' && !done.has(f.key));
}

/**
 * The failure an upload run ended with, if it did (cancelled, some or all files failed, or the
 * mirror's removals failed): what `apply` returns in its outcome, and what the summary says.
 */
export function uploadFailure(
  settings: UploadSettings,
  plan: UploadPlan,
  result: UploadResult,
): TaskError | undefined {
  return (
    failureOf(plan, result, notTriedOf(plan, result)) ??
    (result.mirror ? deletionFailure(settings, result.mirror, plan.mirror?.removed.length ?? 0) : undefined)
  );
}

/**
 * The summary of an upload: what the bucket gains (new, changed and why, unchanged), the files with
 * links a person can open, and no claim of success when nothing matched `path`. Long because it lays
 * out the plan, refused and applied documents in reading order, section by section.
 */
export function uploadReport(
  ctx: OperationContext,
  settings: UploadSettings,
  plan: UploadPlan,
  result: UploadResult | undefined,
): Report {
  const skipped = plan.files.filter((f) => f.action === 'skip');
  const planned = plan.files.filter((f) => f.action === 'upload');
  const link = (key: string): Cell =>
    settings.publicBaseUrl
      ? { text: key, href: publicUrl(settings.publicBaseUrl, key) }
      : objectCell(ctx.common, settings.bucket, key);
  const location = prefixCell(ctx.common, settings.bucket, settings.keyPrefix);
  const outputsBase = {
    'key-prefix': settings.keyPrefix,
    's3-uri': `s3://${settings.bucket}/${settings.keyPrefix}`,
    'skipped-count': String(skipped.length),
    'deleted-count': String(result?.mirror?.deleted.length ?? 0),
  };
  const facts: Fact[] = [
    // Where the prefix is served (a site, a PR preview).
    ...(settings.publicBaseUrl
      ? ([['Public URL', publicUrl(settings.publicBaseUrl, settings.keyPrefix)]] as Fact[])
      : []),
    ['Root', plan.root, 'runner'],
    ['HeadObject requests', String(plan.requestCount), 'runner'],
  ];
  if (plan.hiddenSkipped) facts.push(['Hidden files left out', String(plan.hiddenSkipped)]);
  const patterns = [...settings.include, ...settings.exclude.map((e) => `!${e}`)].join(', ');

  if (plan.files.length === 0)
    return {
      headline: `Nothing uploaded: no files matched \`path\``,
      warning: settings.ifNoFilesFound !== 'ignore',
      callouts: [
        `\`path\` (${patterns}) matched no file under the root; check the pattern and \`include-hidden-files\`.`,
      ],
      location,
      facts,
      tables: [],
      notes: [],
      outputs: { ...outputsBase, 'uploaded-count': '0', bytes: '0', 'manifest-path': '', urls: '{}' },
    };

  const diff = {
    summary: tallyText(plan.files, false),
    lines: diffLines(plan.files),
  };
  const withCache = (files: PlannedFile[]): boolean => files.some((f) => f.cacheControl);

  if (!result && plan.mirror) {
    // `delete: true`: what the prefix will hold, with what goes away.
    const m = mirrorSections(plan, plan.mirror, undefined, formatBytes);
    const refusal = plan.mirror.refusal;
    return {
      headline: refusal ? `Refused: ${refusal.message}` : `Plan (mirror): ${m.counts}`,
      callouts: refusal
        ? [`⛔ The plan was: ${m.counts}.`]
        : ['Dry run: nothing was uploaded or deleted. Run with `dry-run: false` to mirror.'],
      location,
      diff,
      facts,
      tables: m.tables,
      notes: m.notes,
      outputs: { ...outputsBase, 'uploaded-count': '0', bytes: '0', 'manifest-path': '', urls: '{}' },
      failure: refusal,
    };
  }
  if (!result) {
    const bytes = planned.reduce((n, f) => n + f.file.size, 0);
    const callouts = plan.refusal
      ? [`⛔ ${plan.refusal.hint ?? plan.refusal.message}`]
      : planned.length
        ? ['Dry run: nothing was uploaded. Run with `dry-run: false` to upload.']
        : [];
    return {
      headline: plan.refusal
        ? `Refused: ${count(skipped.length, 'key')} already ${skipped.length === 1 ? 'exists' : 'exist'} and \`overwrite\` is false; nothing was uploaded`
        : `Plan: ${tallyText(plan.files, false)}`,
      callouts,
      location,
      diff,
      facts: [
        ...facts,
        ...(withCache(planned)
          ? ([
              ['Cache-Control', [...new Set(planned.map((f) => f.cacheControl ?? 'none'))].join(', ')],
            ] as Fact[])
          : []),
      ],
      tables: [],
      notes: [],
      outputs: {
        ...outputsBase,
        'uploaded-count': String(plan.refusal ? 0 : planned.length),
        bytes: String(plan.refusal ? 0 : bytes),
        'manifest-path': '',
        urls: '{}',
      },
    };
  }

  const { outcome } = result;
  const notTried = notTriedOf(plan, result);
  const mirror = plan.mirror
    ? mirrorSections(plan, plan.mirror, result.mirror ?? { deleted: [], unconfirmed: [] }, formatBytes)
    : undefined;
  const failure = result.failure ?? uploadFailure(settings, plan, result);
  const rate = meaningfulRate(outcome.bytes, outcome.seconds);
  const uploadedFiles = outcome.uploaded.map((u) => u.planned);
  const headline = `${mirror ? `Mirrored: ${mirror.counts}; ` : ''}${outcome.uploaded.length ? '' : 'Nothing uploaded: '}${tallyText(
    [...uploadedFiles, ...skipped],
    true,
  )}${outcome.failed.length ? `; ${outcome.failed.length} failed` : ''}${
    outcome.failed.some((f) => f.mayExist)
      ? ` (${outcome.failed.filter((f) => f.mayExist).length} may exist)`
      : ''
  }${notTried.length ? `, ${notTried.length} not tried` : ''}`;
  const cache = withCache(uploadedFiles);
  const change = (f: PlannedFile): string => {
    const kind = kindOf(f);
    return kind === 'changed' ? `changed: ${f.reason}` : kind === 'overwrite' ? 'new or overwritten' : kind;
  };
  const tables: ReportTable[] = [
    {
      title: outcome.uploaded.length > SUMMARY_FILES ? `Uploaded (first ${SUMMARY_FILES})` : 'Uploaded',
      columns: ['Key', 'Size', 'Change', 'Content type', ...(cache ? ['Cache-Control'] : [])],
      rows: uploadedFiles
        .slice(0, SUMMARY_FILES)
        .map((f) => [
          link(f.key),
          formatBytes(f.file.size),
          change(f),
          f.contentType,
          ...(cache ? [f.cacheControl ?? ''] : []),
        ]),
      naturalSort: true,
      // The list a reader came for: open unless it is long.
      open: uploadedFiles.length <= 25,
    },
  ];
  if (skipped.length)
    tables.push({
      title: 'Unchanged',
      columns: ['Key', 'Size', 'Why not uploaded'],
      rows: skipped.map((f) => [link(f.key), formatBytes(f.file.size), f.reason]),
      naturalSort: true,
    });
  // The mirror's removed objects (its added and changed lists are the tables above).
  if (mirror) tables.push(...mirror.tables.slice(2));
  if (outcome.failed.length || notTried.length)
    tables.push({
      title: 'Not uploaded',
      columns: ['File', 'Why'],
      rows: [
        ...outcome.failed.map((f) => [f.planned.file.relative, f.errorCode]),
        ...notTried.map((f) => [f.file.relative, 'not tried']),
      ],
      naturalSort: true,
      open: true,
    });
  const manifestWhere = result.manifestKey
    ? `s3://${settings.bucket}/${result.manifestKey} (beside the files)`
    : result.manifestPath
      ? 'the `manifest-path` output, a file on the runner that is gone when the job ends (keep it with `actions/upload-artifact`, or set `upload-manifest: true`)'
      : '';
  return {
    headline,
    callouts: failure ? [failure.message] : [],
    location,
    facts: [
      ...facts,
      ['Time', `${formatDuration(outcome.seconds)}${rate ? ` (${rate})` : ''}`, 'runner'],
      ...(result.manifestPath ? ([['Manifest', result.manifestPath, 'runner']] as Fact[]) : []),
      ...(result.manifestKey
        ? ([['Manifest in the bucket', `s3://${settings.bucket}/${result.manifestKey}`]] as Fact[])
        : []),
    ],
    tables,
    notes: [
      ...(mirror?.notes ?? []),
      ...(outcome.uploaded.length > SUMMARY_FILES && manifestWhere
        ? [
            `${outcome.uploaded.length - SUMMARY_FILES} more files are listed in the manifest: ${manifestWhere}.`,
          ]
        : []),
    ],
    outputs: {
      ...outputsBase,
      'uploaded-count': String(outcome.uploaded.length),
      bytes: String(outcome.bytes),
      'manifest-path': result.manifestPath ?? '',
      urls: JSON.stringify(result.urls),
    },
    failure,
  };
}
