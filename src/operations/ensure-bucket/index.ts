import { prefixCell } from '../../report/links.js';
import type { Fact, Report } from '../../report/report.js';
import type { Operation, OperationContext, Plan } from '../operation.js';
import { applyChanges, unsupportedSetting, type ApplyResult } from './apply.js';
import { diffBucket, formatChange, type Change } from './diff.js';
import { parseEnsureBucket, type EnsureBucketSettings } from './settings.js';
import { bucketArn, readBucketState, type BucketState } from './state.js';

export interface EnsureBucketPlan extends Plan {
  state: BucketState;
  diff: Change[];
}

/** `expire after 30 → 60 days; …`: only the words that differ change, the rest is said once. */
export function changedText(from: string, to: string): string {
  const a = from.split(' ');
  const b = to.split(' ');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const mid = (w: string[]): string => w.slice(head, w.length - tail).join(' ') || '(nothing)';
  return [...a.slice(0, head), `${mid(a)} → ${mid(b)}`, ...a.slice(a.length - tail)].join(' ');
}

/** One line of the `diff` block: the sign GitHub colours, the setting, and the value or the change. */
function diffLines(changes: Change[]): string[] {
  const name = (c: Change): string => (c.key !== undefined ? `${c.setting}.${c.key}` : c.setting);
  const width = Math.min(40, Math.max(0, ...changes.map((c) => name(c).length)));
  return changes.map((c) => {
    const value =
      c.op === '~'
        ? changedText(c.from ?? 'none', c.to ?? 'none')
        : c.op === '+'
          ? (c.to ?? '')
          : (c.from ?? '');
    // A change the store cannot make is no change: no sign, so GitHub does not colour it.
    const sign = c.skipped ? ' ' : c.op;
    return `${sign} ${name(c).padEnd(width)}  ${value}${c.skipped ? `  (skipped: ${c.skipped})` : ''}`.trimEnd();
  });
}

/** `1 to add, 2 to change, 0 to remove` (or `added`/`changed`/`removed`). */
function tally(changes: Change[], done: boolean): string {
  const n = (op: Change['op']): number => changes.filter((c) => c.op === op).length;
  return done
    ? `${n('+')} added, ${n('~')} changed, ${n('-')} removed`
    : `${n('+')} to add, ${n('~')} to change, ${n('-')} to remove`;
}

function changesOutput(changes: Change[]): string {
  return JSON.stringify(
    changes.map((c) => ({
      setting: c.setting,
      ...(c.key !== undefined ? { key: c.key } : {}),
      op: c.op,
      from: c.from ?? null,
      to: c.to ?? null,
      ...(c.skipped ? { skipped: c.skipped } : {}),
    })),
  );
}

/** The bucket as it is, and how it differs from the declaration (defaults a store lacks marked skipped). */
async function readAndDiff(
  ctx: OperationContext,
  settings: EnsureBucketSettings,
): Promise<{ state: BucketState; diff: Change[] }> {
  const region = ctx.common.region;
  const state = await readBucketState(
    ctx.clients.s3(),
    settings,
    region,
    ctx.signal,
    ctx.common.endpointUrl !== undefined,
  );
  const diff = diffBucket(settings, state, region);
  for (const c of diff)
    if (c.setting !== 'bucket' && state.unsupported.has(c.setting))
      c.skipped = unsupportedSetting(c.setting, settings, ctx.logger);
  return { state, diff };
}

export const ensureBucket: Operation<EnsureBucketSettings, EnsureBucketPlan, ApplyResult> = {
  name: 'ensure-bucket',

  parse: parseEnsureBucket,

  async plan(ctx, settings) {
    const { state, diff } = await readAndDiff(ctx, settings);
    for (const c of diff)
      ctx.logger.info(
        ctx.common.dryRun ? 'bucket.planned' : 'bucket.plan',
        `${ctx.common.dryRun ? '(dryrun) ' : ''}${formatChange(c)}`,
        {
          setting: c.setting,
          op: c.op,
          key: c.key,
          from: c.from,
          to: c.to,
          skipped: c.skipped,
        },
      );
    if (diff.length === 0)
      ctx.logger.info('bucket.in-sync', `${settings.bucket} already matches the declared settings`, {
        bucket: settings.bucket,
      });
    return {
      state,
      diff,
      changes: diff.map((c) => ({
        action: c.op,
        target: c.key !== undefined ? `${c.setting}.${c.key}` : c.setting,
        reason: formatChange(c),
      })),
    };
  },

  apply(ctx, settings, plan) {
    return applyChanges(settings, plan.state, plan.diff, {
      s3: ctx.clients.s3(),
      logger: ctx.logger,
      region: ctx.common.region,
      signal: ctx.signal,
      compatibleStore: ctx.common.endpointUrl !== undefined,
      replan: () => readAndDiff(ctx, settings),
    });
  },

  report(ctx, settings, plan, result): Report {
    const region = ctx.common.region;
    const changes = result?.changes ?? plan.diff;
    const effective = changes.filter((c) => !c.skipped);
    const skipped = changes.length - effective.length;
    const created = result ? result.created : plan.diff.some((c) => c.setting === 'bucket');
    const changed = result ? effective.length > 0 && result.writeCount > 0 : effective.length > 0;
    const arn = bucketArn(settings.bucket, region);
    const skippedPart = skipped ? `; ${skipped} skipped (not supported by this store)` : '';
    const inSync = result ? effective.length === 0 || result.writeCount === 0 : effective.length === 0;
    const headline = result?.failure
      ? `Not brought in line: ${result.failure.message}`
      : inSync
        ? `No changes: ${settings.bucket} matches the declared settings${skippedPart}`
        : `${result ? (created ? 'Created: ' : 'Applied: ') : 'Plan: '}${tally(effective, Boolean(result))}${skippedPart}`;
    const callouts: string[] = [];
    if (!result && !inSync)
      callouts.push(
        `Dry run: nothing was changed${created ? ' (the bucket does not exist yet)' : ''}. Run with \`dry-run: false\` to apply.`,
      );
    if (changes.some((c) => c.op === '-'))
      callouts.push(
        `${result ? 'Removed' : 'Removes'}: ${changes
          .filter((c) => c.op === '-')
          .map((c) => (c.key !== undefined ? `${c.setting}.${c.key}` : c.setting))
          .join(', ')}.`,
      );
    return {
      headline,
      callouts,
      location: prefixCell(ctx.common, settings.bucket),
      diff: changes.length
        ? {
            summary: `${changes.length} ${changes.length === 1 ? 'change' : 'changes'} ${result ? 'applied' : 'planned'}`,
            lines: diffLines(changes),
          }
        : undefined,
      facts: [
        ['Bucket ARN', arn],
        ['Region', region],
        ['Read requests', String(plan.state.requestCount), 'runner'],
        ...(result ? ([['Write requests', String(result.writeCount), 'runner']] as Fact[]) : []),
      ],
      tables: [],
      notes: [],
      outputs: {
        'bucket-arn': arn,
        region,
        created: String(created),
        changed: String(changed),
        changes: changesOutput(changes),
      },
    };
  },
};
