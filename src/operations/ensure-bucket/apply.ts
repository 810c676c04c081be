import {
  CreateBucketCommand,
  DeleteBucketLifecycleCommand,
  DeleteBucketTaggingCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';
import { asTaskError, awsErrorCode, grantHint, isAccessDenied, wrapAwsError } from '../../aws/classify.js';
import { TaskError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import { MANAGED_RULE_ID, managedRule, publicAccessBlockOf, type Change } from './diff.js';
import { lifecycleRuleOf } from '../../aws/lifecycle-rule.js';
import type { EnsureBucketSettings } from './settings.js';
import { bucketArn, isUnsupported, SETTING_PERMISSIONS, type BucketState, type Setting } from './state.js';

export interface ApplyResult {
  created: boolean;
  /** The changes as applied (with `skipped` set where a store could not do a default). */
  changes: Change[];
  writeCount: number;
  /** The write that failed; `changes` before it were applied, `created` says whether the bucket was. */
  failure?: TaskError;
}

export interface ApplyDeps {
  s3: S3Client;
  logger: Logger;
  region: string;
  signal: AbortSignal;
  /** A custom endpoint: "not implemented" answers skip default settings instead of failing. */
  compatibleStore: boolean;
  /** Reads the state and diff again (after losing a creation race to another job). */
  replan: () => Promise<{ state: BucketState; diff: Change[] }>;
}

/** A setting the store cannot do: fails when the workflow asked for it, else is skipped with a warning. */
export function unsupportedSetting(
  setting: Setting,
  settings: EnsureBucketSettings,
  logger: Logger,
  cause?: unknown,
): string {
  const inputs: Record<Setting, string[]> = {
    versioning: ['versioning'],
    encryption: ['encryption'],
    'block-public-access': ['block-public-access'],
    'object-ownership': ['object-ownership'],
    tags: ['tags'],
    lifecycle: ['expire-after-days', 'abort-incomplete-multipart-days', 'lifecycle-rules'],
  };
  if (inputs[setting].some((i) => settings.explicit.has(i)))
    throw new TaskError(
      'awsApi',
      `This S3 store does not implement the ${setting} API, which the workflow asks for explicitly.`,
      {
        errorCode: 'NotImplemented',
        hint:
          setting === 'tags'
            ? 'Leave out `tags` for this store.'
            : setting === 'lifecycle'
              ? // Neither lifecycle input takes `unchanged`: the managed rule goes away only with both off.
                'Leave out `expire-after-days` and `lifecycle-rules`, and set `abort-incomplete-multipart-days: 0` for this store.'
              : `Set \`${inputs[setting][0]}: unchanged\` (or leave it out) for this store.`,
        cause,
      },
    );
  logger.warning(
    'bucket.setting-unsupported',
    `This S3 store does not implement the ${setting} API; the default is skipped`,
    { setting },
  );
  return 'not supported by this store';
}

/**
 * Executes the planned changes, one request per changed setting, and nothing else. Never throws: a
 * failed write ends the run with the failure in the result.
 */
export async function applyChanges(
  settings: EnsureBucketSettings,
  plannedState: BucketState,
  planned: Change[],
  deps: ApplyDeps,
): Promise<ApplyResult> {
  const result: ApplyResult = { created: false, changes: planned.map((c) => ({ ...c })), writeCount: 0 };
  try {
    await applyInto(result, settings, plannedState, deps);
  } catch (err) {
    result.failure = asTaskError(err, deps.signal);
  }
  return result;
}

/**
 * One write per setting, in a fixed order (ownership before public access, encryption before
 * anything that writes objects). Long because each setting's request is spelled out here, once,
 * in the order it is applied.
 */
async function applyInto(
  result: ApplyResult,
  settings: EnsureBucketSettings,
  plannedState: BucketState,
  deps: ApplyDeps,
): Promise<void> {
  const { s3, logger, region } = deps;
  const Bucket = settings.bucket;
  const opts = { abortSignal: deps.signal };
  let state = plannedState;
  const planned = result.changes;
  const done: string[] = [];

  if (planned.some((c) => c.setting === 'bucket')) {
    result.writeCount++;
    try {
      await s3.send(
        new CreateBucketCommand({
          Bucket,
          // us-east-1 takes no LocationConstraint; every other region must name itself.
          CreateBucketConfiguration:
            region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint },
        }),
        opts,
      );
      result.created = true;
      logger.info('bucket.created', `Created ${Bucket} in ${region}`, { bucket: Bucket, region });
    } catch (err) {
      const code = awsErrorCode(err);
      if (code === 'BucketAlreadyOwnedByYou') {
        // After a retry, our own earlier attempt created it and its reply was lost. Otherwise another
        // job created it between our HeadBucket and now. Either way its settings may already differ
        // from an empty bucket's, so read them again and change only what differs.
        const ours = ((err as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1) > 1;
        result.created = ours;
        logger.info(
          ours ? 'bucket.created' : 'bucket.exists',
          ours
            ? `Created ${Bucket} in ${region} (the reply to an earlier attempt was lost); reading its settings again`
            : `${Bucket} was created concurrently by another job; reading its settings again`,
          { bucket: Bucket, region },
        );
        const again = await deps.replan();
        state = again.state;
        result.changes = [
          ...result.changes
            .filter((c) => c.setting === 'bucket')
            .map((c) => (ours ? c : { ...c, skipped: 'created concurrently by another job' })),
          ...again.diff.filter((c) => c.setting !== 'bucket'),
        ];
      } else if (code === 'BucketAlreadyExists') {
        throw new TaskError(
          'awsApi',
          `The bucket name ${Bucket} belongs to another account (bucket names are global).`,
          {
            errorCode: code,
            hint: 'Choose another name in `bucket`.',
            cause: err,
          },
        );
      } else
        throw wrapAwsError(
          err,
          `CreateBucket ${Bucket}`,
          isAccessDenied(err) ? grantHint(['s3:CreateBucket'], bucketArn(Bucket, region)) : undefined,
        );
    }
    done.push('bucket');
  }

  const write = async (setting: Setting, call: () => Promise<unknown>): Promise<void> => {
    const changes = result.changes.filter((c) => c.setting === setting && !c.skipped);
    if (changes.length === 0) return;
    result.writeCount++;
    try {
      await call();
      done.push(setting);
      logger.info('bucket.changed', `Applied ${setting}`, { setting, changes: changes.length });
    } catch (err) {
      if (deps.compatibleStore && isUnsupported(err)) {
        const why = unsupportedSetting(setting, settings, logger, err);
        for (const c of changes) c.skipped = why;
        return;
      }
      const failed = wrapAwsError(
        err,
        `Changing the ${setting} of ${Bucket}`,
        isAccessDenied(err)
          ? grantHint([SETTING_PERMISSIONS[setting].write], bucketArn(Bucket, region))
          : undefined,
      );
      const before = done.length
        ? ` Applied before the failure: ${done.join(', ')}.`
        : ' Nothing was changed before it.';
      throw new TaskError(failed.kind, failed.message + before, {
        errorCode: failed.errorCode,
        hint: failed.hint,
        cause: err,
      });
    }
  };

  await write('object-ownership', () =>
    s3.send(
      new PutBucketOwnershipControlsCommand({
        Bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: settings.objectOwnership }] },
      }),
      opts,
    ),
  );
  await write('block-public-access', () =>
    s3.send(
      new PutPublicAccessBlockCommand({
        Bucket,
        PublicAccessBlockConfiguration: publicAccessBlockOf(settings.blockPublicAccess!),
      }),
      opts,
    ),
  );
  await write('encryption', () =>
    s3.send(
      new PutBucketEncryptionCommand({
        Bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: {
                SSEAlgorithm: settings.encryption!.algorithm,
                KMSMasterKeyID: settings.encryption!.kmsKeyId,
              },
              BucketKeyEnabled:
                settings.encryption!.algorithm === 'aws:kms' ? settings.encryption!.bucketKey : undefined,
            },
          ],
        },
      }),
      opts,
    ),
  );
  await write('versioning', () =>
    s3.send(
      new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: settings.versioning } }),
      opts,
    ),
  );
  await write('tags', () => {
    const tags = settings.tagsExclusive ? { ...settings.tags } : { ...state.tags, ...settings.tags };
    const TagSet = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    return TagSet.length
      ? s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet } }), opts)
      : s3.send(new DeleteBucketTaggingCommand({ Bucket }), opts);
  });
  await write('lifecycle', () => {
    // The whole configuration is replaced, so every rule that is not ours goes back as it was.
    const owned = new Set([MANAGED_RULE_ID, ...settings.lifecycleRules.map((r) => r.id)]);
    const Rules = [
      ...state.lifecycleRules.filter((r) => !owned.has(r.ID ?? '')),
      ...(settings.lifecycle ? [managedRule(settings.lifecycle)] : []),
      ...settings.lifecycleRules.filter((r) => !r.absent).map(lifecycleRuleOf),
    ];
    return Rules.length
      ? s3.send(
          new PutBucketLifecycleConfigurationCommand({
            Bucket,
            LifecycleConfiguration: { Rules },
            TransitionDefaultMinimumObjectSize: state.transitionDefaultMinimumObjectSize,
          }),
          opts,
        )
      : s3.send(new DeleteBucketLifecycleCommand({ Bucket }), opts);
  });
}
