import { count, formatBytes, formatDay, naturalCompare } from '../../report/format.js';
import { prefixCell, type ConsoleScope } from '../../report/links.js';
import type { Fact, Report, ReportTable } from '../../report/report.js';
import type { TaskError } from '../../errors.js';
import { countNoun, earlier, FIRST_KEYS, s3Uri, type Entry } from './entries.js';
import type { PruneResult } from './outcome.js';
import type { PrunePlan } from './plan.js';
import { KEPT_REASONS, type KeptReason, type UnitStat } from './select.js';
import type { PruneSettings, VersionsMode } from './settings.js';

export { formatBytes };

/** From this many objects on, a lifecycle rule beats listing and deleting from CI. */
const LARGE_PREFIX = 100_000;

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : '');

function entryFact(e: Entry | undefined): string {
  if (!e) return '—';
  return `${e.key}${e.versionId !== undefined ? ` (${e.deleteMarker ? 'delete marker' : 'version'} ${e.versionId})` : ''}, ${iso(e.time)}`;
}

/** The selection in the words of the inputs: `older than 30d · keep the 2 newest folders`. */
function selectionText(settings: PruneSettings): string {
  const unit = settings.groupBy === 'folder' ? 'folder' : settings.versions === 'all' ? 'version' : 'object';
  const parts: string[] = [];
  if (!settings.prefix) parts.push('the whole bucket');
  if (settings.olderThan) parts.push(`older than ${settings.olderThan.input}`);
  if (settings.keepLatest)
    parts.push(
      settings.keepLatest === 1
        ? `keep the newest ${unit}`
        : `keep the ${settings.keepLatest} newest ${unit}s`,
    );
  if (settings.groupBy === 'folder' && !settings.keepLatest) parts.push('whole folders');
  if (settings.versions === 'all') parts.push('all versions');
  if (settings.include.length) parts.push(`include ${settings.include.join(', ')}`);
  if (settings.exclude.length) parts.push(`exclude ${settings.exclude.join(', ')}`);
  return parts.join(' · ');
}

/** Columns padded so a `diff` block reads as a table; a very long name keeps its own width. */
function aligned(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.min(60, Math.max(...rows.map((r) => r[i]!.length)))) ?? [];
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

function unitLines(sign: string, units: UnitStat[], versions: VersionsMode): string[] {
  return aligned(
    [...units]
      .sort((a, b) => naturalCompare(a.name, b.name))
      .map((u) => [
        `${sign} ${u.name}`,
        countNoun(u.count, versions),
        formatBytes(u.bytes),
        `newest ${formatDay(u.newest)}`,
      ]),
  );
}

function keyLines(sign: string, entries: Entry[], settings: PruneSettings): string[] {
  return aligned(
    [...entries]
      .sort((a, b) => naturalCompare(a.key, b.key))
      .map((e) => [
        `${sign} ${s3Uri(settings.bucket, e.key).slice(`s3://${settings.bucket}/`.length)}`,
        ...(settings.versions === 'all'
          ? [e.deleteMarker ? `delete marker ${e.versionId}` : `version ${e.versionId ?? ''}`]
          : []),
        formatBytes(e.size),
        formatDay(e.time),
      ]),
  );
}

function keptTable(units: UnitStat[], versions: VersionsMode, kind: string): ReportTable {
  return {
    title: `${kind} kept`,
    columns: [kind === 'Folders' ? 'Folder' : 'Key', 'Size', 'Newest', 'Why kept'],
    rows: units.slice(0, FIRST_KEYS).map((u) => [
      u.name,
      `${countNoun(u.count, versions)}, ${formatBytes(u.bytes)}`,
      formatDay(u.newest),
      // Plain words in a cell (a code mark would make the whole cell code).
      u.kept ? KEPT_REASONS[u.kept].replace(/`/g, '') : '',
    ]),
    naturalSort: true,
  };
}

/** Where the full list is, in words that say it lasts only as long as the job unless kept. */
function manifestWhere(path: string): string {
  return path
    ? 'the full list is the JSON manifest at the `manifest-path` output, a file on the runner that is gone when the job ends: keep it with `actions/upload-artifact`'
    : 'a dry run writes the full list to a manifest';
}

/**
 * The summary: the counts in the headline, the refusal or dry-run reminder right under it, the
 * deletions as a `diff` block (per folder where units are folders), what was kept, and the facts.
 * Long because it lays out the whole document in reading order, section by section.
 */
export function buildReport(
  scope: ConsoleScope,
  dryRun: boolean,
  settings: PruneSettings,
  plan: PrunePlan,
  result: PruneResult | undefined,
  refused?: TaskError,
): Report {
  const noun = (n: number): string => countNoun(n, settings.versions);
  const going = result ? result.deleted : plan.planned;
  const keys = result ? result.first : plan.firstKeys;
  const uploads = result ? result.aborted : plan.uploads.length;
  const manifestPath = result ? result.manifestPath : (plan.manifestPath ?? '');
  const kept = `${noun(plan.keptCount)} kept`;
  const size = `(${formatBytes(going.bytes)})`;
  const abortPart = uploads
    ? `, ${count(uploads, 'stale multipart upload')} ${result ? 'aborted' : 'to abort'}`
    : '';

  const headline = refused
    ? `Refused: ${noun(plan.planned.count)} ${size} qualify, more than \`max-deletes: ${settings.maxDeletes}\`; nothing was deleted`
    : result
      ? going.count
        ? `Deleted ${noun(going.count)} ${size}, ${kept}${abortPart}`
        : `Nothing to delete; ${kept}${abortPart}`
      : going.count
        ? `Plan: ${noun(going.count)} to delete ${size}, ${kept}${abortPart}`
        : `Plan: nothing to delete; ${kept}${abortPart}`;

  const callouts: string[] = [];
  if (refused && refused.hint) callouts.push(`⛔ ${refused.hint}`);
  else if (!result && going.count)
    callouts.push(
      `Dry run: nothing was deleted. Run with \`dry-run: false\` to delete ${going.count === 1 ? 'it' : `these ${noun(going.count)}`}.`,
    );
  if (plan.versioning === 'Enabled' || plan.versioning === 'Suspended')
    callouts.push(
      'The bucket is versioned: deleting current objects only adds delete markers, and the data stays (and is billed) as noncurrent versions. `versions: all` removes those too.',
    );

  const folders = settings.groupBy === 'folder';
  const verb = result ? 'deleted' : 'to delete';
  const lines =
    folders || settings.versions === 'all'
      ? unitLines('-', plan.removedUnits.slice(0, FIRST_KEYS), settings.versions)
      : keyLines('-', keys, settings);
  const shownUnits = folders || settings.versions === 'all' ? plan.removedUnits.length : going.count;
  const uploadLines = plan.uploads
    .slice(0, FIRST_KEYS)
    .map((u) => `- ${u.key}  (multipart upload started ${formatDay(u.initiated)})`);
  const cut = shownUnits - Math.min(shownUnits, FIRST_KEYS);
  const diff =
    going.count || uploadLines.length
      ? {
          summary: [
            going.count
              ? `${noun(going.count)} ${verb}${folders ? ` in ${count(plan.removedUnits.length, 'folder')}` : ''}`
              : '',
            uploadLines.length
              ? `${count(plan.uploads.length, 'stale multipart upload')} ${result ? 'aborted' : 'to abort'}`
              : '',
          ]
            .filter(Boolean)
            .join(', '),
          lines: [...lines, ...uploadLines],
          more:
            cut > 0 ? `and ${cut.toLocaleString('en-US')} more: ${manifestWhere(manifestPath)}` : undefined,
        }
      : undefined;

  const tables: ReportTable[] = [];
  if (folders || settings.versions === 'all')
    tables.push(keptTable(plan.keptUnits, settings.versions, folders ? 'Folders' : 'Keys'));

  const keptBreakdown = [...plan.kept]
    .filter(([, t]) => t.count > 0)
    .map(([reason, t]) => `${t.count.toLocaleString('en-US')} ${KEPT_REASONS[reason as KeptReason]}`)
    .join('; ');
  let keptOldest: Entry | undefined;
  let keptNewest: Entry | undefined;
  for (const t of plan.kept.values()) {
    if (t.oldest && (!keptOldest || earlier(t.oldest, keptOldest))) keptOldest = t.oldest;
    if (t.newest && (!keptNewest || earlier(keptNewest, t.newest))) keptNewest = t.newest;
  }
  const facts: Fact[] = [
    ['Selection', selectionText(settings) || 'everything under the prefix'],
    [
      'Listed',
      `${noun(plan.listed)} in ${count(plan.listCalls, 'request')} (${plan.mode === 'streaming' ? 'streaming: each object decided as it is listed' : 'planned: the whole prefix in view'})`,
      'runner',
    ],
    [
      result ? 'Deleted' : 'To delete',
      `${noun(going.count)}, ${formatBytes(going.bytes)} (${going.bytes.toLocaleString('en-US')} bytes)`,
    ],
    [`Oldest ${verb}`, entryFact(going.oldest)],
    [`Newest ${verb}`, entryFact(going.newest)],
    ['Kept', `${noun(plan.keptCount)}${keptBreakdown ? ` (${keptBreakdown})` : ''}`],
    ['Oldest kept', entryFact(keptOldest)],
    ['Newest kept', entryFact(keptNewest)],
    ['Max deletes', settings.maxDeletes.toLocaleString('en-US')],
  ];
  if (result) facts.push(['DeleteObjects requests', String(result.calls), 'runner']);
  if (manifestPath) facts.push(['Manifest', manifestPath, 'runner']);

  const notes: string[] = [];
  if (plan.outside.count)
    notes.push(
      `\`prefix: ${settings.prefix}\` does not end in \`/\` and also matched ${count(plan.outside.count, 'key')} outside \`${settings.prefix}/\`, e.g. ${plan.outside.examples.join(', ')}.`,
    );
  const { lifecycle } = plan;
  if (plan.listed >= LARGE_PREFIX)
    notes.push(
      `This prefix holds ${noun(plan.listed)}: listing and deleting from CI costs about ${Math.ceil(plan.listed / 500).toLocaleString('en-US')} requests a run, where an S3 lifecycle rule costs none${lifecycle.line ? ' (see "S3 lifecycle equivalent")' : ''}.`,
    );
  if (lifecycle.line)
    tables.push({
      title: `S3 lifecycle equivalent${lifecycle.exact ? '' : ' (closest)'}`,
      columns: ['ensure-bucket input', 'Value'],
      rows: [
        ['operation', 'ensure-bucket'],
        ['bucket', settings.bucket],
        ['lifecycle-rules', lifecycle.line],
      ],
    });
  notes.push(...lifecycle.notes);

  const where = prefixCell(scope, settings.bucket, settings.prefix);
  return {
    headline,
    callouts,
    location: where,
    diff,
    facts,
    tables,
    notes,
    outputs: {
      'deleted-count': String(result ? result.deleted.count : 0),
      'deleted-bytes': String(result ? result.deleted.bytes : 0),
      // Keys in DeleteObjects calls that got no definite answer: perhaps deleted, never counted as kept.
      'unconfirmed-count': String(result ? result.unconfirmed.count : 0),
      'kept-count': String(plan.keptCount),
      'planned-count': String(plan.planned.count),
      'manifest-path': manifestPath,
    },
  };
}
