import { formatBytes } from '../../report/bytes.js';
import type { Report, ReportTable } from '../../report/report.js';
import { countNoun, FIRST_KEYS, s3Uri, type Entry, type Tally } from './entries.js';
import type { PruneResult } from './outcome.js';
import type { PrunePlan } from './plan.js';
import { lifecycleEquivalent } from './lifecycle-equivalent.js';
import { KEPT_REASONS, type KeptReason, type UnitStat } from './select.js';
import type { PruneSettings } from './settings.js';

/** From this many objects on, a lifecycle rule beats listing and deleting from CI. */
const LARGE_PREFIX = 100_000;

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : '');

function entryFact(e: Entry | undefined): string {
  if (!e) return '—';
  return `${e.key}${e.versionId !== undefined ? ` (${e.deleteMarker ? 'delete marker' : 'version'} ${e.versionId})` : ''}, ${iso(e.time)}`;
}

function selectionText(settings: PruneSettings): string {
  const parts: string[] = [];
  if (settings.olderThan)
    parts.push(`older than ${settings.olderThan.input} (before ${settings.olderThan.cutoff.toISOString()})`);
  if (settings.keepLatest) parts.push(`keep the ${settings.keepLatest} newest`);
  parts.push(`units: ${settings.groupBy === 'folder' ? 'first-level folders' : 'objects'}`);
  parts.push(`versions: ${settings.versions}`);
  if (settings.include.length) parts.push(`include ${settings.include.join(', ')}`);
  if (settings.exclude.length) parts.push(`exclude ${settings.exclude.join(', ')}`);
  return parts.join('; ');
}

function unitTable(title: string, units: UnitStat[], total: number, withReason: boolean): ReportTable {
  return {
    title: total > units.length ? `${title} (first ${FIRST_KEYS} of ${total})` : title,
    columns: ['Unit', 'Objects', 'Bytes', 'Newest', ...(withReason ? ['Why kept'] : [])],
    rows: units
      .slice(0, FIRST_KEYS)
      .map((u) => [
        u.name,
        String(u.count),
        formatBytes(u.bytes),
        iso(u.newest),
        ...(withReason && u.kept ? [KEPT_REASONS[u.kept]] : []),
      ]),
    empty: '_none_',
  };
}

/** What every part of the prune summary reads: the run as planned or as done. */
interface View {
  settings: PruneSettings;
  plan: PrunePlan;
  result: PruneResult | undefined;
  noun: (n: number) => string;
  where: string;
  /** Deleted (after apply) or planned (dry run, refusal). */
  going: Tally;
  keys: Entry[];
  manifestPath: string;
}

function headlineOf({ plan, result, noun, where, going }: View): string {
  return plan.refusal
    ? plan.refusal.message
    : result
      ? going.count
        ? `Deleted ${noun(going.count)} (${formatBytes(going.bytes)}) under ${where} in ${result.calls} DeleteObjects call${result.calls === 1 ? '' : 's'}; ${noun(plan.keptCount)} kept.`
        : `Nothing under ${where} qualified: nothing was deleted; ${noun(plan.keptCount)} kept.`
      : going.count
        ? `Dry run: ${noun(going.count)} (${formatBytes(going.bytes)}) under ${where} would be deleted and ${noun(plan.keptCount)} kept; nothing was deleted.`
        : `Dry run: nothing under ${where} qualifies; nothing would be deleted and nothing was.`;
}

function factsOf({
  settings,
  plan,
  result,
  noun,
  where,
  going,
  manifestPath,
}: View): Array<[string, string]> {
  const uploads = result ? result.aborted : plan.uploads.length;
  const keptBreakdown = [...plan.kept]
    .filter(([, t]) => t.count > 0)
    .map(([reason, t]) => `${t.count} ${KEPT_REASONS[reason as KeptReason]}`)
    .join('; ');
  let keptOldest: Entry | undefined;
  let keptNewest: Entry | undefined;
  for (const t of plan.kept.values()) {
    if (t.oldest && (!keptOldest || t.oldest.time < keptOldest.time)) keptOldest = t.oldest;
    if (t.newest && (!keptNewest || t.newest.time > keptNewest.time)) keptNewest = t.newest;
  }
  const verb = result ? 'Deleted' : 'To delete';
  const facts: Array<[string, string]> = [
    ['Bucket and prefix', where],
    ['Selection', selectionText(settings)],
    [
      'Listed',
      `${noun(plan.listed)} in ${plan.listCalls} request${plan.listCalls === 1 ? '' : 's'} (${plan.mode === 'streaming' ? 'streaming: each object decided as it is listed' : 'planned: the whole prefix in view'})`,
    ],
    [verb, `${noun(going.count)}, ${formatBytes(going.bytes)} (${going.bytes} bytes)`],
    [`Oldest ${verb.toLowerCase()}`, entryFact(going.oldest)],
    [`Newest ${verb.toLowerCase()}`, entryFact(going.newest)],
    ['Kept', `${noun(plan.keptCount)}${keptBreakdown ? ` (${keptBreakdown})` : ''}`],
    ['Oldest kept', entryFact(keptOldest)],
    ['Newest kept', entryFact(keptNewest)],
    ['Max deletes', String(settings.maxDeletes)],
  ];
  if (settings.abortIncompleteUploads)
    facts.push([
      result ? 'Multipart uploads aborted' : 'Multipart uploads to abort',
      settings.olderThan ? String(uploads) : 'none (needs `older-than`)',
    ]);
  facts.push(['Manifest', manifestPath]);
  return facts;
}

function tablesOf({ settings, plan, result, going, keys }: View): ReportTable[] {
  const tables: ReportTable[] = [];
  if (settings.groupBy === 'folder' || settings.versions === 'all') {
    const kind = settings.groupBy === 'folder' ? 'Folders' : 'Keys';
    tables.push(
      unitTable(
        `${kind} ${result ? 'deleted from' : 'to delete from'}`,
        plan.removedUnits,
        plan.removedUnits.length,
        false,
      ),
      unitTable(`${kind} kept whole`, plan.keptUnits, plan.keptUnits.length, true),
    );
  }
  tables.push({
    title:
      going.count > keys.length
        ? `First ${keys.length} of ${going.count} ${result ? 'deleted' : 'to delete'}`
        : result
          ? 'Deleted'
          : 'To delete',
    columns: ['Key', ...(settings.versions === 'all' ? ['Version'] : []), 'Size', 'Last modified'],
    rows: keys.map((e) => [
      e.key,
      ...(settings.versions === 'all'
        ? [e.deleteMarker ? `${e.versionId} (delete marker)` : (e.versionId ?? '')]
        : []),
      formatBytes(e.size),
      iso(e.time),
    ]),
    empty: '_nothing_',
  });
  if (plan.uploads.length)
    tables.push({
      title: result ? 'Multipart uploads aborted' : 'Multipart uploads to abort',
      columns: ['Key', 'Upload id', 'Started'],
      rows: plan.uploads.slice(0, FIRST_KEYS).map((u) => [u.key, u.uploadId, iso(u.initiated)]),
    });
  const lifecycle = lifecycleEquivalent(settings);
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
  return tables;
}

function notesOf(
  dryRun: boolean,
  { settings, plan, result, noun, going, keys, manifestPath }: View,
): string[] {
  const notes: string[] = [];
  if (dryRun)
    notes.push(
      'Nothing was deleted: this was a dry run (`dry-run` defaults to `true` for prune). Set `dry-run: false` to delete.',
    );
  if (going.count > keys.length)
    notes.push(`Every ${result ? 'deleted' : 'planned'} key is in the manifest: ${manifestPath}`);
  if (plan.outside.count)
    notes.push(
      `\`prefix: ${settings.prefix}\` does not end in \`/\` and also matched ${plan.outside.count} key(s) outside \`${settings.prefix}/\`, e.g. ${plan.outside.examples.join(', ')}.`,
    );
  if (plan.versioning === 'Enabled' || plan.versioning === 'Suspended')
    notes.push(
      'The bucket is versioned: deleting current objects only adds delete markers, and the data stays (and is billed) as noncurrent versions. `versions: all` removes those too.',
    );
  const lifecycle = lifecycleEquivalent(settings);
  if (plan.listed >= LARGE_PREFIX)
    notes.push(
      `This prefix holds ${noun(plan.listed)}: listing and deleting from CI costs about ${Math.ceil(plan.listed / 500).toLocaleString('en-US')} requests a run, where an S3 lifecycle rule costs none${lifecycle.line ? ' (see "S3 lifecycle equivalent")' : ''}.`,
    );
  notes.push(...lifecycle.notes);
  return notes;
}

/** The summary: counts and bytes, per unit where units are more than single objects, and the first keys. */
export function buildReport(
  dryRun: boolean,
  settings: PruneSettings,
  plan: PrunePlan,
  result: PruneResult | undefined,
): Report {
  const view: View = {
    settings,
    plan,
    result,
    noun: (n) => countNoun(n, settings.versions),
    where: settings.prefix
      ? s3Uri(settings.bucket, settings.prefix)
      : `s3://${settings.bucket} (whole bucket)`,
    going: result ? result.deleted : plan.planned,
    keys: result ? result.first : plan.firstKeys,
    manifestPath: result ? result.manifestPath : (plan.manifestPath ?? ''),
  };
  return {
    headline: headlineOf(view),
    facts: factsOf(view),
    tables: tablesOf(view),
    notes: notesOf(dryRun, view),
    outputs: {
      'deleted-count': String(result ? result.deleted.count : 0),
      'deleted-bytes': String(result ? result.deleted.bytes : 0),
      'unconfirmed-count': String(result ? result.unconfirmed.count : 0),
      'kept-count': String(plan.keptCount),
      'planned-count': String(plan.planned.count),
      'manifest-path': view.manifestPath,
    },
  };
}
