import { ruleLine, type DeclaredRule } from '../../aws/lifecycle-rule.js';
import { durationMs, type PruneSettings } from './settings.js';

const DAY_MS = 86_400_000;

/**
 * The S3 lifecycle rule that does a prune's work inside S3 (no listing, no requests, no runner
 * minutes), as `ensure-bucket` would install it, or why none can.
 */
export interface LifecycleEquivalent {
  /** Undefined when no rule can express the selection. */
  rule?: DeclaredRule;
  /** The `lifecycle-rules` line for `ensure-bucket`. */
  line?: string;
  /** True when the rule selects what prune selects (at lifecycle's one-day granularity). */
  exact: boolean;
  /** How the rule differs from the prune, or why there is no rule. */
  notes: string[];
}

function ruleId(prefix: string): string {
  const slug = prefix
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
  return `prune-${slug || 'bucket'}`;
}

/** `older-than` in whole days, rounded up (lifecycle counts whole days), or undefined for an instant. */
function olderThanDays(settings: PruneSettings): { days: number; rounded: boolean } | undefined {
  const ms = settings.olderThan && durationMs(settings.olderThan.input);
  if (!ms) return undefined;
  const days = Math.max(1, Math.ceil(ms / DAY_MS));
  return { days, rounded: days * DAY_MS !== ms };
}

/**
 * Maps a prune to a lifecycle rule:
 * - `older-than` (a duration) on current objects → Expiration after N days;
 * - `versions: all` → also NoncurrentVersionExpiration, with NewerNoncurrentVersions for `keep-latest`;
 * - stale multipart uploads → AbortIncompleteMultipartUpload after N days.
 * Globs, folders, a fixed date and keep-latest of current objects have no lifecycle form.
 */
export function lifecycleEquivalent(settings: PruneSettings): LifecycleEquivalent {
  const none: string[] = [];
  if (settings.include.length || settings.exclude.length)
    none.push('`include`/`exclude` globs: a lifecycle rule filters by prefix, object tags and size only');
  if (settings.groupBy === 'folder')
    none.push(
      '`group-by: folder`: a lifecycle rule ages each object on its own, not a folder by its newest object',
    );
  if (settings.olderThan && !olderThanDays(settings))
    none.push(
      '`older-than` as a fixed instant: a lifecycle `Date` expires everything under the prefix from that day on, not only what is older',
    );
  if (settings.versions === 'current' && settings.keepLatest > 0)
    none.push('`keep-latest` of current objects: a lifecycle rule has no count of current objects to keep');
  const age = olderThanDays(settings);
  const notes: string[] = [];
  const uploadsOnly =
    none.length > 0 && settings.abortIncompleteUploads && age !== undefined
      ? `Stale multipart uploads alone can be handed to S3: \`id=${ruleId(settings.prefix)}-uploads${settings.prefix ? ` prefix=${JSON.stringify(settings.prefix)}` : ''} abort-incomplete-days=${age.days}\`.`
      : undefined;
  if (none.length)
    return {
      exact: false,
      notes: [
        `No S3 lifecycle rule can express this selection: ${none.join('; ')}.`,
        ...(uploadsOnly ? [uploadsOnly] : []),
      ],
    };

  const rule: DeclaredRule = { id: ruleId(settings.prefix), prefix: settings.prefix, absent: false };
  let exact = true;
  if (age) {
    rule.expireDays = age.days;
    if (age.rounded) {
      exact = false;
      notes.push(
        `\`older-than: ${settings.olderThan!.input}\` is rounded up to ${age.days} day${age.days === 1 ? '' : 's'}: lifecycle counts whole days.`,
      );
    }
    if (settings.abortIncompleteUploads) rule.abortIncompleteDays = age.days;
  }
  if (settings.versions === 'all') {
    rule.noncurrentDays = age?.days ?? 1;
    exact = false;
    notes.push(
      'A noncurrent version counts its days from when it was replaced, not from its creation as in prune: S3 keeps it longer, never shorter.',
    );
    if (settings.keepLatest > 0) {
      rule.keepNoncurrent = Math.min(settings.keepLatest, 100);
      notes.push(
        `\`keep-latest: ${settings.keepLatest}\` becomes NewerNoncurrentVersions ${rule.keepNoncurrent}: S3 keeps the ${rule.keepNoncurrent} newest noncurrent versions of every key, where prune keeps the ${settings.keepLatest} newest keys.`,
      );
      if (!age) delete rule.expireDays;
    }
  }
  if (
    rule.expireDays === undefined &&
    rule.noncurrentDays === undefined &&
    rule.abortIncompleteDays === undefined
  )
    return { exact: false, notes: ['No S3 lifecycle rule can express this selection.'] };
  notes.unshift(
    'S3 applies lifecycle rules once a day, asynchronously, at no request cost: objects go within about a day of qualifying, not at the minute.',
  );
  return { rule, line: ruleLine(rule), exact, notes };
}
