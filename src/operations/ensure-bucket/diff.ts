import type { LifecycleRule } from '@aws-sdk/client-s3';
import type { EncryptionSettings, EnsureBucketSettings, LifecycleSettings } from './settings.js';
import type { BucketState, PublicAccessBlock, Setting } from './state.js';
import { lifecycleRuleOf } from '../../aws/lifecycle-rule.js';
import { MANAGED_RULE_ID } from './lifecycle-rules.js';

/**
 * The id of the rule the single-rule inputs manage; rules of `lifecycle-rules` are owned by their own
 * IDs, and every other rule is left alone.
 */
export { MANAGED_RULE_ID };

/** One difference between the bucket and its declaration: `+` added, `~` changed, `-` removed. */
export interface Change {
  setting: Setting | 'bucket';
  op: '+' | '~' | '-';
  /** The tag key, for tag changes. */
  key?: string;
  from?: string;
  to?: string;
  /** Why the change will not be applied (a default the store cannot do). */
  skipped?: string;
}

export function describeEncryption(e: EncryptionSettings | undefined): string {
  if (!e) return 'none';
  if (e.algorithm === 'AES256') return 'AES256 (SSE-S3)';
  return `aws:kms (key ${e.kmsKeyId ?? 'aws/s3'}, bucket key ${e.bucketKey ? 'on' : 'off'})`;
}

function sameKey(current: string | undefined, wanted: string | undefined): boolean {
  if (current === wanted) return true;
  if (!current || !wanted) return false;
  return current.endsWith(`/${wanted}`) || current.endsWith(`:${wanted}`) || wanted.endsWith(`/${current}`);
}

function sameEncryption(current: EncryptionSettings | undefined, wanted: EncryptionSettings): boolean {
  if (!current || current.algorithm !== wanted.algorithm) return false;
  if (wanted.algorithm === 'AES256') return true;
  return sameKey(current.kmsKeyId, wanted.kmsKeyId) && current.bucketKey === wanted.bucketKey;
}

export function publicAccessBlockOf(on: boolean): PublicAccessBlock {
  return { BlockPublicAcls: on, IgnorePublicAcls: on, BlockPublicPolicy: on, RestrictPublicBuckets: on };
}

function describePublicAccessBlock(p: PublicAccessBlock | undefined): string {
  if (!p) return 'not configured';
  const on = Object.entries(p)
    .filter(([, v]) => v)
    .map(([k]) => k);
  if (on.length === 4) return 'all four on';
  if (on.length === 0) return 'all off';
  return `only ${on.join(', ')}`;
}

export function managedRule(l: LifecycleSettings): LifecycleRule {
  return {
    ID: MANAGED_RULE_ID,
    Status: 'Enabled',
    Filter: { Prefix: l.prefix },
    ...(l.expireAfterDays !== undefined ? { Expiration: { Days: l.expireAfterDays } } : {}),
    ...(l.abortIncompleteDays > 0
      ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: l.abortIncompleteDays } }
      : {}),
  };
}

/** The managed rule's meaning, in the form both sides are compared in. */
export function describeRule(rule: LifecycleRule | undefined): string {
  if (!rule) return 'none';
  const prefix = rule.Filter?.Prefix ?? rule.Prefix ?? rule.Filter?.And?.Prefix ?? '';
  const parts = [
    rule.Expiration?.Days !== undefined ? `expire after ${rule.Expiration.Days} days` : undefined,
    rule.Expiration?.ExpiredObjectDeleteMarker ? 'remove expired delete markers' : undefined,
    rule.NoncurrentVersionExpiration?.NoncurrentDays !== undefined
      ? `expire noncurrent versions after ${rule.NoncurrentVersionExpiration.NoncurrentDays} days${
          rule.NoncurrentVersionExpiration.NewerNoncurrentVersions !== undefined
            ? ` keeping the newest ${rule.NoncurrentVersionExpiration.NewerNoncurrentVersions}`
            : ''
        }`
      : undefined,
    rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined
      ? `abort incomplete uploads after ${rule.AbortIncompleteMultipartUpload.DaysAfterInitiation} days`
      : undefined,
  ].filter(Boolean);
  const extra =
    rule.Filter?.Tag ||
    rule.Filter?.And?.Tags?.length ||
    rule.Filter?.ObjectSizeGreaterThan !== undefined ||
    rule.Filter?.ObjectSizeLessThan !== undefined ||
    rule.Filter?.And?.ObjectSizeGreaterThan !== undefined ||
    rule.Filter?.And?.ObjectSizeLessThan !== undefined ||
    rule.Transitions?.length ||
    rule.NoncurrentVersionTransitions?.length ||
    rule.Expiration?.Date
      ? ', plus other clauses'
      : '';
  return `${parts.join('; ') || 'no actions'} under ${prefix ? `\`${prefix}\`` : 'the whole bucket'}${rule.Status === 'Enabled' ? '' : ` (${rule.Status})`}${extra}`;
}

/**
 * Computes every difference between the declared settings and the bucket as it is. Long because it
 * is one comparison per managed setting (and per declared lifecycle rule), in the order of the plan.
 */
export function diffBucket(settings: EnsureBucketSettings, state: BucketState, region: string): Change[] {
  const changes: Change[] = [];
  if (!state.exists) changes.push({ setting: 'bucket', op: '+', to: `${settings.bucket} in ${region}` });

  if (settings.versioning) {
    const current = state.versioning;
    // A bucket that never had versioning behaves like a suspended one: nothing to change.
    const same =
      current === settings.versioning || (current === undefined && settings.versioning === 'Suspended');
    if (!same)
      changes.push({
        setting: 'versioning',
        op: current ? '~' : '+',
        from: current,
        to: settings.versioning,
      });
  }
  if (settings.encryption && !sameEncryption(state.encryption, settings.encryption))
    changes.push({
      setting: 'encryption',
      op: state.encryption ? '~' : '+',
      from: state.encryption ? describeEncryption(state.encryption) : undefined,
      to: describeEncryption(settings.encryption),
    });
  if (settings.blockPublicAccess !== undefined) {
    const wanted = publicAccessBlockOf(settings.blockPublicAccess);
    // An existing bucket without a configuration blocks nothing; a new one starts with all four blocks
    // on (AWS, since April 2023), so a bucket about to be created always gets the declared configuration.
    const current = state.publicAccessBlock ?? (state.exists ? publicAccessBlockOf(false) : undefined);
    if (JSON.stringify(current) !== JSON.stringify(wanted))
      changes.push({
        setting: 'block-public-access',
        op: state.publicAccessBlock ? '~' : '+',
        from: state.publicAccessBlock ? describePublicAccessBlock(state.publicAccessBlock) : undefined,
        to: describePublicAccessBlock(wanted),
      });
  }
  if (settings.objectOwnership && state.objectOwnership !== settings.objectOwnership)
    changes.push({
      setting: 'object-ownership',
      op: state.objectOwnership ? '~' : '+',
      from: state.objectOwnership,
      to: settings.objectOwnership,
    });

  for (const [key, value] of Object.entries(settings.tags)) {
    if (!(key in state.tags)) changes.push({ setting: 'tags', op: '+', key, to: value });
    else if (state.tags[key] !== value)
      changes.push({ setting: 'tags', op: '~', key, from: state.tags[key], to: value });
  }
  if (settings.tagsExclusive)
    for (const [key, value] of Object.entries(state.tags))
      if (!(key in settings.tags)) changes.push({ setting: 'tags', op: '-', key, from: value });

  const current = state.lifecycleRules.find((r) => r.ID === MANAGED_RULE_ID);
  const wanted = settings.lifecycle ? managedRule(settings.lifecycle) : undefined;
  if (wanted && describeRule(current) !== describeRule(wanted))
    changes.push({
      setting: 'lifecycle',
      op: current ? '~' : '+',
      from: current ? describeRule(current) : undefined,
      to: describeRule(wanted),
    });
  if (!wanted && current) changes.push({ setting: 'lifecycle', op: '-', from: describeRule(current) });

  for (const declared of settings.lifecycleRules) {
    const stored = state.lifecycleRules.find((r) => r.ID === declared.id);
    if (declared.absent) {
      if (stored)
        changes.push({ setting: 'lifecycle', op: '-', key: declared.id, from: describeRule(stored) });
      continue;
    }
    const rule = lifecycleRuleOf(declared);
    if (describeRule(stored) !== describeRule(rule))
      changes.push({
        setting: 'lifecycle',
        op: stored ? '~' : '+',
        key: declared.id,
        from: stored ? describeRule(stored) : undefined,
        to: describeRule(rule),
      });
  }

  return changes;
}

/** How a change reads in logs and the summary: `~ versioning: Suspended → Enabled`. */
export function formatChange(c: Change): string {
  const name = c.key !== undefined ? `${c.setting}.${c.key}` : c.setting;
  const body =
    c.op === '~' ? `${c.from ?? 'none'} → ${c.to ?? 'none'}` : c.op === '+' ? (c.to ?? '') : (c.from ?? '');
  return `${c.op} ${name}: ${body}${c.skipped ? ` (skipped: ${c.skipped})` : ''}`;
}
