import type { Report } from '../../report/report.js';
import type { Operation, OperationContext, Plan } from '../operation.js';
import { applyChanges, unsupportedSetting, type ApplyResult } from './apply.js';
import { diffBucket, formatChange, type Change } from './diff.js';
import { parseEnsureBucket, type EnsureBucketSettings } from './settings.js';
import { bucketArn, readBucketState, type BucketState } from './state.js';

export interface EnsureBucketPlan extends Plan {
  state: BucketState;
  diff: Change[];
}

function changeRows(changes: Change[]): string[][] {
  return changes.map((c) => [
    c.op,
    c.key !== undefined ? `${c.setting}.${c.key}` : c.setting,
    c.from ?? '',
    c.to ?? '',
    c.skipped ? `skipped: ${c.skipped}` : '',
  ]);
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
    const created = result ? result.created : plan.diff.some((c) => c.setting === 'bucket');
    const changed = result ? effective.length > 0 && result.writeCount > 0 : effective.length > 0;
    const arn = bucketArn(settings.bucket, region);
    const headline = result?.failure
      ? `${settings.bucket} was not brought in line with the declaration: ${result.failure.message}`
      : result
        ? effective.length === 0
          ? `${settings.bucket} already matched the declared settings: no write request was made.`
          : `${created ? 'Created' : 'Updated'} ${settings.bucket}: ${effective.length} change${effective.length === 1 ? '' : 's'} applied in ${result.writeCount} write request${result.writeCount === 1 ? '' : 's'}.`
        : effective.length === 0
          ? `Dry run: ${settings.bucket} already matches the declared settings; nothing would change.`
          : `Dry run: ${effective.length} change${effective.length === 1 ? '' : 's'} would be applied${created ? ', starting with creating the bucket' : ''}; nothing was changed.`;
    return {
      headline,
      facts: [
        ['Bucket', `${settings.bucket} (${arn})`],
        ['Region', region],
        ['Read requests', String(plan.state.requestCount)],
        ...(result ? ([['Write requests', String(result.writeCount)]] as Array<[string, string]>) : []),
      ],
      tables: [
        {
          title: result ? 'Changes applied' : 'Planned changes',
          columns: ['', 'Setting', 'From', 'To', 'Note'],
          rows: changeRows(changes),
          empty: '_No difference: the bucket matches the declaration._',
        },
      ],
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
